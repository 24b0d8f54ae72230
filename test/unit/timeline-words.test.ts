/**
 * The timeline's words (web/timeline.tsx): every action the server records on a candidate today has
 * Chinese and English words — the list of lifecycle events is checked by the compiler, so a new event
 * without words fails here — and an unknown action still shows, by its name. The list is an ordered
 * list of items, no table; it names departments and kinds of actor, never a person (N4).
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterEach, describe, expect, it } from 'vitest';
import { type LifecycleEvent, REMINDER_LEAD_DAYS } from '../../functions/domain/lifecycle.js';
import { INTERNAL_ACTIONS } from '../../functions/domain/timeline.js';
import { setLang } from '../../web/i18n.js';
import {
  actionText,
  actorText,
  changeText,
  reasonText,
  type TimelineEntry,
  TimelineList,
} from '../../web/timeline.js';

afterEach(() => setLang('zh-CN'));

/** Every lifecycle event (a missing or extra key is a type error), recorded as `lifecycle.{type}`. */
const events: Record<LifecycleEvent['type'], true> = {
  verified: true,
  resultsAnnounced: true,
  supplementaryJoined: true,
  supplementaryDecided: true,
  supplementaryAnnounced: true,
  appealFiled: true,
  appealDecided: true,
  eCertIssued: true,
  booked: true,
  bookingChanged: true,
  bookingCancelled: true,
  bookingLocked: true,
  certificatesArrived: true,
  dispatched: true,
  delivered: true,
  deliveryFailed: true,
  collected: true,
  revoked: true,
};

/** Every action written on a candidate's audit partition today (grep `action:` in functions/). */
const actions = [
  ...Object.keys(events).map((e) => `lifecycle.${e}`),
  // deadlines passing (functions/domain/lifecycle.ts onTimeout)
  'lifecycle.pending',
  'lifecycle.forfeited',
  'lifecycle.appealClosed',
  'lifecycle.bookingClosed',
  'lifecycle.custody',
  ...Object.keys(REMINDER_LEAD_DAYS).map((p) => `lifecycle.reminder.${p}`),
  ...INTERNAL_ACTIONS,
  'objection.received',
  'candidate.imported',
  // N1: the revocation case's steps (functions/acts/revocations.ts)
  'revocation.proposed',
  'revocation.defended',
  'revocation.waived',
  'revocation.closed',
];

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  at: '2026-07-01T02:00:00.000Z',
  action: 'lifecycle.verified',
  actorDept: null,
  actorKind: 'system',
  from: null,
  to: null,
  reason: null,
  ...over,
});

describe('timeline words', () => {
  it('every action recorded on a candidate today has Chinese and English words', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      setLang(lang);
      const other = actionText('no.such.action');
      for (const a of actions) {
        const words = actionText(a);
        expect([a, words]).not.toEqual([a, other.replace('no.such.action', a)]);
        expect(words).not.toContain('tl.');
        expect(words).not.toContain('{');
      }
    }
    setLang('zh-CN');
    expect(actionText('lifecycle.reminder.booking')).toBe('截止提醒：证书邮寄预约');
    expect(actionText('lifecycle.revoked')).toBe('撤销资格（R14）');
  });

  it('an action not known yet shows by its name; a reminder of an unknown phase too', () => {
    expect(actionText('decision.reopened')).toBe('其他记录（decision.reopened）');
    expect(actionText('lifecycle.reminder.someday')).toBe('截止提醒：someday');
    setLang('en');
    expect(actionText('decision.reopened')).toBe('Other record (decision.reopened)');
  });

  it('N4: who acted — a department, or the kind of actor; never a person', () => {
    expect(actorText(entry({ actorKind: 'staff', actorDept: '郑州市城乡建设局' }))).toBe('郑州市城乡建设局');
    expect(actorText(entry({ actorKind: 'staff' }))).toBe('工作人员');
    expect(actorText(entry({ actorKind: 'candidate' }))).toBe('考生本人');
    expect(actorText(entry({ actorKind: 'public' }))).toBe('社会公众');
    expect(actorText(entry({ actorKind: 'system' }))).toBe('系统自动处理');
    const { actorKind: _, ...withoutKind } = entry({});
    expect(actorText(withoutKind)).toBe('系统自动处理');
  });

  it('the change of status in words, only when it changed; reasons in words', () => {
    expect(changeText(entry({ from: 'verifying', to: 'unqualified' }))).toBe('核查中 → 不合格');
    expect(changeText(entry({ from: 'qualified', to: 'qualified' }))).toBeNull();
    expect(changeText(entry({ from: 'verifying' }))).toBeNull();
    expect(changeText(entry({ from: 'someNew', to: 'qualified' }))).toBe('someNew → 合格');
    expect(reasonText(entry({ reason: 'workYears' }))).toBe('工作年限不足');
    expect(reasonText(entry({ reason: '学历证书不实' }))).toBe('学历证书不实');
    expect(reasonText(entry({ action: 'lifecycle.reminder.booking', reason: 'booking' }))).toBeNull();
    expect(reasonText(entry({}))).toBeNull();
    setLang('en');
    expect(reasonText(entry({ reason: 'education' }))).toBe('Education does not match');
  });

  it('the list: one item per record, in the order given, time in Beijing time; no table', () => {
    const html = renderToString(
      h(TimelineList, {
        items: [
          entry({
            action: 'lifecycle.verified',
            actorKind: 'staff',
            actorDept: '郑州市城乡建设局',
            from: 'verifying',
            to: 'unqualified',
            reason: 'education',
          }),
          entry({ at: '2026-06-30T16:30:00.000Z', action: 'objection.received', actorKind: 'public' }),
        ],
      }),
    );
    expect(html).toContain('<ol class="timeline"');
    expect(html.match(/<li /g)?.length).toBe(2);
    expect(html).not.toContain('<table');
    expect(html).toContain('2026年7月1日 10:00（北京时间）');
    expect(html).toContain('datetime="2026-07-01T02:00:00.000Z"');
    expect(html.indexOf('作出资格核查结论')).toBeLessThan(html.indexOf('公示期间收到异议'));
    expect(html).toContain('核查中 → 不合格');
    expect(html).toContain('学历不符');
    expect(renderToString(h(TimelineList, { items: [] }))).toContain('暂无办理记录');
  });
});
