/**
 * Every path of the lifecycle diagram (DESIGN.md), run through the real state machine definition on a
 * virtual clock: the outcome, the candidate record, and the reminders and notices sent.
 */

import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { StaffActor } from '../../functions/acts/actor.js';
import { system } from '../../functions/acts/actor.js';
import { cancelBooking, lockBookings, putBooking } from '../../functions/acts/booking.js';
import { loadCalendarYear } from '../../functions/acts/calendar.js';
import { executionName } from '../../functions/acts/candidate-change.js';
import { recordCollection } from '../../functions/acts/collection.js';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import { keys } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { DomainError } from '../../functions/domain/errors.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { fileStore } from '../../functions/lib/file-store.js';
import { startLocalLifecycle } from '../../scripts/local/lifecycle.js';
import { mailBooking } from '../support/candidates.js';
import { workflowSuite } from '../support/workflow-suite.js';

/** executions a test means to fail; any other failed execution fails the test that caused it */
const expectedFailures = new Set<string>();
const h = workflowSuite('2025-03-10T10:00:00', expectedFailures);
let seq = 0;
const DAY = 86_400_000;
const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

async function newCandidate(examType: 'JZS1' | 'JZS2' = 'JZS1') {
  const exam = await h.exam(examType);
  const c = await h.candidate(exam, ++seq);
  await h.start(c);
  return { exam, c };
}
const templates = async (c: Candidate) => (await h.messages(c)).map((m) => m.template);
const waitingIn = (c: Candidate, g = 1) => h.exec(c, g).waitingOn?.state;

async function expectRefused(p: Promise<unknown>, code: string, text: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  expect((e as DomainError).message).toMatch(text);
}

describe('lifecycle state machine', () => {
  it('R18: the common path — paper certificate, booked, dispatched, delivered — in at most 20 transitions', async () => {
    const { exam, c } = await newCandidate();
    expect(waitingIn(c)).toBe('AwaitVerification');
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    expect(waitingIn(c)).toBe('AwaitResults');
    expect(await templates(c)).toEqual([]); // R9: nobody is told before the announcement
    await h.advanceDays(5);
    await h.examEvent(exam, 'resultsAnnounced');
    expect(waitingIn(c)).toBe('AwaitBooking');
    await h.event(c, { type: 'booked' });
    expect(waitingIn(c)).toBe('AwaitArrival');
    await h.advanceDays(40);
    await h.arrive(exam, [c]);
    expect(waitingIn(c)).toBe('AwaitDispatch');
    await h.event(c, { type: 'dispatched', trackingNo: 'EMS1234567890' });
    expect(waitingIn(c)).toBe('AwaitDelivery');
    await h.event(c, { type: 'delivered' });
    const e = h.exec(c);
    expect(e.status).toBe('SUCCEEDED');
    expect(e.transitions).toBeLessThanOrEqual(20);
    const r = await h.record(c);
    expect(r.status).toBe('qualified');
    expect(r.lifecycle?.deliveredAt).toBeDefined();
    expect(r.taskToken).toBeUndefined();
    // the R9 notice, the booking's confirmation and the dispatch notice; no booking reminder, because the candidate had acted
    expect((await templates(c)).sort()).toEqual(['booked', 'dispatched', 'result']);
  });

  it('R18: booked through the portal act → the lifecycle waits for arrival; a change keeps it waiting, a cancellation sends it back to booking', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.advanceDays(5);
    await h.examEvent(exam, 'resultsAnnounced');
    expect(waitingIn(c)).toBe('AwaitBooking');
    const me = { kind: 'candidate' as const, personId: c.personId };
    const address = mailBooking(c);
    await putBooking(me, c.examId, address);
    await h.settle();
    expect(waitingIn(c)).toBe('AwaitArrival');
    const before = h.exec(c).transitions;
    await putBooking(me, c.examId, { ...address, street: '二七区大学路 1 号' });
    await lockBookings(c.examId, []);
    await h.settle();
    // a change does not wake the execution: it waits for arrival as it was
    expect(waitingIn(c)).toBe('AwaitArrival');
    expect(h.exec(c).transitions).toBe(before);
    await cancelBooking(me, c.examId);
    await h.settle();
    expect(waitingIn(c)).toBe('AwaitBooking');
    await putBooking(me, c.examId, address);
    await lockBookings(c.examId, [c.personId]);
    await h.settle();
    expect(waitingIn(c)).toBe('AwaitArrival');
    expect((await h.record(c)).booking?.lockedAt).toEqual(expect.any(String));
    expect((await templates(c)).sort()).toEqual([
      'booked',
      'booked',
      'bookingCancelled',
      'bookingChanged',
      'result',
    ]);
  });

  it('R17, R11: a candidate who qualifies after the issuance (an upheld appeal) is issued at once, one certificate', async () => {
    const { exam, c } = await newCandidate('JZS2');
    await h.event(c, { type: 'verified', outcome: 'unqualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    await h.examEvent(exam, 'certificatesIssued');
    expect((await h.record(c)).certificate).toBeUndefined(); // R17: never for one not qualified
    await h.event(c, { type: 'appealFiled' });
    await h.event(c, { type: 'appealDecided', outcome: 'upheld' });
    const e = h.exec(c);
    expect(e.status).toBe('SUCCEEDED');
    expect(e.states).toContain('IssueElectronic');
    const r = await h.record(c);
    expect(r.certificate).toMatchObject({ kind: 'electronic', status: 'valid' });
    expect((await templates(c)).filter((t) => t === 'eCert')).toHaveLength(1);
  });

  it("R17: an electronic-certificate exam waits for hr's issuance after the announcement, then issues the e-certificate and ends; no booking (R21)", async () => {
    const { exam, c } = await newCandidate('JZS2');
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    // R17: the electronic phase waits for the exam's issuance
    expect(waitingIn(c)).toBe('AwaitIssuance');
    expect((await h.record(c)).certificate).toBeUndefined();
    await h.examEvent(exam, 'certificatesIssued');
    const e = h.exec(c);
    expect(e.status).toBe('SUCCEEDED');
    expect(e.states).toContain('IssueElectronic');
    expect(e.states).not.toContain('AwaitBooking');
    const r = await h.record(c);
    expect(r.lifecycle?.eCertIssuedAt).toBeDefined();
    expect(r.certificate).toMatchObject({ kind: 'electronic', status: 'valid' });
    expect((await templates(c)).sort()).toEqual(['eCert', 'result']);
    await expectRefused(
      recordEvent(c.examId, c.personId, { type: 'booked' }, 'candidate'),
      'CONFLICT',
      /R17/,
    );
  });

  it("R7: a candidate not verified by the deadline becomes pending; R12: missing supplementary forfeits, after one reminder; N4: their own uploads are then removed, the department's materials kept", async () => {
    const { exam, c } = await newCandidate();
    const d = await h.deadlines(c);
    await h.advanceToInstant(shift(d.verificationDue, -0.5));
    expect((await h.record(c)).status).toBe('verifying');
    await h.advanceToInstant(shift(d.verificationDue, 0.1));
    expect((await h.record(c)).status).toBe('pending');
    expect(waitingIn(c)).toBe('AwaitResults');
    // a decision after the R7 deadline is refused with the deadline in the message
    await expectRefused(
      recordEvent(c.examId, c.personId, { type: 'verified', outcome: 'qualified' }, 'staff'),
      'CONFLICT',
      /报考条件待核查/,
    );
    await h.examEvent(exam, 'resultsAnnounced');
    expect(waitingIn(c)).toBe('AwaitSupplementary');
    expect((await h.messages(c))[0]?.text).toContain('补充资格核查');
    await h.advanceToInstant(shift(d.supplementaryDue, -2));
    expect(await templates(c)).toEqual(['result', 'reminder.supplementary']);
    // a file the candidate uploaded (…-u) and one from a department's materials ZIP
    const folder = `materials/${c.examId}/${c.personId}`;
    const upload = `${folder}/${'a'.repeat(19)}-u.pdf`;
    const handedOver = `${folder}/${'b'.repeat(19)}-1.pdf`;
    await fileStore().put(upload, Buffer.from('%PDF-1.4 upload'));
    await fileStore().put(handedOver, Buffer.from('%PDF-1.4 zip'));
    await h.advanceToInstant(shift(d.supplementaryDue, 1));
    expect((await h.record(c)).status).toBe('forfeited');
    expect(h.exec(c).status).toBe('SUCCEEDED');
    expect(await fileStore().list(folder)).toEqual([handedOver]);
    expect(await templates(c)).toEqual(['result', 'reminder.supplementary', 'forfeited']);
    await expectRefused(
      recordEvent(c.examId, c.personId, { type: 'supplementaryJoined' }, 'candidate'),
      'CONFLICT',
      /R14|补充|放弃|只有/,
    );
  });

  it('R10, R13: pending → joins supplementary → qualified → announced; R19: not booked in time → on site → collected', async () => {
    const { exam, c } = await newCandidate();
    const d = await h.deadlines(c);
    await h.advanceToInstant(shift(d.verificationDue, 0.1));
    await h.examEvent(exam, 'resultsAnnounced');
    await h.event(c, { type: 'supplementaryJoined' });
    expect(waitingIn(c)).toBe('AwaitSupplementary');
    await h.event(c, { type: 'supplementaryDecided', outcome: 'qualified' });
    expect(waitingIn(c)).toBe('AwaitSupplementaryResults');
    await h.advanceDays(3);
    await h.examEvent(exam, 'supplementaryAnnounced');
    expect(waitingIn(c)).toBe('AwaitBooking');
    const booking = (await h.deadlines(c)).bookingCloses as string;
    await h.advanceToInstant(shift(booking, -1));
    expect((await templates(c)).at(-1)).toBe('reminder.booking');
    await h.advanceToInstant(shift(booking, 0.5));
    expect((await h.record(c)).lifecycle?.bookingClosedAt).toBeDefined();
    await expectRefused(
      recordEvent(c.examId, c.personId, { type: 'booked' }, 'candidate'),
      'DEADLINE_PASSED',
      /R18/,
    );
    expect(waitingIn(c)).toBe('AwaitArrival');
    await h.arrive(exam, [c]);
    expect(waitingIn(c)).toBe('AwaitCollection');
    await h.advanceDays(1);
    await h.event(c, { type: 'collected' });
    expect(h.exec(c).status).toBe('SUCCEEDED');
    expect(await templates(c)).toEqual([
      'result',
      'supplementaryResult',
      'reminder.booking',
      'bookingClosed',
      'collectOnSite',
      'collected',
    ]);
  });

  it('R13: a candidate found unqualified in the supplementary round is told by the supplementary announcement, once', async () => {
    const { exam, c } = await newCandidate();
    const d = await h.deadlines(c);
    await h.advanceToInstant(shift(d.verificationDue, 0.1));
    await h.examEvent(exam, 'resultsAnnounced');
    await h.event(c, { type: 'supplementaryJoined' });
    await h.event(c, { type: 'supplementaryDecided', outcome: 'unqualified' });
    expect(waitingIn(c)).toBe('AwaitSupplementaryResults');
    await h.examEvent(exam, 'supplementaryAnnounced');
    // announced again (a broadcast finished): nobody is told twice
    await h.examEvent(exam, 'supplementaryAnnounced');
    expect((await h.record(c)).lifecycle?.supplementaryNotifiedAt).toBeDefined();
    expect((await templates(c)).sort()).toEqual(['result', 'supplementaryResult']);
    const told = (await h.messages(c)).find((m) => m.template === 'supplementaryResult');
    expect(told?.text).toContain('不合格');
  });

  it('R11: an unqualified candidate is reminded once and, without an appeal by the deadline, the result stands', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'unqualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    expect(waitingIn(c)).toBe('AwaitAppeal');
    const d = await h.deadlines(c);
    await h.advanceToInstant(shift(d.supplementaryDue, -1));
    await h.advanceToInstant(shift(d.supplementaryDue, 2));
    const r = await h.record(c);
    expect(r.status).toBe('unqualified');
    expect(r.lifecycle?.appealClosedAt).toBeDefined();
    expect(h.exec(c).status).toBe('SUCCEEDED');
    expect(await templates(c)).toEqual(['result', 'reminder.appeal']);
    await expectRefused(
      recordEvent(c.examId, c.personId, { type: 'appealFiled' }, 'candidate'),
      'CONFLICT',
      /申辩/,
    );
  });

  it('R10: an upheld appeal makes the candidate qualified; R18 counts from the decision; delivery failing twice → on site', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'unqualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    await h.advanceDays(10);
    await h.event(c, { type: 'appealFiled' });
    expect(waitingIn(c)).toBe('AwaitAppealDecision');
    await h.advanceDays(7);
    await h.event(c, { type: 'appealDecided', outcome: 'upheld' });
    const r = await h.record(c);
    expect(r.status).toBe('qualified');
    expect(r.lifecycle?.round).toBe('appeal');
    expect(waitingIn(c)).toBe('AwaitBooking');
    const d = await h.deadlines(c);
    // 30 days from the decision (not from the first announcement), extended past a rest day if needed
    const days =
      (Date.parse(d.bookingCloses as string) - Date.parse(r.lifecycle?.qualifiedAt as string)) / DAY;
    expect(days).toBeGreaterThanOrEqual(30);
    expect(days).toBeLessThan(40);
    await h.advanceDays(1);
    await h.event(c, { type: 'booked' });
    await h.arrive(exam, [c]);
    await h.advanceDays(1);
    await h.event(c, { type: 'dispatched', trackingNo: 'EMS0000000001' });
    await h.advanceDays(3);
    await h.event(c, { type: 'deliveryFailed' });
    // a second attempt: back to dispatch (the next manifest), sent again
    expect(waitingIn(c)).toBe('AwaitDispatch');
    await h.event(c, { type: 'dispatched', trackingNo: 'EMS0000000002' });
    expect(waitingIn(c)).toBe('AwaitDelivery');
    await h.event(c, { type: 'deliveryFailed' });
    expect(waitingIn(c)).toBe('AwaitCollection');
    await h.advanceDays(1);
    await h.event(c, { type: 'collected' });
    expect(h.exec(c).status).toBe('SUCCEEDED');
    // no appeal reminder: the candidate appealed before it was due
    expect((await templates(c)).sort()).toEqual([
      'appealUpheld',
      'booked',
      'collected',
      'deliveryFailed',
      'deliveryRetry',
      'dispatched',
      'dispatched',
      'result',
    ]);
  });

  it('R10: a rejected appeal ends the lifecycle with the unqualified result', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'unqualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    await h.advanceDays(1);
    await h.event(c, { type: 'appealFiled' });
    await h.advanceDays(1);
    await h.event(c, { type: 'appealDecided', outcome: 'rejected' });
    expect(h.exec(c).status).toBe('SUCCEEDED');
    expect((await h.record(c)).status).toBe('unqualified');
    expect(await templates(c)).toEqual(['result', 'appealRejected']);
  });

  it('R14: revocation stops the execution at any point and voids the record; nothing is sent afterwards', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    expect(waitingIn(c)).toBe('AwaitBooking');
    await h.event(c, { type: 'revoked', reason: '学历证书系伪造' });
    expect(h.exec(c).status).toBe('ABORTED');
    const r = await h.record(c);
    expect(r.status).toBe('revoked');
    expect(r.taskToken).toBeUndefined();
    const sent = (await h.messages(c)).length;
    await h.advanceDays(40);
    expect((await h.messages(c)).length).toBe(sent);
    await expectRefused(
      recordEvent(c.examId, c.personId, { type: 'booked' }, 'candidate'),
      'CONFLICT',
      /R14/,
    );
  });

  it('a task that still fails after its retries goes to the dead-letter path: recorded, alarmed, execution failed', async () => {
    const exam = await h.exam('JZS1');
    const c = await h.candidate(exam, ++seq);
    // the record disappears underneath (e.g. removed by hand): Load cannot find it
    await ddb.send(
      new DeleteCommand({ TableName: tableName('candidates'), Key: keys.candidate(c.personId, c.examId) }),
    );
    await h.start(c);
    const e = h.exec(c);
    expectedFailures.add(e.name);
    expect(e.status).toBe('FAILED');
    expect(e.error).toBe('LifecycleFailed');
    expect(e.states.filter((s) => s === 'Load').length).toBeGreaterThanOrEqual(1);
    expect(e.states).toContain('DeadLetter');
    const failed = (await h.audit(c)).filter((a) => a.action === 'lifecycle.failed');
    expect(failed).toHaveLength(1);
  });

  it('starting a lifecycle twice does not make two executions', async () => {
    const { c } = await newCandidate();
    const again = await h.runner.startExecution(executionName(c.examId, c.personId, 1), {
      examId: c.examId,
      personId: c.personId,
      generation: 1,
    });
    expect(again.alreadyRunning).toBe(true);
    expect(h.runner.list().filter((e) => e.name === executionName(c.examId, c.personId, 1))).toHaveLength(1);
  });

  it('an execution started mid-way (or after a restart) resumes at the phase DynamoDB holds, and catches up on announcements', async () => {
    const exam = await h.exam('JZS1');
    const c = await h.candidate(exam, ++seq);
    // the record moved on without an execution: verified, announced and booked before this one starts
    await recordEvent(c.examId, c.personId, { type: 'verified', outcome: 'qualified' }, 'staff');
    await h.examEvent(exam, 'resultsAnnounced'); // nobody waits yet: the candidate is told when the execution arrives
    expect(await templates(c)).toEqual([]);
    await h.start(c);
    expect(await templates(c)).toEqual(['result']);
    expect(waitingIn(c)).toBe('AwaitBooking');
    await h.event(c, { type: 'booked' });
    expect(waitingIn(c)).toBe('AwaitArrival');
    // a restart: the old process is gone with its executions; a new runner knows none, and starting
    // again resumes from the record
    h.runner.stopAll('Local.Shutdown', 'process stopped');
    const restarted = await startLocalLifecycle(h.clock);
    await restarted.startExecution(executionName(c.examId, c.personId, 1), {
      examId: c.examId,
      personId: c.personId,
      generation: 1,
    });
    await restarted.idle();
    expect(restarted.describe(executionName(c.examId, c.personId, 1)).waitingOn?.state).toBe('AwaitArrival');
    h.runner = restarted; // later tests run on the restarted runner
  });

  it('T3: loading a year the calendar lacked recomputes a waiting deadline and wakes the execution if it moved earlier', async () => {
    // exam ended 2025-01-05: custody ends 2030-01-05, a Saturday; 2030 is not in the calendar, so the
    // provisional deadline extends to Monday 2030-01-07
    const exam = await h.exam('JZS1', { examEnd: '2025-01-05' });
    const c = await h.candidate(exam, ++seq);
    await h.start(c);
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    await h.advanceToInstant(shift((await h.deadlines(c)).bookingCloses as string, 1));
    await h.arrive(exam, [c]);
    const provisional = await h.deadlines(c);
    expect(provisional.dates.custodyEnds).toBe('2030-01-07');
    expect(provisional.provisional).toBe(true);
    // close to the end: the collection reminder has gone out and the execution waits for the deadline
    await h.advanceToInstant('2030-01-03T12:00:00+08:00');
    const gen = (await h.record(c)).lifecycle?.generation as number;
    expect(h.exec(c, gen).waitingOn?.timeoutAt).toBe('2030-01-07T16:00:00.000Z');
    // hr loads 2030: the Saturday is an adjusted working day, so the period ends on it
    await loadCalendarYear(system('test'), 2030, {
      year: 2030,
      holidays: ['2030-01-01'],
      workdays: ['2030-01-05'],
      source: 'test data',
      confirmIncomplete: true, // only what the test needs: no 春节, no 国庆节
    });
    await h.advanceDays(1 / 24);
    const loaded = await h.deadlines(c);
    expect(loaded.dates.custodyEnds).toBe('2030-01-05');
    expect(loaded.provisional).toBe(false);
    const g2 = (await h.record(c)).lifecycle?.generation as number;
    expect(h.exec(c, g2).waitingOn?.timeoutAt).toBe('2030-01-05T16:00:00.000Z');
    // the candidate was reminded of the old date; the corrected date is sent at once
    const reminders = (await h.messages(c)).filter((m) => m.template === 'reminder.collection');
    expect(reminders.map((m) => /(\d{4})年(\d+)月(\d+)日/.exec(m.text)?.[0])).toEqual([
      '2030年1月7日',
      '2030年1月5日',
    ]);
    await h.advanceToInstant('2030-01-06T01:00:00+08:00');
    expect((await h.record(c)).lifecycle?.transferListedAt).toBe('2030-01-05T16:00:00.000Z');
  });

  it('R14: revoking a candidate whose certificate is kept uncollected, years on, stops the successor chain', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    await h.advanceToInstant(shift((await h.deadlines(c)).bookingCloses as string, 1));
    await h.arrive(exam, [c]);
    expect(waitingIn(c)).toBe('AwaitCollection');
    // two years on, kept for collection: the lifecycle has handed over to a successor at least once
    await h.advanceDays(2 * 365);
    const gen = (await h.record(c)).lifecycle?.generation as number;
    expect(gen).toBeGreaterThanOrEqual(2);
    expect(h.exec(c, gen).waitingOn?.state).toBe('AwaitCollection');
    await h.event(c, { type: 'revoked', reason: '报考材料虚假' });
    expect(h.exec(c, gen).status).toBe('ABORTED');
    const sent = (await h.messages(c)).length;
    // past the end of custody: no successor was started, nothing registered, nothing sent
    await h.advanceToInstant(shift((await h.deadlines(c)).custodyEnds, 2));
    const r = await h.record(c);
    expect(r.status).toBe('revoked');
    expect(r.lifecycle?.generation).toBe(gen);
    expect(r.lifecycle?.transferListedAt).toBeUndefined();
    expect(h.runner.list().filter((e) => e.name === executionName(c.examId, c.personId, gen + 1))).toEqual(
      [],
    );
    expect((await h.messages(c)).length).toBe(sent);
  });

  it('R20: an unclaimed certificate is kept five years from the exam end, through successor executions, then registered', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    const booking = (await h.deadlines(c)).bookingCloses as string;
    await h.advanceToInstant(shift(booking, 1));
    await h.arrive(exam, [c]);
    expect(waitingIn(c)).toBe('AwaitCollection');
    const custodyEnds = (await h.deadlines(c)).custodyEnds;
    // about five years pass; executions hand over to successors well inside their one-year limit
    await h.advanceToInstant(shift(custodyEnds, 1));
    const r = await h.record(c);
    expect(r.lifecycle?.transferListedAt).toBeDefined();
    expect(Date.parse(r.lifecycle?.transferListedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(custodyEnds),
    );
    const generations = r.lifecycle?.generation as number;
    expect(generations).toBeGreaterThanOrEqual(5);
    for (let g = 1; g < generations; g++) {
      const e = h.exec(c, g);
      expect(e.status).toBe('SUCCEEDED');
      expect(e.states).toContain('StartSuccessor');
    }
    expect(h.exec(c, generations).status).toBe('SUCCEEDED');
    const t = await templates(c);
    expect(t.filter((x) => x === 'reminder.collection')).toHaveLength(1);
    expect(t.filter((x) => x === 'reminder.booking')).toHaveLength(1);
    // R20: reminded once a year while kept, on the anniversaries of custody's end after the arrival
    expect(t.filter((x) => x === 'reminder.custody')).toHaveLength(4);
    expect((await h.audit(c)).map((a) => a.action)).toContain('lifecycle.custody');
  });

  it('R19: delivery failed twice → on site; staff record the collection after the ID check, and the lifecycle ends', async () => {
    const { exam, c } = await newCandidate();
    await h.event(c, { type: 'verified', outcome: 'qualified' });
    await h.examEvent(exam, 'resultsAnnounced');
    await h.event(c, { type: 'booked' });
    await h.advanceDays(40);
    await h.arrive(exam, [c]);
    await h.event(c, { type: 'dispatched', trackingNo: 'EMS0000000002' });
    await h.event(c, { type: 'deliveryFailed' });
    await h.event(c, { type: 'dispatched', trackingNo: 'EMS0000000003' });
    await h.event(c, { type: 'deliveryFailed' });
    expect(waitingIn(c)).toBe('AwaitCollection');
    await h.advanceDays(1);
    const staff: StaffActor = {
      kind: 'staff',
      username: 'test.verifier',
      role: 'verifier',
      dept: { id: 'zjt', name: '河南省住房和城乡建设厅', kind: 'provincialVerifier', examTypes: ['JZS1'] },
    };
    // the wrong last six characters: refused, nothing written, still waiting on site
    await expectRefused(
      recordCollection(staff, c.examId, c.personId, { by: 'self', idLast6: '000000' }),
      'VALIDATION',
      /后六位/,
    );
    expect(waitingIn(c)).toBe('AwaitCollection');
    await recordCollection(staff, c.examId, c.personId, { by: 'self', idLast6: c.idNumber.slice(-6) });
    await h.settle();
    expect(h.exec(c).status).toBe('SUCCEEDED');
    const r = await h.record(c);
    expect(r.collection).toMatchObject({ by: 'self', deptName: '河南省住房和城乡建设厅' });
    expect(r.taskToken).toBeUndefined();
    const t = await templates(c);
    expect(t.filter((x) => x === 'deliveryFailed')).toHaveLength(1);
    expect(t.at(-1)).toBe('collected');
  });
});
