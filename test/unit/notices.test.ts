/**
 * The joint public notice's rules (R6, N4) in the pure core: who prepares and who confirms it, its
 * period, what the public list shows of a candidate, the lookup shards, and when objections are taken.
 */
import { describe, expect, it } from 'vitest';
import type { Department } from '../../functions/domain/departments.js';
import { DomainError } from '../../functions/domain/errors.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import {
  announcementOf,
  assertObjectionsOpen,
  confirmNotice,
  LOOKUP_SHARDS,
  listRemoved,
  lookupShard,
  NOTICE_PAGE_SIZE,
  type Notice,
  noticeInputSchema,
  noticeSite,
  noticeTitle,
  objectionInputSchema,
  pageRanges,
  periodOver,
  prepareNotice,
  publicEntry,
  siteUrl,
  takeDownDue,
  withAnnouncement,
} from '../../functions/domain/notices.js';

const dept = (kind: Department['kind'], id = `d-${kind}`): Department => ({
  id,
  name: `部门${kind}`,
  kind,
  examTypes: ['JZS1'],
});
/** the period's last day 2026-12-10: it ends 2026-12-11 00:00 China time */
const ends = { date: '2026-12-10', endsAt: '2026-12-11T00:00:00+08:00', provisional: false };
const NOW = new Date('2026-12-01T02:00:00Z');
const text = { text: '经审核，以下人员成绩合格，现予公示，公示期内如有异议请实名反映。' };
const thrown = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};
const draft = (): Notice =>
  prepareNotice(
    {
      noticeId: 'JZS1-2026-N1',
      examId: 'JZS1-2026',
      dept: dept('provincialVerifier'),
      username: 'zjt.verifier',
      ends,
    },
    text,
    NOW,
  );

describe('the joint notice (R6)', () => {
  it('R6: the provincial verifier (or the association) prepares it, a draft naming its department; hr cannot, nor a municipal verifier', () => {
    expect(draft()).toStrictEqual({
      noticeId: 'JZS1-2026-N1',
      examId: 'JZS1-2026',
      text: text.text,
      status: 'draft',
      preparedBy: {
        deptId: 'd-provincialVerifier',
        deptName: '部门provincialVerifier',
        username: 'zjt.verifier',
        at: NOW.toISOString(),
      },
      ends,
    });
    expect(
      prepareNotice({ noticeId: 'n', examId: 'e', dept: dept('association'), username: 'a', ends }, text, NOW)
        .status,
    ).toBe('draft');
    for (const kind of ['hr', 'municipalVerifier'] as const) {
      const e = thrown(() =>
        prepareNotice({ noticeId: 'n', examId: 'e', dept: dept(kind), username: 'x', ends }, text, NOW),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain('R6');
    }
  });

  it('R6: hr confirms it: published jointly, both departments named; only hr, only a draft, only before the period ends', () => {
    const later = new Date('2026-12-02T01:00:00Z');
    const published = confirmNotice(draft(), dept('hr'), 'hr.admin', later);
    expect(published.status).toBe('published');
    expect(published.preparedBy.deptId).toBe('d-provincialVerifier');
    expect(published.confirmedBy).toStrictEqual({
      deptId: 'd-hr',
      deptName: '部门hr',
      username: 'hr.admin',
      at: later.toISOString(),
    });
    const notHr = thrown(() => confirmNotice(draft(), dept('provincialVerifier'), 'x', later));
    expect([notHr.code, notHr.message]).toEqual(['FORBIDDEN', '公示须由人社部门确认后发布（R6）']);
    const twice = thrown(() => confirmNotice(published, dept('hr'), 'hr.admin', later));
    expect([twice.code, twice.message]).toEqual(['CONFLICT', '该公示已发布']);
    expect(twice.details?.fields).toEqual([{ field: 'status', message: '该公示已发布' }]);
    const late = thrown(() =>
      confirmNotice(draft(), dept('hr'), 'hr.admin', new Date('2026-12-10T16:00:00Z')),
    );
    expect(late.code).toBe('DEADLINE_PASSED');
    expect(late.message).toBe('公示期已于2026年12月10日 24:00（北京时间）结束，不能再发布（R6）');
    // one millisecond before the end it is still on time
    expect(confirmNotice(draft(), dept('hr'), 'hr.admin', new Date('2026-12-10T15:59:59.999Z')).status).toBe(
      'published',
    );
  });

  it('R6: a notice whose period is over cannot be drafted, the end in the message', () => {
    const late = (at: string) =>
      prepareNotice(
        { noticeId: 'n', examId: 'e', dept: dept('provincialVerifier'), username: 'z', ends },
        text,
        new Date(at),
      );
    expect(late('2026-12-10T15:59:59.999Z').status).toBe('draft');
    const e = thrown(() => late('2026-12-10T16:00:00Z'));
    expect([e.code, e.message]).toEqual([
      'DEADLINE_PASSED',
      '公示期已于2026年12月10日 24:00（北京时间）结束，不能再起草公示（R6）',
    ]);
  });

  it('R6: the period is over at its end instant, not before', () => {
    expect(periodOver(draft(), new Date('2026-12-10T15:59:59.999Z'))).toBe(false);
    expect(periodOver(draft(), new Date('2026-12-10T16:00:00Z'))).toBe(true);
    expect(listRemoved(draft(), NOW).status).toBe('listRemoved');
  });

  it('R6: the text is 20 to 5,000 characters, trimmed, and nothing else is taken', () => {
    expect(noticeInputSchema.parse({ text: `  ${text.text}  ` })).toStrictEqual(text);
    expect(noticeInputSchema.safeParse({ text: '太短' }).error?.issues[0]?.message).toBe('公示正文至少20字');
    expect(noticeInputSchema.safeParse({ text: '字'.repeat(5001) }).error?.issues[0]?.message).toBe(
      '公示正文不超过5000字',
    );
    expect(noticeInputSchema.safeParse({ ...text, status: 'published' }).success).toBe(false);
  });
});

describe('the public list (N4)', () => {
  it('N4: shows a candidate only by candidate number, name and masked ID number', () => {
    const idNumber = syntheticIdNumber('410102', '1990-05-17', 3);
    const entry = publicEntry({
      candidateNo: 'ZJ20261001',
      name: '王晓明',
      idNumber,
      phone: '13800000000',
      city: '4101',
    } as never);
    expect(entry).toStrictEqual({
      candidateNo: 'ZJ20261001',
      name: '王晓明',
      idNumberMasked: `4101**********${idNumber.slice(-4)}`,
    });
    expect(JSON.stringify(entry)).not.toContain(idNumber);
    expect(publicEntry({ name: '李丽', idNumber }).candidateNo).toBe('');
  });

  it('pages of 100; a candidate number always falls in the same one of 64 lookup shards, whatever its case or spaces', () => {
    expect(NOTICE_PAGE_SIZE).toBe(100);
    expect(LOOKUP_SHARDS).toBe(64);
    const shards = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const s = lookupShard(`ZJ2026${1000 + i}`);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(64);
      shards.add(s);
    }
    expect(shards.size).toBe(64); // spread over all of them
    expect(lookupShard(' zj20261001 ')).toBe(lookupShard('ZJ20261001'));
    // FNV-1a over the upper-cased characters, mod 64 (computed here independently, with BigInt)
    const fnv = (v: string) => {
      let h = 0x811c9dc5n;
      for (const ch of v) h = ((h ^ BigInt(ch.codePointAt(0) as number)) * 0x01000193n) % 2n ** 32n;
      return Number(h % 64n);
    };
    for (const v of ['ZJ20261001', 'A', 'T100000', '123-456']) expect(lookupShard(v)).toBe(fnv(v));
  });
});

describe('objections', () => {
  const published = () => confirmNotice(draft(), dept('hr'), 'hr.admin', NOW);

  it('R6: are taken while the notice is published and its period runs; after the end, 409 with the end in the message', () => {
    expect(() => assertObjectionsOpen(published(), new Date('2026-12-10T15:59:59Z'))).not.toThrow();
    const late = thrown(() => assertObjectionsOpen(published(), new Date('2026-12-10T16:00:00Z')));
    expect(late.code).toBe('DEADLINE_PASSED');
    expect(late.status).toBe(409);
    expect(late.message).toBe('公示期已于2026年12月10日 24:00（北京时间）结束，不再受理异议（R6）');
    expect(late.details?.deadline).toBe('2026-12-11T00:00:00+08:00');
    expect(thrown(() => assertObjectionsOpen(listRemoved(published(), NOW), NOW)).code).toBe(
      'DEADLINE_PASSED',
    );
    const unpublished = thrown(() => assertObjectionsOpen(draft(), NOW));
    expect([unpublished.code, unpublished.message]).toEqual(['NOT_FOUND', '公示不存在']);
  });

  it('need the candidate number, the facts (10–2,000 characters) and a phone or e-mail to reply to', () => {
    const ok = {
      candidateNo: 'ZJ20261001',
      facts: '该考生工作年限不足，实际从业仅两年。',
      contact: '13900000000',
    };
    expect(objectionInputSchema.parse(ok)).toStrictEqual(ok);
    expect(objectionInputSchema.parse({ ...ok, contact: 'a@b.cn', name: ' 张三 ' })).toStrictEqual({
      ...ok,
      contact: 'a@b.cn',
      name: '张三',
    });
    const msg = (v: object) =>
      objectionInputSchema.safeParse({ ...ok, ...v }).error?.issues.map((i) => i.message);
    expect(msg({ candidateNo: 'x' })).toEqual(['准考证号应为4–30位字母、数字或连字符']);
    for (const bad of ['ZJ2026 1001', '#ZJ20261001', 'ZJ20261001#', 'A'.repeat(31)])
      expect(msg({ candidateNo: bad })).toEqual(['准考证号应为4–30位字母、数字或连字符']);
    expect(
      objectionInputSchema.parse({
        ...ok,
        candidateNo: ' ZJ20261001 ',
        facts: `  ${ok.facts}  `,
        contact: ' 13900000000 ',
      }),
    ).toStrictEqual(ok);
    // at least 10 characters once the spaces around them are gone
    expect(msg({ facts: `    ${'字'.repeat(9)}    ` })).toEqual(['请写明异议的事实，至少10字']);
    for (const bad of ['x13900000000', '139000000001', 'a@b', '@b.cn', 'a@.cn', 'x a@b.cn', 'a@b.cn x'])
      expect(msg({ contact: bad })).toEqual(['请留下手机号或电子邮箱，以便核查部门联系']);
    expect(objectionInputSchema.parse({ ...ok, contact: 'ab@cd.ef' }).contact).toBe('ab@cd.ef');
    expect(msg({ facts: '太短了' })).toEqual(['请写明异议的事实，至少10字']);
    expect(msg({ facts: '字'.repeat(2001) })).toEqual(['异议内容不超过2000字']);
    expect(msg({ contact: '12345' })).toEqual(['请留下手机号或电子邮箱，以便核查部门联系']);
    expect(msg({ name: '名'.repeat(31) })).toEqual(['姓名过长']);
    expect(objectionInputSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
});

describe('the notice on the public site (R6, N4)', () => {
  const hr = dept('hr', 'hr');
  const published = () => confirmNotice(draft(), hr, 'hr.admin', NOW);
  const after = new Date('2026-12-10T16:00:00Z'); // 2026-12-11 00:00 China time: the period is over

  it('N4: a published list is due to come down once its period is over, and only once (by one job)', () => {
    expect(takeDownDue(published(), NOW)).toBe(false);
    expect(takeDownDue(published(), new Date('2026-12-10T15:59:59Z'))).toBe(false);
    expect(takeDownDue(published(), after)).toBe(true);
    expect(takeDownDue({ ...published(), takeDownJobId: 'j1' }, after)).toBe(false);
    expect(takeDownDue(draft(), after)).toBe(false);
    expect(takeDownDue(listRemoved(published(), after), after)).toBe(false);
    expect(listRemoved(published(), after)).toMatchObject({
      status: 'listRemoved',
      listRemovedAt: after.toISOString(),
      text: text.text,
    });
  });

  it('R6: its files: the notice page per language, its JSON, the list per city and page, the lookup shards; the list and the shards under the two prefixes the take-down removes', () => {
    const id = 'JZS1-2026-N1';
    expect(noticeSite.index).toBe('announcements/index.json');
    expect(noticeSite.page(id, 'zh-CN')).toBe('announcements/JZS1-2026-N1/index.html');
    expect(noticeSite.page(id, 'en')).toBe('announcements/JZS1-2026-N1/en.html');
    expect(noticeSite.json(id)).toBe('announcements/JZS1-2026-N1/index.json');
    expect(noticeSite.root(id)).toBe('announcements/JZS1-2026-N1');
    expect(noticeSite.listPage(id, '4101', 2, 'zh-CN')).toBe('announcements/JZS1-2026-N1/list/4101/2.html');
    expect(noticeSite.listPage(id, '4101', 2, 'en')).toBe('announcements/JZS1-2026-N1/list/4101/2.en.html');
    expect(noticeSite.listJson(id, '4101', 2)).toBe('announcements/JZS1-2026-N1/list/4101/2.json');
    expect(noticeSite.lookupShard(id, 7)).toBe('announcements/JZS1-2026-N1/lookup/7.json');
    for (const k of [noticeSite.listPage(id, '4101', 2, 'en'), noticeSite.listJson(id, '4101', 2)])
      expect(k.startsWith(`${noticeSite.listPrefix(id)}/`)).toBe(true);
    expect(noticeSite.lookupShard(id, 7).startsWith(`${noticeSite.lookupPrefix(id)}/`)).toBe(true);
    expect(siteUrl(noticeSite.page(id, 'zh-CN'))).toBe('/announcements/JZS1-2026-N1/');
    expect(siteUrl(noticeSite.page(id, 'en'))).toBe('/announcements/JZS1-2026-N1/en.html');
    expect(siteUrl('index.html')).toBe('/');
    expect(siteUrl('a/myindex.html')).toBe('/a/myindex.html');
    expect(siteUrl('a/index.html.bak')).toBe('/a/index.html.bak');
  });

  it('R6: the list pages by city, in the order given, cities without candidates left out', () => {
    expect(pageRanges(['4101', '4102', '4103'], { '4103': 2, '4101': 1, '4102': 0 })).toEqual([
      { city: '4101', count: 1 },
      { city: '4103', count: 2 },
    ]);
    expect(pageRanges(['4101'], {})).toEqual([]);
  });

  it('R6: the home page lists it (title from the exam, published when hr confirmed), newest first, once', () => {
    const a = announcementOf(published(), '2026年度一级建造师资格考试');
    expect(a).toEqual({
      id: 'JZS1-2026-N1',
      title: noticeTitle('2026年度一级建造师资格考试'),
      publishedAt: NOW.toISOString(),
      url: '/announcements/JZS1-2026-N1/',
    });
    expect(noticeTitle('X')).toBe('X合格人员名单公示');
    expect(announcementOf(draft(), 'X').publishedAt).toBe(NOW.toISOString());
    const older = { id: 'old', title: 'o', publishedAt: '2026-01-01T00:00:00.000Z', url: '/o/' };
    const newer = { id: 'new', title: 'n', publishedAt: '2027-01-01T00:00:00.000Z', url: '/n/' };
    expect(withAnnouncement([older, newer], a).map((x) => x.id)).toEqual(['new', 'JZS1-2026-N1', 'old']);
    expect(withAnnouncement([{ ...a, title: 'stale' }, older], a)).toEqual([a, older]);
  });
});
