/**
 * The job a result announcement starts (R9 round 1's, R13 the supplementary round's; N4): its spec only,
 * apart from the job's steps (./result-site.ts, which renders the pages and writes the site store), so
 * that recording the announcement (functions/acts/exam-events.ts) carries neither.
 */
import type { JobSpec } from '../domain/jobs.js';
import { listedResults } from '../domain/result-announcement.js';
import { CITIES } from './jobs.js';

/** Sources: each listed result × each city, then the last step (read late: CITIES is jobs.ts's). */
const sources = () => listedResults.length * CITIES.length + 1;

/** The job that renders an exam's result announcement on the public site (round 1's, or the supplementary round's). */
export function renderResultsJob(
  examId: string,
  actor: string,
  deptName: string,
  round: 1 | 2 = 1,
): Omit<JobSpec, 'sourceCount'> & { sourceCount: number } {
  return {
    kind: 'notice',
    action: round === 2 ? 'renderSupplementaryResults' : 'renderResults',
    // the publishing department is named on the page: carried by the job
    cause: `exam.${round === 2 ? 'supplementaryAnnounced' : 'resultsAnnounced'}|${deptName}`,
    actor,
    examId,
    scope: { examIds: [examId] },
    sourceCount: sources(),
  };
}
