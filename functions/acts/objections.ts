/**
 * Objections during the notice (R6): anyone may object to a candidate on the published list while its
 * period runs — which candidate (by candidate number), the facts, a contact, optionally a document. The
 * objection, the candidate's and the notice's counts and the audit record are one transaction; staff who
 * see the candidate read its objections and download the attachment.
 *
 * Limits (functions/domain/objections.ts): per client in fixed windows, counted in the auth table by
 * the same counters the sign-in uses (lib/login-codes.ts countInWindow); overall a token bucket in the
 * process (and the route's throttle on AWS). The objector's contact is never logged nor audited.
 */
import type { Readable } from 'node:stream';
import { keys } from '../data/tables.js';
import { mayReadCandidate } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import { documentTypes, SNIFF_BYTES, sniffDocumentType } from '../domain/files.js';
import { assertObjectionsOpen, type ObjectionInput } from '../domain/notices.js';
import {
  attachmentKey,
  attachmentProblem,
  candidateNamed,
  clientObjectionProblem,
  examIdOfNotice,
  MAX_ATTACHMENT_BYTES,
  newObjection,
  OBJECTION_LIMITS,
  type ObjectionAttachment,
  objectionsBusy,
  objectionView,
} from '../domain/objections.js';
import { windowOf } from '../domain/sign-in-limits.js';
import { candidatesByNumber, readCandidate } from '../lib/candidates.js';
import { getNotice } from '../lib/catalog.js';
import { now as clockNow } from '../lib/clock.js';
import { transact } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { clientKeyOf, newId } from '../lib/ids.js';
import { countInWindow } from '../lib/login-codes.js';
import {
  candidateObjectionCounted,
  listObjections,
  noticeObjectionCounted,
  objectionPut,
  readObjection,
} from '../lib/objections.js';
import { TokenBucket } from '../lib/rate-limit.js';
import type { StaffActor } from './actor.js';

/** The whole service's objections, in this process (on AWS the API stage throttles the route as well). */
const overall = new TokenBucket(OBJECTION_LIMITS.overall);

const clientCounter = (client: string, index: number) => `o#${client}#${index}`;

export interface ObjectionFile {
  bytes: Buffer;
  /** more bytes were sent than were read (the limit plus one) */
  truncated: boolean;
}

export interface ObjectionReceipt {
  objectionId: string;
  noticeId: string;
  receivedAt: string;
}

/** POST /api/public/notices/{noticeId}/objections: an objection, checked, counted and recorded. */
export async function raiseObjection(
  noticeId: string,
  input: ObjectionInput,
  file: ObjectionFile | undefined,
  clientAddress: string,
  at = clockNow(),
): Promise<ObjectionReceipt> {
  if (!overall.tryTake()) throw objectionsBusy();
  const examId = examIdOfNotice(noticeId);
  const notice = examId ? await getNotice(examId) : undefined;
  if (!notice || notice.noticeId !== noticeId) throw notFound('公示');
  // R6: only while it is published and its period runs (after it: 409 with its end)
  assertObjectionsOpen(notice, at);
  const type = file ? sniffDocumentType(file.bytes.subarray(0, SNIFF_BYTES)) : null;
  if (file) {
    const problem = attachmentProblem(type, file.truncated ? MAX_ATTACHMENT_BYTES + 1 : file.bytes.length);
    if (problem) throw problem;
  }
  // counted before deciding (objections sent together each count), by the client's network
  const t = at.getTime();
  const w = windowOf(t, OBJECTION_LIMITS.client.windowMs);
  const counted = await countInWindow(clientCounter(clientKeyOf(clientAddress), w.index), w.ends, 'starts');
  const limited = clientObjectionProblem({ count: counted.starts, windowEnds: w.ends }, t);
  if (limited) throw limited;
  const candidate = candidateNamed(await candidatesByNumber(notice.examId, input.candidateNo));
  const objectionId = newId(at);
  let attachment: ObjectionAttachment | undefined;
  if (file && type) {
    attachment = { key: attachmentKey(notice.examId, objectionId, type), type, bytes: file.bytes.length };
    // the file first: if the record then fails, an unreferenced file is left, never a record without its file
    await fileStore().put(attachment.key, file.bytes, documentTypes[type].mime);
  }
  const objection = newObjection({
    objectionId,
    notice,
    personId: candidate.personId,
    input,
    attachment,
    now: at,
  });
  await transact(
    [
      objectionPut(objection),
      candidateObjectionCounted(notice.examId, candidate.personId),
      noticeObjectionCounted(notice.examId),
    ],
    {
      audit: {
        subject: keys.auditSubjectCandidate(notice.examId, candidate.personId),
        action: 'objection.received',
        actor: 'anonymous',
        // never the contact or the facts: the audit trail is read more widely than the objection
        details: { objectionId, noticeId, attachment: type },
      },
      conflict: '公示状态刚发生变化，异议未能提交，请刷新公示页面后重试',
    },
  );
  return { objectionId, noticeId, receivedAt: objection.receivedAt };
}

async function objectionsCandidate(actor: StaffActor, examId: string, personId: string) {
  const cand = await readCandidate(examId, personId);
  // R1: staff who see the candidate; anyone else is told it does not exist
  if (!cand || !mayReadCandidate(actor, cand)) throw notFound('考生记录');
  return cand;
}

/** GET …/candidates/{personId}/objections: the candidate's objections, for staff who see the candidate. */
export async function candidateObjections(actor: StaffActor, examId: string, personId: string) {
  await objectionsCandidate(actor, examId, personId);
  const items = await listObjections(personId, examId);
  items.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return { items: items.map(objectionView) };
}

/** GET …/objections/{objectionId}/attachment: the document attached to an objection. */
export async function objectionAttachment(
  actor: StaffActor,
  examId: string,
  personId: string,
  objectionId: string,
): Promise<{ bytes: Buffer; mime: string; filename: string }> {
  await objectionsCandidate(actor, examId, personId);
  const o = await readObjection(personId, examId, objectionId);
  if (!o?.attachment) throw notFound('异议附件');
  const stream = await fileStore().read(o.attachment.key);
  if (!stream) throw notFound('异议附件');
  const chunks: Buffer[] = [];
  for await (const c of stream as Readable) chunks.push(Buffer.from(c as Uint8Array));
  return {
    bytes: Buffer.concat(chunks),
    mime: documentTypes[o.attachment.type].mime,
    filename: `objection-${objectionId}.${o.attachment.type}`,
  };
}
