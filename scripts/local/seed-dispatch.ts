/**
 * Demo data for dispatch and delivery by China Post (R18, R19, N3): a 一级建造师 sitting with paper
 * certificates whose results were announced ten days ago. All six candidates booked mail (through the
 * real act). 郑州's (4101) batch of certificates has arrived and its manifest was exported (their
 * bookings locked), the tracking numbers imported, and the delivery results: the first delivered, the
 * second failed once (back on the next manifest, told by SMS), the other two in the post. 洛阳's (4103)
 * certificates are still to come: the newcomer records that batch, exports the manifest, imports
 * tracking numbers and delivery results in the console.
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

const addresses = {
  '4101': { districtCode: '410105', street: '金水区经三路 66 号 2 号楼 1 单元 301 室', postcode: '450008' },
  '4103': { districtCode: '410302', street: '老城区中州东路 18 号院 5 号楼 402 室', postcode: '471000' },
} as const;

/** The exam and its candidates (郑州 first, then 洛阳); the certificate number of each. */
export function demoDispatch(now: Date): { exam: Exam; candidates: Candidate[] } {
  const today = todayInChina(now);
  const examEnd = dayOffset(today, -70);
  const year = Number(examEnd.slice(0, 4));
  const announced = `${dayOffset(today, -10)}T02:00:00.000Z`;
  const exam: Exam = {
    id: `JZS1-${year}-3`,
    examType: 'JZS1',
    name: `${year}年度一级建造师资格考试（邮寄证书）`,
    year,
    examEnd,
    scoreRelease: dayOffset(today, -60),
    resultsAnnouncedAt: announced,
  };
  const names = ['郑雅琴', '孙立伟', '杜明轩', '曹晓丽', '邓海波', '彭静雯'];
  const at = now.toISOString();
  const candidates = names.map((name, i) =>
    qualifiedCandidate(
      exam,
      {
        name,
        city: i < 4 ? '4101' : '4103',
        id: [i < 4 ? '410105' : '410302', `197${i}-1${i % 3}-0${i + 1}`, 980 + i],
        candidateNo: `JZS1${year}8${String(i + 1).padStart(3, '0')}`,
        phone: `1390000980${i}`,
        announced,
      },
      at,
    ),
  );
  return { exam, candidates };
}

/** The certificate number printed on a demo candidate's certificate. */
export const dispatchPaperNumber = (c: Pick<Candidate, 'candidateNo'>) => `ZS${c.candidateNo}`;
/** The tracking number China Post gave a demo candidate's certificate (attempt 1 or 2). */
export const demoTrackingNo = (i: number, attempt = 1) => `EM98${attempt}00000${i}CN`;

export async function seedDispatch(
  now: Date,
  verifier: Department,
  item: (c: Candidate, exam: Exam) => Record<string, unknown>,
  counters: (cs: Candidate[]) => Record<string, unknown>[],
): Promise<void> {
  const { exam, candidates } = demoDispatch(now);
  await batchPut(tableName('catalog'), [{ ...keys.exam(exam.id), ...exam }]);
  await loadCalendar();
  await batchPut(tableName('candidates'), [...candidates.map((c) => item(c, exam)), ...counters(candidates)]);
  const { putBooking } = await import('../../functions/acts/booking.js');
  const { recordBatch } = await import('../../functions/acts/certificate-batches.js');
  const { exportManifest, importPostFile } = await import('../../functions/acts/dispatch.js');
  const { drainJob } = await import('../../functions/acts/job-runner.js');
  const { readCandidate } = await import('../../functions/lib/candidates.js');
  const fast = { limit: { ratePerSecond: 1000, burst: 1000 } };
  for (const c of candidates)
    await putBooking({ kind: 'candidate', personId: c.personId }, exam.id, {
      recipient: c.name,
      phone: c.phone,
      phoneConfirm: c.phone,
      ...addresses[c.city as keyof typeof addresses],
      codAcknowledged: true,
    });
  const staff: StaffActor = { kind: 'staff', username: 'zjt.verifier', role: 'verifier', dept: verifier };
  const zz = candidates.filter((c) => c.city === '4101');
  const list = ['准考证号,证书编号', ...zz.map((c) => `${c.candidateNo},${dispatchPaperNumber(c)}`)];
  const batch = await recordBatch(staff, exam.id, { city: '4101', bytes: Buffer.from(list.join('\r\n')) });
  await drainJob(batch.jobId, fast);
  await drainJob((await exportManifest(staff, exam.id, { city: '4101' })).jobId, fast);
  const refs = await Promise.all(
    zz.map(async (c) => (await readCandidate(exam.id, c.personId))?.booking?.reference as string),
  );
  const tracking = ['reference,trackingNo', ...refs.map((r, i) => `${r},${demoTrackingNo(i)}`)];
  await drainJob(
    (await importPostFile(staff, exam.id, 'tracking', Buffer.from(tracking.join('\r\n')))).jobId,
    fast,
  );
  const on = todayInChina(now);
  const results = [
    'reference,result,reason,at',
    `${refs[0]},delivered,,${on}`,
    `${refs[1]},failed,收件人不在，多次联系未果,${on}`,
  ];
  await drainJob(
    (await importPostFile(staff, exam.id, 'delivery', Buffer.from(results.join('\r\n')))).jobId,
    fast,
  );
}
