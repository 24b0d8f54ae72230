/** Who is signed in: a candidate's own records across exams (A1), or a staff member's department. */
import { candidateDeadlines } from '../domain/lifecycle.js';
import { appealView, lifecycleView, publicCandidateView } from '../domain/views.js';
import { loadCalendar } from '../lib/calendar.js';
import { personRecords } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import type { Actor } from './actor.js';

export async function whoAmI(actor: Actor) {
  if (actor.kind === 'staff')
    return { kind: 'staff', username: actor.username, role: actor.role, department: actor.dept };
  if (actor.kind !== 'candidate') return { kind: 'system' };
  const records = await personRecords(actor.personId);
  const [exams, cal] = await Promise.all([
    Promise.all(records.map((c) => getExam(c.examId))),
    loadCalendar(),
  ]);
  return {
    kind: 'candidate',
    personId: actor.personId,
    records: records.map((c, i) => {
      const exam = exams[i];
      return {
        ...publicCandidateView(c),
        ...appealView(c),
        ...(exam ? lifecycleView(c, exam, candidateDeadlines(cal, exam, c)) : {}),
        exam: exam ?? null,
      };
    }),
  };
}
