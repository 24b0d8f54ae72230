/**
 * Demo data for paper certificates arriving per batch (N3) and their reissue (补发): last year's
 * 一级建造师 sitting (paper certificates), whose results were announced a year ago. Its qualified
 * candidates are in 郑州 (4101) and 洛阳 (4103); 郑州's batch of certificate numbers has been recorded
 * (through the real act and its job), 洛阳's is still to come — the newcomer records it in the console.
 * Two 郑州 holders received theirs by post: one reported it lost and has it reissued (the old number
 * reads `replaced`), the other may still report theirs lost.
 */
import type { StaffActor } from '../../functions/acts/actor.js';
import { keys } from '../../functions/data/tables.js';
import { todayInChina } from '../../functions/domain/calendar.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { Department } from '../../functions/domain/departments.js';
import type { Exam } from '../../functions/domain/exams.js';
import { loadCalendar } from '../../functions/lib/calendar.js';
import { batchPut, tableName } from '../../functions/lib/db.js';
import { dayOffset, qualifiedCandidate } from './seed-paper.js';

/** The paper exam, its candidates (郑州 first, then 洛阳) and the certificate numbers of 郑州's batch. */
export function demoArrival(now: Date): { exam: Exam; candidates: Candidate[]; zhengzhou: string } {
  const today = todayInChina(now);
  // more than a year before today's sitting (its id JZS1-{year} never meets that one's)
  const examEnd = dayOffset(today, -430);
  const year = Number(examEnd.slice(0, 4));
  const announced = `${dayOffset(today, -370)}T02:00:00.000Z`;
  const exam: Exam = {
    id: `JZS1-${year}`,
    examType: 'JZS1',
    name: `${year}年度一级建造师资格考试（纸质证书）`,
    year,
    examEnd,
    scoreRelease: dayOffset(today, -380),
    resultsAnnouncedAt: announced,
  };
  const names = ['高文博', '林晓燕', '何建国', '罗静怡', '梁志强', '宋佳琪', '唐海涛', '许丽娟'];
  const at = now.toISOString();
  const candidates = names.map((name, i) =>
    qualifiedCandidate(
      exam,
      {
        name,
        city: i < 4 ? '4101' : '4103',
        id: [i < 4 ? '410105' : '410302', `198${i}-0${(i % 9) + 1}-1${i}`, 970 + i],
        candidateNo: `JZS1${year}9${String(i + 1).padStart(3, '0')}`,
        phone: `1390000970${i}`,
        announced,
        // R18: half booked mail in time, the others collect on site (R19)
        facts:
          i % 2 === 0
            ? { bookedAt: announced }
            : { bookingClosedAt: `${dayOffset(today, -340)}T02:00:00.000Z` },
      },
      at,
    ),
  );
  return { exam, candidates, zhengzhou: '4101' };
}

/** The certificate number printed on a demo candidate's paper certificate. */
export const demoPaperNumber = (c: Pick<Candidate, 'candidateNo'>) => `ZS${c.candidateNo}`;

export async function seedArrival(
  now: Date,
  verifier: Department,
  item: (c: Candidate, exam: Exam) => Record<string, unknown>,
  counters: (cs: Candidate[]) => Record<string, unknown>[],
): Promise<void> {
  const { exam, candidates } = demoArrival(now);
  await batchPut(tableName('catalog'), [{ ...keys.exam(exam.id), ...exam }]);
  await loadCalendar();
  await batchPut(tableName('candidates'), [...candidates.map((c) => item(c, exam)), ...counters(candidates)]);
  const { recordBatch, requestReissue, completeReissue } = await import(
    '../../functions/acts/certificate-batches.js'
  );
  const { drainJob } = await import('../../functions/acts/job-runner.js');
  const staff: StaffActor = { kind: 'staff', username: 'zjt.verifier', role: 'verifier', dept: verifier };
  const zz = candidates.filter((c) => c.city === '4101');
  const csv = ['准考证号,证书编号', ...zz.map((c) => `${c.candidateNo},${demoPaperNumber(c)}`)].join('\r\n');
  const r = await recordBatch(staff, exam.id, { city: '4101', bytes: Buffer.from(csv) });
  await drainJob(r.jobId, { limit: { ratePerSecond: 1000, burst: 1000 } });
  // both booked holders in 郑州 got their certificates by post; the first lost it, and staff recorded
  // the reissued one (补发); the other can still report theirs lost in the portal
  const { recordEvent } = await import('../../functions/acts/lifecycle.js');
  for (const [i, c] of [zz[0], zz[2]].entries()) {
    const who = (c as Candidate).personId;
    await recordEvent(
      exam.id,
      who,
      { type: 'dispatched', trackingNo: `EMS970000000${i}` },
      'staff:zjt.verifier',
    );
    await recordEvent(exam.id, who, { type: 'delivered' }, 'system:chinaPost');
  }
  const holder = zz[0] as Candidate;
  await requestReissue({ kind: 'candidate', personId: holder.personId }, exam.id, { reason: '证书遗失' });
  await completeReissue(staff, exam.id, holder.personId, { certificateNo: `${demoPaperNumber(holder)}B` });
}
