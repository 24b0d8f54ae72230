/** The verification result announcement on the public site (R9, N4) in the pure core. */
import { describe, expect, it } from 'vitest';
import {
  listedResults,
  nextStepText,
  resultsAnnouncementOf,
  resultsId,
  resultsSite,
  resultsTitle,
  supplementaryListed,
  supplementaryNextStepText,
  supplementaryResultsId,
  supplementaryResultsTitle,
} from '../../functions/domain/result-announcement.js';

describe('the result announcement (R9)', () => {
  it('R9, N4: it lists only the unqualified and the pending by name; the qualified are counted', () => {
    expect(listedResults).toEqual(['unqualified', 'pending']);
  });

  it('R10, R11, R12: each listed candidate is told what to do and by when, in words and the T4 deadline', () => {
    const due = '2026-11-23';
    expect(nextStepText('pending', due, 'zh-CN')).toBe(
      '请于2026年11月23日 24:00（北京时间）前登录考生服务参加补充资格核查，提交报考条件证明材料；逾期未参加视为放弃考试资格（R10、R12）。',
    );
    expect(nextStepText('unqualified', due, 'zh-CN')).toBe(
      '如对核查结论有异议，可于2026年11月23日 24:00（北京时间）前登录考生服务提出申辩（R10、R11）。',
    );
    expect(nextStepText('pending', due, 'en')).toContain(
      'supplementary verification by 24:00 China Standard Time',
    );
    expect(nextStepText('unqualified', due, 'en')).toContain('appeal by 24:00 China Standard Time');
  });

  it('R9: its files and its place in the announcement list', () => {
    expect(resultsId('JZS2-2026')).toBe('JZS2-2026-R1');
    expect(resultsTitle('X')).toBe('X资格核查结果公告');
    expect(resultsSite.page('A-R1', 'zh-CN')).toBe('announcements/A-R1/index.html');
    expect(resultsSite.page('A-R1', 'en')).toBe('announcements/A-R1/en.html');
    expect(resultsSite.json('A-R1')).toBe('announcements/A-R1/index.json');
    expect(resultsSite.listPage('A-R1', 'pending', '4101', 2, 'zh-CN')).toBe(
      'announcements/A-R1/list/pending/4101/2.html',
    );
    expect(resultsSite.listPage('A-R1', 'unqualified', '4101', 2, 'en')).toBe(
      'announcements/A-R1/list/unqualified/4101/2.en.html',
    );
    expect(resultsSite.listJson('A-R1', 'pending', '4103', 1)).toBe(
      'announcements/A-R1/list/pending/4103/1.json',
    );
    expect(
      resultsAnnouncementOf('JZS2-2026', '2026年度二级建造师资格考试', '2026-12-01T00:00:00.000Z'),
    ).toEqual({
      id: 'JZS2-2026-R1',
      title: '2026年度二级建造师资格考试资格核查结果公告',
      publishedAt: '2026-12-01T00:00:00.000Z',
      url: '/announcements/JZS2-2026-R1/',
    });
  });
});

describe('the supplementary result announcement (R13)', () => {
  it('R13, N4: it lists everyone decided in the supplementary round, qualified and unqualified; its files and its place in the list', () => {
    expect(supplementaryListed).toEqual(['qualified', 'unqualified']);
    expect(supplementaryResultsId('JZS2-2026')).toBe('JZS2-2026-R2');
    expect(supplementaryResultsTitle('X')).toBe('X补充资格核查结果公告');
    expect(resultsAnnouncementOf('JZS2-2026', 'X', '2026-12-01T02:00:00.000Z', 2)).toEqual({
      id: 'JZS2-2026-R2',
      title: 'X补充资格核查结果公告',
      publishedAt: '2026-12-01T02:00:00.000Z',
      url: '/announcements/JZS2-2026-R2/',
    });
    expect(resultsAnnouncementOf('JZS2-2026', 'X', '2026-12-01T02:00:00.000Z').id).toBe('JZS2-2026-R1');
  });

  it('R13: each list says its result and that each candidate has been told individually', () => {
    expect(supplementaryNextStepText('qualified', 'zh-CN')).toBe(
      '补充资格核查合格。结果已逐一告知本人，证书办理请登录考生服务查看（R13）。',
    );
    expect(supplementaryNextStepText('unqualified', 'zh-CN')).toBe(
      '补充资格核查不合格。结果及原因已逐一告知本人，可登录考生服务查看（R13）。',
    );
    expect(supplementaryNextStepText('qualified', 'en')).toMatch(/^Found qualified.*told individually/);
    expect(supplementaryNextStepText('unqualified', 'en')).toMatch(/^Found unqualified.*told individually/);
  });
});
