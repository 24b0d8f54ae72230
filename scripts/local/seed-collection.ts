/**
 * Demo data for on-site collection and custody (R19, R20): two earlier sittings of the paper exam
 * 一级建造师 (JZS1), whose certificates arrived long ago and were not booked for mail.
 *
 * - about two years ago: the site in 郑州 (4101) is still open — candidates 待现场领取 (one collects by
 *   proxy in the README journey); the site in 洛阳 (4103) closed months ago — candidates 代为保管, on
 *   the custody register
 * - over five years ago: custody has ended — candidates on the transfer register for hr (the schedule's
 *   sweep makes the register by itself; hr records receipt)
 */
import { keys } from '../../functions/data/tables.js';
import { todayInChina } from '../../functions/domain/calendar.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { type CollectionSite, DEFAULT_BRING } from '../../functions/domain/collection.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { candidateDeadlines, initialFacts } from '../../functions/domain/lifecycle.js';
import { loadCalendar } from '../../functions/lib/calendar.js';
import { batchPut, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { candidateItem, demoCounters } from './seed.js';

const DAY = 86_400_000;
const dayOffset = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const instant = (date: string) => `${date}T02:00:00.000Z`;

function sitting(today: string, daysAgo: number): Exam {
  const examEnd = dayOffset(today, -daysAgo);
  const year = Number(examEnd.slice(0, 4));
  const scoreRelease = dayOffset(examEnd, 60);
  return {
    id: `JZS1-${year}`,
    examType: 'JZS1',
    name: `${year}年度一级建造师资格考试`,
    year,
    examEnd,
    scoreRelease,
    resultsAnnouncedAt: instant(dayOffset(scoreRelease, 20)),
  };
}

export interface DemoCollection {
  /** the sitting of about two years ago: on site in 郑州, in custody in 洛阳 */
  recent: Exam;
  /** the sitting of over five years ago: custody ended, on the transfer register */
  old: Exam;
  sites: CollectionSite[];
  waiting: Candidate[];
  custody: Candidate[];
  transfer: Candidate[];
}

const NAMES = ['岳明辉', '钱雨桐', '邵建国', '戴晓琳', '龚志强', '龙海燕', '段文博', '雷振华'];

export function demoCollection(now: Date): DemoCollection {
  const today = todayInChina(now);
  const recent = sitting(today, 800);
  const old = sitting(today, 5 * 365 + 60);
  const at = now.toISOString();
  let n = 0;
  const candidate = (exam: Exam, city: string, area: string): Candidate => {
    const i = n++;
    const idNumber = syntheticIdNumber(area, `198${i % 10}-0${(i % 9) + 1}-1${i % 10}`, 960 + i);
    const announced = exam.resultsAnnouncedAt as string;
    return {
      personId: personIdOf(idNumber),
      examId: exam.id,
      examType: exam.examType,
      name: NAMES[i % NAMES.length] as string,
      idNumber,
      candidateNo: `JZS1${exam.year}${String(i + 1).padStart(4, '0')}`,
      phone: `1390000960${i}`,
      city,
      status: 'qualified',
      certificate: {
        kind: 'paper',
        number: `JZS1-${exam.year}-P${String(i + 1).padStart(6, '0')}`,
        issuedAt: dayOffset(exam.scoreRelease, 100),
        status: 'valid',
      } as Candidate['certificate'],
      lifecycle: {
        ...initialFacts(),
        resultNotifiedAt: announced,
        qualifiedAt: announced,
        // R18 → R19: not booked in the window: on site
        bookingClosedAt: instant(dayOffset(announced.slice(0, 10), 31)),
        // N3: its city's batch arrived 120 days after the score release
        certificateArrivedAt: instant(dayOffset(exam.scoreRelease, 120)),
      },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  };
  const site = (exam: Exam, city: string, name: string, address: string, opensOn: string, closesOn: string) =>
    ({
      examId: exam.id,
      city,
      name,
      address,
      opensOn,
      closesOn,
      hours: '工作日 9:00–12:00，14:00–17:00',
      bring: DEFAULT_BRING,
      phone: '0371-12345678',
      updatedAt: at,
      updatedBy: '河南省住房和城乡建设厅',
      version: 1,
    }) satisfies CollectionSite;
  return {
    recent,
    old,
    sites: [
      site(
        recent,
        '4101',
        '郑州市人才交流中心证书发放窗口',
        '郑州市金水区花园路 1 号 2 楼',
        dayOffset(today, -20),
        dayOffset(today, 40),
      ),
      site(
        recent,
        '4103',
        '洛阳市人事考试中心',
        '洛阳市洛龙区开元大道 8 号',
        dayOffset(today, -300),
        dayOffset(today, -240),
      ),
    ],
    waiting: [
      candidate(recent, '4101', '410102'),
      candidate(recent, '4101', '410105'),
      candidate(recent, '4101', '410102'),
    ],
    custody: [candidate(recent, '4103', '410302'), candidate(recent, '4103', '410302')],
    transfer: [
      candidate(old, '4101', '410105'),
      candidate(old, '4101', '410102'),
      candidate(old, '4103', '410302'),
    ],
  };
}

/** Seeds the two sittings, their sites and candidates (the old sitting's: put on the transfer register at custodyEnds). */
export async function seedCollection(now: Date): Promise<void> {
  const d = demoCollection(now);
  const cal = await loadCalendar();
  const transfer = d.transfer.map((c) => {
    const ends = candidateDeadlines(cal, d.old, c).custodyEnds;
    return {
      ...c,
      lifecycle: { ...(c.lifecycle ?? initialFacts()), transferListedAt: new Date(ends).toISOString() },
    };
  });
  await batchPut(tableName('catalog'), [
    ...[d.recent, d.old].map((e) => ({ ...keys.exam(e.id), ...e })),
    ...d.sites.map((s) => ({ ...keys.collectionSite(s.examId, s.city), ...s })),
  ]);
  const all = [...d.waiting, ...d.custody, ...transfer];
  await batchPut(tableName('candidates'), [
    ...all.map((c) => candidateItem(c, c.examId === d.old.id ? d.old : d.recent, cal)),
    ...demoCounters(all),
  ]);
}
