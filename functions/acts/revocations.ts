/**
 * Revocation with due process (R14, R15, N1): open a case, serve the proposed decision (letter in the
 * portal + SMS), the candidate's statement and defence (or waiver), the decision and its four-eyes
 * approval. Each step: load → parties (anyone else: 404) → the act's rule (403) → the domain
 * (functions/domain/revocations.ts) → the case, its audit record and its messages in one transaction.
 * An approved revocation is the `revoked` lifecycle event, in the same transaction (R14).
 */
import { keys } from '../data/tables.js';
import { authorize, mayReadCandidate } from '../domain/departments.js';
import { DomainError, forbidden, notFound } from '../domain/errors.js';
import { applyEvent } from '../domain/lifecycle.js';
import { ruledOutByScan } from '../domain/materials.js';
import { smsMessage } from '../domain/outbox.js';
import { counterDeltas } from '../domain/queue.js';
import {
  type ApprovalInput,
  approveCase,
  type CaseDecisionInput,
  type CaseStaff,
  candidateView,
  caseIdOf,
  type DefenceInput,
  decideCase,
  decisionLetter,
  defencePeriod,
  defenceSettingOf,
  defend,
  type OpenCaseInput,
  openCase,
  parseCaseId,
  proposalLetter,
  type RevocationCase,
  type ServeInput,
  serveProposal,
  staffView,
} from '../domain/revocations.js';
import { notices } from '../domain/wording.js';
import { openCaseRef } from '../domain/work.js';
import { loadCalendar } from '../lib/calendar.js';
import { candidatePut, counterUpdates, readCandidate, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { type TxItem, transact } from '../lib/db.js';
import { newId } from '../lib/ids.js';
import { readMaterial } from '../lib/materials.js';
import { casePut, readCase } from '../lib/revocations.js';
import { type Actor, actorLabel, type StaffActor } from './actor.js';
import { commitOutcome, loadCandidate } from './candidate-change.js';
import { stopRevoked } from './lifecycle.js';

const CASE = '撤销资格案件';

const staffOf = (a: StaffActor): CaseStaff => ({
  username: a.username,
  deptId: a.dept.id,
  deptName: a.dept.name,
});

/**
 * The candidate record carries its open case (functions/domain/work.ts) so the work queue finds and
 * counts it: the record and its work counter are written in the case step's own transaction.
 */
function caseOnRecord(cand: StoredCandidate, rc: RevocationCase): TxItem[] {
  const { openCase: _was, ...rest } = cand;
  const ref = openCaseRef(rc);
  const next: StoredCandidate = { ...rest, ...(ref ? { openCase: ref } : {}), version: cand.version + 1 };
  return [
    candidatePut(next, cand.version),
    ...counterUpdates(cand.examId, counterDeltas(cand, next), cand.personId),
  ];
}

/** R14, R15: hr or a provincial verifier (in scope) opens a case against a candidate, at any time. */
export async function openRevocation(actor: Actor, examId: string, personId: string, input: OpenCaseInput) {
  if (actor.kind !== 'staff') throw notFound('考生记录');
  const c = await readCandidate(examId, personId);
  if (!c || !mayReadCandidate({ kind: 'staff', dept: actor.dept }, c)) throw notFound('考生记录');
  authorize(actor.dept, 'candidate.revoke', { examType: c.examType, city: c.city });
  if (c.status === 'revoked') throw new DomainError('CONFLICT', '该考生资格已撤销（R14）');
  const at = now();
  const rc = openCase(
    input,
    { caseId: caseIdOf(examId, personId, newId(at)), examId, personId, examType: c.examType, city: c.city },
    staffOf(actor),
    at,
  );
  await transact([casePut(rc), ...caseOnRecord(c, rc)], {
    audit: {
      subject: keys.auditSubjectCandidate(examId, personId),
      action: 'revocation.opened',
      actor: actorLabel(actor),
      details: {
        caseId: rc.caseId,
        ground: rc.ground,
        articles: rc.articles,
        referredToJudiciary: rc.referredToJudiciary,
      },
    },
  });
  return { caseId: rc.caseId };
}

/** The case and its candidate, for a party: the candidate themself or staff in scope; anyone else 404. */
async function loadFor(actor: Actor, caseId: string): Promise<{ rc: RevocationCase; cand: StoredCandidate }> {
  const p = parseCaseId(caseId);
  if (!p || actor.kind === 'system') throw notFound(CASE);
  if (actor.kind === 'candidate' && actor.personId !== p.personId) throw notFound(CASE);
  const [rc, cand] = await Promise.all([readCase(caseId), readCandidate(p.examId, p.personId)]);
  if (!rc || !cand || !mayReadCandidate(actor, cand)) throw notFound(CASE);
  return { rc, cand };
}

/** A staff act on a case: a party, and the act's rule (R14, N1: hr or the provincial verifier). */
async function loadForStaff(actor: Actor, caseId: string) {
  const l = await loadFor(actor, caseId);
  if (actor.kind !== 'staff') throw forbidden('只有工作人员可以办理（N1）');
  authorize(actor.dept, 'candidate.revoke', { examType: l.cand.examType, city: l.cand.city });
  return { ...l, actor };
}

const audit = (rc: RevocationCase, action: string, actor: Actor, details: Record<string, unknown> = {}) => ({
  subject: keys.auditSubjectCandidate(rc.examId, rc.personId),
  action,
  actor: actorLabel(actor),
  details: { caseId: rc.caseId, ...details },
});

const examNameOf = async (examId: string) => (await getExam(examId))?.name ?? examId;

/** N1: serve the proposed decision: the letter in the portal and its SMS, in one transaction. */
export async function serveRevocationProposal(actor: Actor, caseId: string, input: ServeInput = {}) {
  const { rc, cand, actor: staff } = await loadForStaff(actor, caseId);
  const [examName, cal] = await Promise.all([examNameOf(rc.examId), loadCalendar()]);
  const at = now();
  const setting = defenceSettingOf(input);
  const period = defencePeriod(cal, at, setting);
  const next = serveProposal(
    rc,
    staffOf(staff),
    (due) => proposalLetter(rc, { name: cand.name, examName }, due, setting, at),
    period,
    setting,
    at,
  );
  await transact([casePut(next, rc.version), ...caseOnRecord(cand, next)], {
    audit: audit(rc, 'revocation.proposed', actor, { defenceDue: period.due, defenceSource: setting.source }),
    messages: [
      smsMessage(
        newId(at),
        cand.phone,
        notices.revocationProposed(examName, period.endsAt),
        at,
        cand.personId,
      ),
    ],
    conflict: '案件已被他人更新，请刷新后重试',
  });
  return staffView(next, at);
}

/** N1: the candidate's statement and defence (with their own materials), or a waiver: once, within the period. */
export async function defendRevocation(actor: Actor, caseId: string, input: DefenceInput) {
  const { rc, cand } = await loadFor(actor, caseId);
  if (actor.kind !== 'candidate') throw forbidden('陈述申辩由考生本人提交（N1）');
  if (!input.waive) {
    const found = await Promise.all(
      (input.materialIds ?? []).map((id) => readMaterial(rc.personId, rc.examId, id)),
    );
    // R23: a file the malware scan ruled out (a threat, or one it could not look into) is not theirs to hand in
    const bad = found.findIndex((m) => !m || ruledOutByScan(m));
    if (bad >= 0)
      throw new DomainError('VALIDATION', '材料不存在，请从您已提交的材料中选择', {
        fields: [{ field: `materialIds.${bad}`, message: '材料不存在，请从您已提交的材料中选择' }],
      });
  }
  const at = now();
  const next = defend(rc, input, at);
  await transact([casePut(next, rc.version), ...caseOnRecord(cand, next)], {
    audit: audit(rc, next.state === 'waived' ? 'revocation.waived' : 'revocation.defended', actor, {
      materials: next.defence?.materialIds.length ?? 0,
    }),
    conflict: '您已提交陈述申辩，只能提交一次（N1）',
  });
  return candidateView(next, at);
}

/** N1: the decision (revoke or close, with reasons), by the department that opened the case. */
export async function decideRevocation(actor: Actor, caseId: string, input: CaseDecisionInput) {
  const { rc, cand, actor: staff } = await loadForStaff(actor, caseId);
  const at = now();
  const next = decideCase(rc, input, staffOf(staff), at);
  await transact([casePut(next, rc.version), ...caseOnRecord(cand, next)], {
    audit: audit(rc, 'revocation.decided', actor, { outcome: input.outcome, reason: input.reasons }),
    conflict: '案件已被他人更新，请刷新后重试',
  });
  return staffView(next, at);
}

/**
 * N1: a second staff member of the deciding department approves; the decision letter is served (portal
 * + SMS). Revoke: the `revoked` lifecycle event (R14) with the reason, ground and articles in its audit
 * record, the case in the same transaction; the lifecycle stops. Close: the case closes, nothing else.
 */
export async function approveRevocation(actor: Actor, caseId: string, input: ApprovalInput = {}) {
  const { rc, cand, actor: staff } = await loadForStaff(actor, caseId);
  const examName = await examNameOf(rc.examId);
  const at = now();
  const next = approveCase(
    rc,
    staffOf(staff),
    (d) => decisionLetter(rc, { name: cand.name, examName }, d, at),
    at,
    input.note,
  );
  const decision = next.decision as NonNullable<RevocationCase['decision']>;
  const sms = notices.revocationDecided(examName, decision.outcome === 'revoke');
  if (decision.outcome === 'close') {
    await transact([casePut(next, rc.version), ...caseOnRecord(cand, next)], {
      audit: audit(rc, 'revocation.closed', actor, { reason: decision.reasons }),
      messages: [smsMessage(newId(at), cand.phone, sms, at, cand.personId)],
      conflict: '案件已被他人更新，请刷新后重试',
    });
    return staffView(next, at);
  }
  const l = await loadCandidate(rc.examId, rc.personId);
  const o = applyEvent(l.candidate, l.exam, l.deadlines, { type: 'revoked', reason: decision.reasons }, at);
  // the case is over: off the record and out of the queue's case work, in the same transaction
  const { openCase: _closed, ...revoked } = o.candidate;
  const outcome = {
    ...o,
    candidate: revoked,
    notices: [...o.notices, sms],
    details: {
      ...o.details,
      caseId: rc.caseId,
      ground: rc.ground,
      articles: rc.articles,
      referredToJudiciary: rc.referredToJudiciary,
      decidedBy: decision.by.deptName,
    },
  };
  const { candidate } = await commitOutcome(l, outcome, actorLabel(actor), [casePut(next, rc.version)]);
  await stopRevoked(candidate);
  return staffView(next, at);
}

/** N1: a case, for its parties: the candidate themself (their view) or staff in scope; others 404. */
export async function getRevocation(actor: Actor, caseId: string) {
  const { rc } = await loadFor(actor, caseId);
  return actor.kind === 'candidate' ? candidateView(rc, now()) : staffView(rc, now());
}
