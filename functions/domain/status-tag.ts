/**
 * The one word for a candidate's status wherever it is shown (R19, R20; UI.md: status as words): the
 * record's tag and the collection panel say it from this function, so they agree. Types only, so the
 * web bundles take it without the schemas.
 */
import type { CandidateStatus } from './candidate.js';
import type { PaperStatus } from './collection.js';
import type { Phase } from './lifecycle.js';

/** The message key of a status tag: the status's, or a qualified candidate's certificate step. */
export type StatusTagKey =
  | `status.${CandidateStatus}`
  | `tag.${'booked' | 'posted' | 'collect' | PaperStatus}`;

/**
 * An on-site certificate's own status when it is known (paperStatusOf: 待现场领取, 代为保管, 已移交, …),
 * else for a qualified candidate the step of the post (booked, posted) or on site (collect), else the
 * status itself.
 */
export function statusTagOf(
  status: CandidateStatus,
  phase: Phase | undefined,
  paper: PaperStatus | null | undefined,
): StatusTagKey {
  if (paper) return `tag.${paper}`;
  if (status !== 'qualified') return `status.${status}`;
  if (phase === 'dispatch') return 'tag.booked';
  if (phase === 'delivery') return 'tag.posted';
  if (phase === 'collection') return 'tag.collect';
  return `status.${status}`;
}
