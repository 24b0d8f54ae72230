/** The routes of functions/handlers/collection.ts, in the one route list (functions/routes.ts). */

import { collectionInputSchema, siteInputSchema } from '../domain/collection.js';
import { uploadInputSchema } from '../domain/materials.js';
import * as z from '../domain/zod.js';
import { candidatePath, examIdPath, henanCity, pageCursor, pageLimit } from './params.js';
import type { RouteSpec } from './spec.js';

/** R19: an exam's collection site in a city. */
export const sitePath = z.extend(examIdPath, {
  city: henanCity,
});
export const siteListQuery = z.object({
  limit: pageLimit,
  cursor: pageCursor,
});

export const api = {
  putCollectionSite: {
    method: 'PUT',
    path: '/api/exams/{examId}/collection-sites/{city}',
    module: 'collection',
    exportName: 'putCollectionSite',
    summary:
      "R19: the exam's collection site in a city — name, address, dates (opensOn–closesOn), hours, what to bring — set by the verifier of the city or the province",
    access: 'staff',
    input: { path: sitePath, body: siteInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listCollectionSites: {
    method: 'GET',
    path: '/api/exams/{examId}/collection-sites',
    module: 'collection',
    exportName: 'listCollectionSites',
    summary: "R19: the exam's collection sites in the cities the caller sees (a municipal verifier: its own)",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listSiteCandidates: {
    method: 'GET',
    path: '/api/exams/{examId}/collection-sites/{city}/candidates',
    module: 'collection',
    exportName: 'listSiteCandidates',
    summary:
      "R19: the candidates to collect at the city's site (on site, not collected), a page at a time, for the printable A4 list (ID numbers masked)",
    access: 'staff',
    input: { path: sitePath, query: siteListQuery },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCollection: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/collection',
    module: 'collection',
    exportName: 'getCollection',
    summary:
      "R19, R20: where the candidate's on-site certificate stands (待现场领取, 代为保管, 已移交, 已领取), their site with dates, hours and what to bring, custody's end, hr's receipt — for the candidate themself or staff who see the candidate",
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postLetterUploadUrl: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/collection/letter-upload-url',
    module: 'collection',
    exportName: 'postLetterUploadUrl',
    summary:
      "R19: staff at the counter: a URL (valid 15 minutes) to PUT a proxy's authorisation letter to (PDF, JPEG or PNG, ≤ 10 MB), kept as a material of the candidate's → { materialId, url }",
    access: 'staff',
    input: { path: candidatePath, body: uploadInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['materials'],
  },
  postCollection: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/collection',
    module: 'collection',
    exportName: 'postCollection',
    summary:
      "R19: record an on-site collection — by: self with idLast6 (the ID card's last six characters, compared on the server) or by: proxy with the proxy's name, ID number (stored masked and hashed) and the uploaded letter; with the audit record and the candidate's SMS; until custody ends (R20)",
    access: 'staff',
    input: { path: candidatePath, body: collectionInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: true,
    lifecycle: 'wake',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/collection.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
