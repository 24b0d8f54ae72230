/**
 * R19, R20: on-site collection (functions/domain/collection.ts). Staff of a city (or the province) set
 * the exam's collection site in the city; the portal shows the candidate's site with its dates, hours
 * and what to bring; a printable list per site of the candidates to collect there; staff record a
 * collection after the ID check (the last six characters typed back, compared here) or by a proxy (the
 * proxy's ID number masked and hashed, the authorisation letter an upload like a material), in one
 * transaction with its audit record and the candidate's SMS.
 */
import { keys } from '../data/tables.js';
import {
  type CollectionInput,
  type CollectionSite,
  checkIdTail,
  collectionRecord,
  DEFAULT_BRING,
  type SiteInput,
  siteView,
} from '../domain/collection.js';
import { authorize, cityScope, mayReadCandidate } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import { applyEvent, candidateDeadlines, examScheduleOf, phaseOf } from '../domain/lifecycle.js';
import { maskIdNumber } from '../domain/masking.js';
import { ruledOutByScan, type UploadInput } from '../domain/materials.js';
import { isHenanCity } from '../domain/regions.js';
import { paperStatusWords } from '../domain/wording.js';
import * as z from '../domain/zod.js';
import { loadCalendar } from '../lib/calendar.js';
import { deadlinePage, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { getSite, paperStatusFor, sitesOf } from '../lib/collection-sites.js';
import { readCursor, signCursor } from '../lib/cursor.js';
import { tableName, transact } from '../lib/db.js';
import { personIdOf } from '../lib/ids.js';
import { readMaterial } from '../lib/materials.js';
import { type Actor, actorLabel, type StaffActor } from './actor.js';
import { batchesStartedBy } from './batches.js';
import { commitOutcome, loadCandidate } from './candidate-change.js';
import { CITIES } from './jobs.js';
import { handOutUploadUrl } from './materials.js';

/** The exam, if the staff member sees it; and may hand out certificates in the city (R1, R19). */
async function siteExam(actor: StaffActor, examId: string, city: string) {
  const exam = await getExam(examId);
  if (!exam || (actor.dept.kind !== 'hr' && !actor.dept.examTypes.includes(exam.examType)))
    throw notFound('考试');
  if (!isHenanCity(city))
    throw new DomainError('VALIDATION', '城市代码应为河南省地市代码', {
      fields: [{ field: 'city', message: '城市代码应为河南省地市代码，如 4101（郑州市）' }],
    });
  authorize(actor.dept, 'certificate.handOut', { examType: exam.examType, city });
  return exam;
}

/** R19: set (or change) the exam's collection site in a city. */
export async function putSite(actor: StaffActor, examId: string, city: string, input: SiteInput) {
  await siteExam(actor, examId, city);
  const prev = await getSite(examId, city);
  const site: CollectionSite = {
    ...input,
    bring: input.bring ?? DEFAULT_BRING,
    examId,
    city,
    updatedAt: now().toISOString(),
    updatedBy: actor.dept.name,
    version: (prev?.version ?? 0) + 1,
  };
  await transact(
    [
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...site, ...keys.collectionSite(examId, city) },
          ...(prev
            ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': prev.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'collection.siteSet',
        actor: actorLabel(actor),
        details: { rule: 'R19', city, opensOn: site.opensOn, closesOn: site.closesOn },
      },
      conflict: '领取点已被他人修改，请刷新后重试',
    },
  );
  return siteView(site);
}

/** The exam's sites in the cities the staff member sees (a municipal verifier: its own city). */
export async function listSites(actor: StaffActor, examId: string) {
  const exam = await getExam(examId);
  if (!exam || (actor.dept.kind !== 'hr' && !actor.dept.examTypes.includes(exam.examType)))
    throw notFound('考试');
  const own = cityScope(actor.dept);
  const sites = await sitesOf(examId, own ? [own] : CITIES);
  return { items: sites.map(siteView) };
}

/** The candidate, if the reader may see them (R1, R24): anyone else is told nothing exists. */
function visible(reader: Actor, c: StoredCandidate) {
  if (reader.kind === 'system' || !mayReadCandidate(reader, c)) throw notFound('考生记录');
}

/**
 * R19, R20: where the candidate's on-site certificate stands, their site (by their city) with its dates,
 * hours and what to bring, the day custody ends, and — once it was — hr's receipt of the transfer.
 */
export async function collectionOf(reader: Actor, examId: string, personId: string) {
  if (reader.kind === 'candidate' && reader.personId !== personId) throw notFound('考生记录');
  // none on record: loadCandidate's 404; a failed read stays a failure (500), never "no such candidate"
  const l = await loadCandidate(examId, personId);
  const c = l.candidate;
  visible(reader, c);
  const p = phaseOf(c, l.exam, l.deadlines);
  const { status, site, receipt } = await paperStatusFor(c, p.phase);
  const { proxy, ...collection } = c.collection ?? { by: undefined };
  return {
    status,
    statusWords: status ? paperStatusWords[status] : null,
    site: site ? siteView(site) : null,
    custodyEnds: { date: l.deadlines.dates.custodyEnds, endsAt: l.deadlines.custodyEnds },
    collection: c.collection
      ? { ...collection, ...(proxy ? { proxy: { name: proxy.name, idMasked: proxy.idMasked } } : {}) }
      : null,
    transfer:
      status === 'transferred' && receipt
        ? { reference: receipt.reference, receivedAt: receipt.receivedAt }
        : null,
  };
}

/** The staff member's candidate, in scope to hand out (R1, R19). */
async function handOutCandidate(actor: StaffActor, examId: string, personId: string) {
  const l = await loadCandidate(examId, personId);
  visible(actor, l.candidate);
  authorize(actor.dept, 'certificate.handOut', { examType: l.exam.examType, city: l.candidate.city });
  return l;
}

/** R19: a URL to upload a proxy's authorisation letter to (PDF, JPEG or PNG), a material of the candidate's. */
export async function letterUploadUrl(
  actor: StaffActor,
  examId: string,
  personId: string,
  input: UploadInput,
) {
  await handOutCandidate(actor, examId, personId);
  return handOutUploadUrl(actor, personId, examId, input, 'staff');
}

const letterMissing = () =>
  new DomainError('VALIDATION', '请先上传代领委托书，上传完成后再确认领取', {
    fields: [{ field: 'proxy.letterMaterialId', message: '请先上传代领委托书，上传完成后再确认领取' }],
  });

/**
 * R19: record that the certificate was handed out — to the candidate after the ID check (the last six
 * characters compared here; wrong: 400, nothing written) or to a proxy with the letter uploaded — in
 * one transaction with the audit record and the candidate's SMS.
 */
export async function recordCollection(
  actor: StaffActor,
  examId: string,
  personId: string,
  input: CollectionInput,
) {
  const l = await handOutCandidate(actor, examId, personId);
  const c = l.candidate;
  if (input.by === 'self') checkIdTail(c.idNumber, input.idLast6);
  else {
    const letter = input.proxy
      ? await readMaterial(personId, examId, input.proxy.letterMaterialId)
      : undefined;
    if (!letter || ruledOutByScan(letter)) throw letterMissing();
  }
  const at = now();
  const site = await getSite(examId, c.city);
  const record = collectionRecord(
    input,
    at.toISOString(),
    { city: c.city, siteName: site?.name, deptName: actor.dept.name },
    personIdOf,
  );
  const outcome = applyEvent(c, l.exam, l.deadlines, { type: 'collected', collection: record }, at);
  // N3: the first certificate of a batch handed out on site starts the batch's distribution
  const started = await batchesStartedBy(examId, c.city, [c], at.toISOString());
  const { candidate } = await commitOutcome(
    l,
    {
      ...outcome,
      details: {
        rule: 'R19',
        by: record.by,
        ...(record.proxy
          ? { letterMaterialId: record.proxy.letterMaterialId, proxyIdMasked: record.proxy.idMasked }
          : {}),
      },
    },
    actorLabel(actor),
    started,
  );
  return {
    collectedAt: candidate.lifecycle?.collectedAt ?? at.toISOString(),
    by: record.by,
    ...(record.proxy ? { proxy: { name: record.proxy.name, idMasked: record.proxy.idMasked } } : {}),
    statusWords: paperStatusWords.collected,
  };
}

/**
 * R19: the candidates to collect at a site (the exam's city), a page at a time, for the printable list:
 * those whose next deadline is custody's end (the collection phase, the byDeadline index), checked
 * again against their phase.
 */
export async function siteCandidates(
  actor: StaffActor,
  examId: string,
  city: string,
  page: { limit: number; cursor?: string | undefined },
) {
  const exam = await siteExam(actor, examId, city);
  const context = `site-list:${examId}:${city}`;
  const after = page.cursor
    ? readCursor(context, page.cursor, z.string().check(z.maxLength(200)))
    : undefined;
  const cal = await loadCalendar();
  const ends = new Date(examScheduleOf(cal, exam).schedule.custodyEnds.endsAt).toISOString();
  const { items, exhausted } = await deadlinePage(examId, city, {
    limit: page.limit,
    after,
    range: { from: `${ends}#`, to: `${ends}#~` },
  });
  const rows = items
    .filter((c) => phaseOf(c, exam, candidateDeadlines(cal, exam, c)).phase === 'collection')
    .map((c) => ({
      personId: c.personId,
      candidateNo: c.candidateNo ?? null,
      name: c.name,
      idNumberMasked: maskIdNumber(c.idNumber),
      certificateNumber: c.certificate?.number ?? null,
      failedDeliveries: c.lifecycle?.deliveryFailures ?? 0,
    }));
  const last = items.at(-1);
  return { items: rows, cursor: !exhausted && last ? signCursor(context, last.sortKey) : null };
}
