/**
 * A candidate's timeline from their audit records (functions/domain/timeline.ts): the acting
 * department, never the username; the status before and after; the reason; no personal data (N4);
 * newest first; the state machine's bookkeeping not shown to the candidate.
 */
import { describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  actorKindOf,
  cleanReason,
  INTERNAL_ACTIONS,
  REASON_MAX,
  reasonOf,
  staffUsername,
  TIMELINE_LIMIT,
  timeline,
  timelineItem,
  visibleTo,
} from '../../functions/domain/timeline.js';

const depts: Record<string, string> = { 'zz.verifier': '郑州市人力资源和社会保障局', 'hr.admin': '人社厅' };
const deptOf = (u: string) => depts[u] ?? null;
const rec = (over: Partial<AuditRecord>): AuditRecord => ({
  at: '2026-07-01T02:00:00.000Z',
  action: 'lifecycle.verified',
  actor: 'system:lifecycle',
  ...over,
});

describe('timeline items', () => {
  it('N4: a staff act names the department the record carries, never the username', () => {
    const item = timelineItem(
      rec({
        actor: 'staff:zz.verifier',
        actorDept: { id: 'zz', name: '郑州市住建局' },
        details: { from: 'verifying', to: 'qualified', phase: 'verification' },
      }),
      deptOf,
    );
    expect(item).toEqual({
      at: '2026-07-01T02:00:00.000Z',
      action: 'lifecycle.verified',
      actorDept: '郑州市住建局',
      actorKind: 'staff',
      from: 'verifying',
      to: 'qualified',
      reason: null,
    });
    expect(JSON.stringify(item)).not.toContain('zz.verifier');
  });

  it('N4: an older staff record without its department is named by the account’s department', () => {
    expect(timelineItem(rec({ actor: 'staff:hr.admin' }), deptOf).actorDept).toBe('人社厅');
    // an account that is gone: no department, and still no username
    const gone = timelineItem(rec({ actor: 'staff:left.person' }), deptOf);
    expect(gone.actorDept).toBeNull();
    expect(JSON.stringify(gone)).not.toContain('left.person');
    // the resolver is asked with the username only
    const asked: string[] = [];
    timelineItem(rec({ actor: 'staff:hr.admin' }), (u) => {
      asked.push(u);
      return null;
    });
    expect(asked).toEqual(['hr.admin']);
  });

  it('N4: the system, the candidate and the public act without a department, even if a record names one', () => {
    const dept = { id: 'x', name: '某部门' };
    expect(timelineItem(rec({ actor: 'system:lifecycle', actorDept: dept }), deptOf)).toMatchObject({
      actorKind: 'system',
      actorDept: null,
    });
    const cand = timelineItem(rec({ actor: 'candidate:abcdefghijkmnpqrstuv', actorDept: dept }), deptOf);
    expect(cand).toMatchObject({ actorKind: 'candidate', actorDept: null });
    expect(JSON.stringify(cand)).not.toContain('abcdefghijkmnpqrstuv');
    expect(timelineItem(rec({ actor: 'anonymous' }), () => '不该出现')).toMatchObject({
      actorKind: 'public',
      actorDept: null,
    });
  });

  it('N4: an objection’s record shows nothing of its contact, facts or ids; from/to only as identifiers', () => {
    const item = timelineItem(
      rec({
        action: 'objection.received',
        actor: 'anonymous',
        details: {
          objectionId: 'o1',
          noticeId: 'JZS1-2026-N1',
          attachment: 'pdf',
          contact: '13800001234',
          facts: '工作年限不符',
          from: '138 0000 1234',
          to: '王伟',
        },
      }),
      deptOf,
    );
    expect(item).toEqual({
      at: '2026-07-01T02:00:00.000Z',
      action: 'objection.received',
      actorDept: null,
      actorKind: 'public',
      from: null,
      to: null,
      reason: null,
    });
  });

  it('from and to are statuses or phases: identifiers of at most 40 characters', () => {
    const fromTo = (from: unknown, to: unknown) => {
      const i = timelineItem(rec({ details: { from, to } }), deptOf);
      return [i.from, i.to];
    };
    expect(fromTo('pending', 'forfeited')).toEqual(['pending', 'forfeited']);
    expect(fromTo('a'.repeat(40), `a${'1'.repeat(39)}`)).toEqual(['a'.repeat(40), `a${'1'.repeat(39)}`]);
    expect(fromTo('a'.repeat(41), 7)).toEqual([null, null]);
    expect(fromTo('1pending', 'qualified ')).toEqual([null, null]);
    expect(fromTo(' qualified', '')).toEqual([null, null]);
    expect(timelineItem(rec({ details: null }), deptOf)).toMatchObject({
      from: null,
      to: null,
      reason: null,
    });
    expect(timelineItem(rec({}), deptOf)).toMatchObject({ from: null, to: null, reason: null });
  });
});

describe('actors', () => {
  it('N4: the kind of actor from the record; anything unknown counts as the system, never a person', () => {
    expect(actorKindOf('staff:zz.verifier')).toBe('staff');
    expect(actorKindOf('staff')).toBe('staff');
    expect(actorKindOf('candidate:abc')).toBe('candidate');
    expect(actorKindOf('candidate')).toBe('candidate');
    expect(actorKindOf('anonymous')).toBe('public');
    expect(actorKindOf('public:form')).toBe('public');
    expect(actorKindOf('system:hr')).toBe('system');
    expect(actorKindOf('somebody:else')).toBe('system');
    expect(actorKindOf('')).toBe('system');
  });

  it('the staff username of a record, for records written before they carried the department', () => {
    expect(staffUsername('staff:zz.verifier')).toBe('zz.verifier');
    expect(staffUsername('staff:')).toBeNull();
    expect(staffUsername('staff')).toBeNull();
    expect(staffUsername('xstaff:zz')).toBeNull();
    expect(staffUsername('system:staff:zz')).toBeNull();
    expect(staffUsername('staff:zz\nother')).toBeNull();
    // a bare `staff` actor (tests, older records) is staff without a username: no department, no lookup
    expect(timelineItem(rec({ actor: 'staff' }), () => '不该出现').actorDept).toBeNull();
  });
});

describe('reasons', () => {
  it('R14: a revocation’s reason; a decision’s reason code comes first', () => {
    expect(reasonOf(rec({ action: 'lifecycle.revoked', details: { reason: '学历证书不实' } }))).toBe(
      '学历证书不实',
    );
    expect(reasonOf(rec({ details: { reasonCode: 'education', reason: '另有说明' } }))).toBe('education');
    // a reason code that is not an identifier is not one: the text reason then
    expect(reasonOf(rec({ details: { reasonCode: '学历 不符', reason: '另有说明' } }))).toBe('另有说明');
    expect(reasonOf(rec({ details: { reason: 42 } }))).toBeNull();
  });

  it('a reminder’s reason is its phase', () => {
    expect(reasonOf(rec({ action: 'lifecycle.reminder.booking' }))).toBe('booking');
    expect(reasonOf(rec({ action: 'lifecycle.reminder.' }))).toBeNull();
    expect(reasonOf(rec({ action: 'xlifecycle.reminder.booking' }))).toBeNull();
    expect(reasonOf(rec({ action: 'lifecycle.reminder.booking\nx' }))).toBeNull();
    expect(reasonOf(rec({ action: 'lifecycle.reminder.booking', details: { reason: '提前' } }))).toBe('提前');
  });

  it('N4: a free-text reason never shows an ID or phone number, and is at most 200 characters', () => {
    expect(cleanReason('身份证号 41010519900307123X 与学历不符')).toBe('身份证号 *** 与学历不符');
    expect(cleanReason('联系 13800001234')).toBe('联系 ***');
    expect(cleanReason('12345 天')).toBe('12345 天');
    expect(cleanReason('123456')).toBe('***');
    expect(cleanReason('X123456x')).toBe('***');
    expect(cleanReason('  材料不实  ')).toBe('材料不实');
    expect(cleanReason('   ')).toBeNull();
    expect(cleanReason('')).toBeNull();
    expect(cleanReason(undefined)).toBeNull();
    expect(cleanReason('长'.repeat(REASON_MAX + 5))).toBe('长'.repeat(REASON_MAX));
    expect(REASON_MAX).toBe(200);
  });
});

describe('the timeline', () => {
  const records: AuditRecord[] = [
    rec({ at: '2026-07-01T00:00:00.000Z', action: 'candidate.imported', actor: 'staff:hr.admin' }),
    rec({
      at: '2026-07-03T00:00:00.000Z',
      action: 'lifecycle.pending',
      details: { from: 'verifying', to: 'pending' },
    }),
    rec({ at: '2026-07-02T00:00:00.000Z', action: 'lifecycle.executionStarted' }),
    rec({ at: '2026-07-02T00:00:00.000Z', action: 'objection.received', actor: 'anonymous' }),
    rec({ at: '2026-07-04T00:00:00.000Z', action: 'lifecycle.failed', details: { cause: 'stack…' } }),
  ];

  it('R1: staff see every record, newest first, equal instants in the order read', () => {
    expect(timeline(records, 'staff', deptOf).map((i) => i.action)).toEqual([
      'lifecycle.failed',
      'lifecycle.pending',
      'lifecycle.executionStarted',
      'objection.received',
      'candidate.imported',
    ]);
    expect(timeline(records, 'staff', deptOf).at(-1)?.actorDept).toBe('人社厅');
  });

  it('R1: the candidate sees their case, not the state machine’s bookkeeping', () => {
    expect(timeline(records, 'candidate', deptOf).map((i) => i.action)).toEqual([
      'lifecycle.pending',
      'objection.received',
      'candidate.imported',
    ]);
    expect(INTERNAL_ACTIONS).toEqual([
      'lifecycle.executionStarted',
      'lifecycle.failed',
      'revocation.opened',
      'revocation.decided',
    ]);
    expect(visibleTo('staff', 'lifecycle.failed')).toBe(true);
    expect(visibleTo('candidate', 'lifecycle.failed')).toBe(false);
    expect(visibleTo('candidate', 'lifecycle.verified')).toBe(true);
  });

  it('N1: the candidate sees a revocation case from its served proposal on, and its decision once approved', () => {
    expect(visibleTo('candidate', 'revocation.opened')).toBe(false);
    expect(visibleTo('candidate', 'revocation.decided')).toBe(false);
    expect(visibleTo('staff', 'revocation.decided')).toBe(true);
    for (const a of ['revocation.proposed', 'revocation.defended', 'revocation.waived', 'revocation.closed'])
      expect(visibleTo('candidate', a)).toBe(true);
  });

  it('R1: records read in any order come out newest first', () => {
    const at = (d: number) => `2026-07-0${d}T00:00:00.000Z`;
    const ascending = [1, 2, 3, 4, 5].map((d) => rec({ at: at(d), action: `a${d}` }));
    expect(timeline(ascending, 'staff', deptOf).map((i) => i.action)).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    const mixed = [3, 1, 5, 2, 4].map((d) => rec({ at: at(d), action: `a${d}` }));
    expect(timeline(mixed, 'staff', deptOf).map((i) => i.action)).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
  });

  it('reads at most 200 records of one candidate', () => {
    expect(TIMELINE_LIMIT).toBe(200);
  });
});
