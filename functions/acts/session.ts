/** Who is signed in: a candidate's own records across exams (A1), or a staff member's department. */
import { deliveryView } from '../domain/dispatch.js';
import { candidateDeadlines as deadlinesOf, phaseOf } from '../domain/lifecycle.js';
import { appealView, lettersServed, lifecycleView, nextStep, publicCandidateView } from '../domain/views.js';
import { loadCalendar } from '../lib/calendar.js';
import { personRecords } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { casesOf } from '../lib/revocations.js';
import type { Actor } from './actor.js';

export async function whoAmI(actor: Actor) {
  if (actor.kind === 'staff')
    return { kind: 'staff', username: actor.username, role: actor.role, department: actor.dept };
  if (actor.kind !== 'candidate') return { kind: 'system' };
  const records = await personRecords(actor.personId);
  const [exams, cases, cal] = await Promise.all([
    Promise.all(records.map((c) => getExam(c.examId))),
    // N1: each record's revocation cases (a handful at most, in the person's partition)
    Promise.all(records.map((c) => casesOf(c.personId, c.examId))),
    loadCalendar(),
  ]);
  const at = now();
  return {
    kind: 'candidate',
    personId: actor.personId,
    records: records.map((c, i) => {
      const exam = exams[i];
      const own = cases[i] ?? [];
      const d = exam ? deadlinesOf(cal, exam, c) : undefined;
      return {
        ...publicCandidateView(c),
        ...appealView(c),
        ...(exam && d ? lifecycleView(c, exam, d) : {}),
        // R18, R19: the post of a booked paper certificate: its tracking number and delivery state
        delivery: deliveryView(c),
        // the one thing to do now, and the letters served (UI: the portal's first screen; N1)
        todo: nextStep(c, exam && d ? phaseOf(c, exam, d) : { phase: 'done' }, own, at),
        letters: lettersServed(own),
        exam: exam ?? null,
      };
    }),
  };
}
