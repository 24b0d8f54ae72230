/**
 * Exams and candidates written straight to the tables (no lifecycle executions), for the job tests
 * (test/integration/jobs.test.ts) and the bench: candidates waiting for an exam-wide event (what a
 * broadcast job walks), an exam with no candidates yet (for an import), and booked candidates whose
 * paper certificates arrived (what a China Post manifest lists).
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/data/tables.js';
import { todayInChina } from '../../functions/domain/calendar.js';
import { newCandidate } from '../../functions/domain/candidate.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';
import { candidateRecord } from '../../functions/lib/candidates.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';

const DAY = 86_400_000;
const day = (offset: number) => todayInChina(new Date(Date.now() + offset * DAY));

let seq = 0;

/** An exam of this type in the catalog (its results announced now unless `announced` is false). */
export async function testExam(examType = 'JZS2', announced = true): Promise<Exam> {
  const exam: Exam = {
    id: `${examType}-J${++seq}${randomBytes(2).toString('hex').toUpperCase()}`,
    examType,
    name: '测试考试',
    year: 2026,
    examEnd: day(-40),
    scoreRelease: day(-20),
    ...(announced ? { resultsAnnouncedAt: new Date().toISOString() } : {}),
  };
  await ddb.send(
    new PutCommand({ TableName: tableName('catalog'), Item: { ...keys.exam(exam.id), ...exam } }),
  );
  return exam;
}

async function putAll(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName('candidates')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}

/** Person `i` of the exam made last: 100 order numbers a birth date, a new birth year for every exam. */
function idNumberOf(i: number): string {
  return syntheticIdNumber(
    '410102',
    `${1960 + seq}-${String(1 + Math.floor(i / 100)).padStart(2, '0')}-15`,
    i,
  );
}

/** An electronic exam whose result announcement is out, and `n` candidates waiting for it. */
export async function examWithWaiting(n: number): Promise<{ exam: Exam; personIds: string[] }> {
  const exam = await testExam();
  const personIds: string[] = [];
  const items = Array.from({ length: n }, (_, i) => {
    const idNumber = idNumberOf(i);
    const personId = personIdOf(idNumber);
    personIds.push(personId);
    const c = newCandidate(
      { idNumber, name: '测试考生', phone: '13900000000', city: '4101' },
      exam,
      personId,
      new Date(),
    );
    return candidateRecord({
      ...c,
      status: 'qualified',
      lifecycle: { ...initialFacts(), executionStartedAt: new Date().toISOString() },
      taskToken: `token-${i}`,
      waitingPhase: 'results',
    });
  });
  await putAll(items);
  return { exam, personIds };
}

/**
 * A paper exam (一级建造师) whose results were just announced and `n` qualified candidates of 郑州市 who
 * booked mail (R18) and whose paper certificates arrived (N3): each belongs on the next China Post manifest.
 */
export async function examWithBookings(n: number): Promise<{ exam: Exam; references: string[] }> {
  const exam = await testExam('JZS1');
  const at = new Date().toISOString();
  const announced = exam.resultsAnnouncedAt as string;
  const references: string[] = [];
  const items = Array.from({ length: n }, (_, i) => {
    const idNumber = idNumberOf(i);
    const reference = `${exam.id.slice(-4)}${String(i).padStart(6, '0')}`;
    references.push(reference);
    const c = newCandidate(
      { idNumber, name: '测试考生', phone: '13900000000', city: '4101' },
      exam,
      personIdOf(idNumber),
      new Date(),
    );
    return candidateRecord({
      ...c,
      candidateNo: `T${exam.id.slice(-4)}${String(i).padStart(5, '0')}`,
      status: 'qualified',
      certificate: { kind: 'paper', number: `ZS${reference}`, issuedAt: day(-5), status: 'valid' },
      booking: {
        reference,
        recipient: '测试考生',
        phone: '13900000000',
        districtCode: '410105',
        provinceName: '河南省',
        cityName: '郑州市',
        districtName: '金水区',
        street: '金水区经三路 66 号',
        postcode: '450008',
        codAcknowledged: true,
        bookedAt: at,
        lockedAt: null,
      },
      lifecycle: {
        ...initialFacts(),
        resultNotifiedAt: announced,
        qualifiedAt: announced,
        bookedAt: at,
        certificateArrivedAt: at,
      },
    });
  });
  await putAll(items);
  return { exam, references };
}
