/**
 * Candidates waiting for an exam-wide event, written straight to the tables (no lifecycle executions):
 * what a broadcast job walks. For the job tests (test/integration/jobs.test.ts) and the bench.
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
/** An electronic exam whose result announcement is out, and `n` candidates waiting for it. */
export async function examWithWaiting(n: number): Promise<{ exam: Exam; personIds: string[] }> {
  const exam: Exam = {
    id: `JZS2-J${++seq}${randomBytes(2).toString('hex').toUpperCase()}`,
    examType: 'JZS2',
    name: '测试考试',
    year: 2026,
    examEnd: day(-40),
    scoreRelease: day(-20),
    resultsAnnouncedAt: new Date().toISOString(),
  };
  await ddb.send(
    new PutCommand({ TableName: tableName('catalog'), Item: { ...keys.exam(exam.id), ...exam } }),
  );
  const personIds: string[] = [];
  const items = Array.from({ length: n }, (_, i) => {
    // 100 order numbers a birth date: a new date for every hundred candidates, a new year for every exam
    const birth = `${1960 + seq}-${String(1 + Math.floor(i / 100)).padStart(2, '0')}-15`;
    const idNumber = syntheticIdNumber('410102', birth, i);
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
  for (let i = 0; i < items.length; i += 25) {
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName('candidates')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  return { exam, personIds };
}
