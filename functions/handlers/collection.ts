/**
 * On-site collection (R19, R20; functions/acts/collection.ts): the sites, the printable list of a site,
 * a candidate's collection status, the proxy letter's upload URL and the record of a collection.
 */
import { actorOf, staffActorOf } from '../acts/actor.js';
import {
  collectionOf,
  letterUploadUrl,
  listSites,
  putSite,
  recordCollection,
  siteCandidates,
} from '../acts/collection.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/collection.js';

/** PUT /api/exams/{examId}/collection-sites/{city} — set the city's site. */
export const putCollectionSite = httpHandler(api.putCollectionSite, async ({ who, path, body }) =>
  putSite(await staffActorOf(who), path.examId, path.city, body),
);

/** GET /api/exams/{examId}/collection-sites — the exam's sites. */
export const listCollectionSites = httpHandler(api.listCollectionSites, async ({ who, path }) =>
  listSites(await staffActorOf(who), path.examId),
);

/** GET /api/exams/{examId}/collection-sites/{city}/candidates — the site's list, a page. */
export const listSiteCandidates = httpHandler(api.listSiteCandidates, async ({ who, path, query }) =>
  siteCandidates(await staffActorOf(who), path.examId, path.city, query),
);

/** GET /api/exams/{examId}/candidates/{personId}/collection — where the certificate stands. */
export const getCollection = httpHandler(api.getCollection, async ({ who, path }) =>
  collectionOf(await actorOf(who), path.examId, path.personId),
);

/** POST …/collection/letter-upload-url — the proxy letter's upload URL. */
export const postLetterUploadUrl = httpHandler(api.postLetterUploadUrl, async ({ who, path, body }) => ({
  status: 201,
  body: await letterUploadUrl(await staffActorOf(who), path.examId, path.personId, body),
}));

/** POST …/collection — record the collection. */
export const postCollection = httpHandler(api.postCollection, async ({ who, path, body }) => ({
  status: 201,
  body: await recordCollection(await staffActorOf(who), path.examId, path.personId, body),
}));
