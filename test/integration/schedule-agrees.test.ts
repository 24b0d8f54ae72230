/**
 * One schedule everywhere: `npm run schedule`, the console's exam page and the running state machine
 * compute an exam's deadlines with the same code, so they agree.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executionName } from '../../functions/acts/candidate-change.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
});
afterAll(async () => {
  await sys?.stop();
});

it('R7, R11, R20: the schedule command, the console and the running state machine give the same deadlines', async () => {
  const exam = demoExams(new Date())[0] as { id: string; scoreRelease: string; examEnd: string };
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/schedule.ts',
      '--score-release',
      exam.scoreRelease,
      '--exam-end',
      exam.examEnd,
    ],
    { encoding: 'utf8' },
  );
  expect(cli.status).toBe(0);
  const fromCli = JSON.parse(cli.stdout);
  const hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
  const fromConsole = (await api.get(`/api/exams/${exam.id}`, hr)).body.schedule;
  expect(fromConsole).toEqual(fromCli);

  // the state machine of a candidate still being verified waits until the R7 deadline
  const cand = demoCandidates(new Date()).find((c) => c.examId === exam.id) as { personId: string };
  const name = executionName(exam.id, cand.personId, 1);
  await sys.runner.startExecution(name, { examId: exam.id, personId: cand.personId, generation: 1 });
  await sys.runner.idle();
  const waiting = sys.runner.describe(name).waitingOn;
  expect(waiting?.state).toBe('AwaitVerification');
  // whole seconds (TimeoutSecondsPath): never before the deadline, less than a second after it
  const late = Date.parse(waiting?.timeoutAt as string) - Date.parse(fromCli.verificationDue.endsAt);
  expect(late).toBeGreaterThanOrEqual(0);
  expect(late).toBeLessThan(1000);
  const view = (await api.get(`/api/exams/${exam.id}/candidates/${cand.personId}`, hr)).body;
  expect(view.deadline).toMatchObject({ endsAt: fromCli.verificationDue.endsAt, rule: 'R7' });
});
