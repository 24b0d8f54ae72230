/**
 * The first screen after sign-in: for each exam the candidate's status in words, the one thing they can
 * do now with its deadline (T4: "2024年10月8日 24:00（北京时间）前", and "还剩 N 天" when it is near), and the
 * facts it rests on. Nothing else above the fold.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { CheckTag, ProvisionalTag, StatusTag, useTitle } from '../components.js';
import {
  daysLeftIfNear,
  deadlineProvisional,
  formatDate,
  formatDateTime,
  formatDeadline,
} from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { type TimelineEntry, TimelineSection } from '../timeline.js';
import type { CandidateDeadline, CandidateRecord, Phase } from '../types.js';
import './messages.js';
import { PortalAppeal } from './appeal.js';
import { PortalBooking } from './booking.js';
import { PortalCertificate } from './certificate.js';
import { PortalCollection, usePaperCollection } from './collection.js';
import { PortalDelivery } from './delivery.js';
import { letterAnchor, PortalRevocations } from './revocation.js';
import { Supplementary } from './supplementary.js';

const checks = ['education', 'major', 'workYears'] as const;

export function Status({
  records,
  session,
  onChanged,
}: {
  records: CandidateRecord[];
  session?: Session;
  /** an act changed the record's phase (a booking): read the records again */
  onChanged?: () => void;
}) {
  useTitle(t('portal.statusHeading'));
  return (
    <>
      <h1 class="page-title">{t('portal.statusHeading')}</h1>
      {records.length ? (
        <p class="lead">{t('portal.statusIntro')}</p>
      ) : (
        <p class="empty">{t('portal.noRecords')}</p>
      )}
      {records.map((r) => (
        <Record key={`${r.examId}`} r={r} session={session} onChanged={onChanged} />
      ))}
    </>
  );
}

function Record({
  r,
  session,
  onChanged,
}: {
  r: CandidateRecord;
  session?: Session | undefined;
  onChanged?: (() => void) | undefined;
}) {
  const headingId = `rec-${r.examId}`;
  const paper = usePaperCollection(r, session);
  return (
    <section class="record" aria-labelledby={headingId}>
      <h2 id={headingId} class="record-title">
        {r.exam?.name ?? r.examTypeName}
      </h2>
      <p class="record-status">
        <span class="visually-hidden">{t('rec.status')}：</span>
        <StatusTag status={r.status} phase={r.phase} paper={paper?.status} />
      </p>
      <NextStep r={r} />
      {session && <PortalRevocations r={r} session={session} />}
      {/* R10: the form while there is something to submit (not once taken part, nor after the deadline) */}
      {session &&
        (r.todo
          ? r.todo.kind === 'supplementary'
          : r.status === 'pending' && r.phase === 'supplementary') && (
          <Supplementary r={r} session={session} />
        )}
      {session && <PortalAppeal r={r} session={session} />}
      {session && <PortalBooking r={r} session={session} onChanged={onChanged} />}
      <PortalDelivery r={r} />
      <PortalCertificate r={r} session={session} />
      <PortalCollection r={r} c={paper} />
      <dl class="facts">
        <div>
          <dt>{t('rec.name')}</dt>
          <dd>{r.name}</dd>
        </div>
        <div>
          <dt>{t('rec.idNumber')}</dt>
          <dd class="mono">{r.idNumberMasked}</dd>
        </div>
        <div>
          <dt>{t('rec.city')}</dt>
          <dd>{r.cityName}</dd>
        </div>
        <div>
          <dt>{t('rec.certificate')}</dt>
          <dd>{r.certificateKind ? t(`cert.${r.certificateKind}`) : t('cert.unknown')}</dd>
        </div>
        {r.exam && (
          <div>
            <dt>{t('rec.scoreRelease')}</dt>
            <dd>{formatDate(r.exam.scoreRelease)}</dd>
          </div>
        )}
        <div>
          <dt>{t('rec.updatedAt')}</dt>
          <dd>{formatDateTime(r.updatedAt)}</dd>
        </div>
      </dl>
      <Commitment r={r} />
      {session && <OwnTimeline r={r} session={session} />}
    </section>
  );
}

/** The candidate's own 办理记录 for this exam (issue 9 §5): loaded after the status, below it. */
function OwnTimeline({ r, session }: { r: CandidateRecord; session: Session }) {
  const [state, setState] = useState<{
    data?: { items: TimelineEntry[]; more?: boolean };
    error?: unknown;
    loading: boolean;
  }>({ loading: true });
  useEffect(() => {
    let live = true;
    api<{ items: TimelineEntry[]; more?: boolean }>(
      `/api/exams/${encodeURIComponent(r.examId)}/candidates/${encodeURIComponent(r.personId)}/timeline`,
      { session },
    )
      .then((data) => live && setState({ data, loading: false }))
      .catch((error: unknown) => live && setState({ error, loading: false }));
    return () => {
      live = false;
    };
  }, [r.examId, r.personId]);
  return <TimelineSection id={`tl-${r.examId}`} level={3} {...state} />;
}

/** Phases where the candidate acts before the deadline: there "还剩 N 天" helps. */
const candidateActs: readonly Phase[] = ['supplementary', 'appeal', 'booking', 'collection'];
/** Phases whose sentence names the deadline (each has an `.open` wording for when there is none). */
const withDeadline: readonly Phase[] = [
  'verification',
  'supplementary',
  'appeal',
  'appealDecision',
  'booking',
  'dispatch',
  'collection',
];

/** Stands for the deadline in a sentence, so the page can set the deadline in bold. */
const MARK = '\u0000';

/**
 * The one sentence for the record: what the candidate can do now, or what happens next, and by when.
 * `deadline` fills the deadline's place (default: the T4 wording).
 */
export function nextAction(r: CandidateRecord, now = new Date(), deadline?: string): string {
  const p = r.phase;
  if (!p) return t(`next.${r.status}` as MessageKey);
  if (p === 'done') {
    if (r.status === 'qualified')
      return t(r.certificateKind === 'electronic' ? 'act.done.electronic' : 'act.done.qualified');
    if (r.status === 'unqualified') return t('act.done.unqualified');
    return t(`next.${r.status}` as MessageKey);
  }
  if (!withDeadline.includes(p)) return t(`act.${p}` as MessageKey);
  const d = r.deadline;
  if (!d) return t(`act.${p}.open` as MessageKey);
  const left = candidateActs.includes(p) ? daysLeftIfNear(d, now) : null;
  return t(`act.${p}` as MessageKey, {
    deadline: deadline ?? formatDeadline(d.date),
    left: left ? t('act.left', { left }) : '',
  });
}

/**
 * The one thing to do now as the server derives it (functions/domain/views.ts nextStep: status, phase,
 * open case): the sentence and the deadline it names, or null where the phase's own sentence says it.
 */
export function todoAction(
  r: CandidateRecord,
  now = new Date(),
  deadline?: string,
): { text: string; deadline: CandidateDeadline | null } | null {
  const todo = r.todo;
  if (!todo || todo.kind === 'phase') return null;
  if (todo.kind === 'nothing') return r.phase === 'done' ? null : { text: t('todo.nothing'), deadline: null };
  if (todo.kind === 'wait') {
    if (todo.on === 'appeal') return null;
    return { text: t(`todo.wait.${todo.on}`), deadline: null };
  }
  const d = todo.deadline;
  const left = daysLeftIfNear(d, now);
  const vars = { deadline: deadline ?? formatDeadline(d.date), left: left ? t('act.left', { left }) : '' };
  return {
    text: todo.kind === 'defence' ? t('todo.defence', vars) : t(`act.${todo.kind}`, vars),
    deadline: d,
  };
}

/** The portal's first panel: the one thing to do now and its deadline (UI: nothing else above the fold). */
function NextStep({ r }: { r: CandidateRecord }) {
  const provisional = deadlineProvisional(r);
  const todo = todoAction(r, new Date(), MARK);
  const when = todo ? todo.deadline : r.deadline;
  const [before, after] = (todo ? todo.text : nextAction(r, new Date(), MARK)).split(MARK);
  return (
    <div class="next-step" data-testid="next-step">
      <h3 class="next-step-title">{t('portal.whatNext')}</h3>
      <p class="next-action">
        {before}
        {after !== undefined && when && (
          <>
            <strong class="deadline-when">{formatDeadline(when.date)}</strong>
            {after}
          </>
        )}
      </p>
      {todo?.deadline?.rule === 'N1' && (
        <p>
          <a href={`#case-${r.todo?.kind === 'defence' ? r.todo.caseId : ''}`}>{t('todo.toDefence')}</a>
        </p>
      )}
      {provisional && (
        <p class="next-provisional">
          <ProvisionalTag /> {t('act.provisional')}
        </p>
      )}
      <LettersServed r={r} />
    </div>
  );
}

/** N1: the letters served on the candidate, with their dates, each linked to its text below. */
function LettersServed({ r }: { r: CandidateRecord }) {
  if (!r.letters?.length) return null;
  return (
    <div class="letters-served" data-testid="letters-served">
      <h4>{t('todo.letters')}</h4>
      <ul>
        {r.letters.map((l) => (
          <li key={l.caseId + l.servedAt}>
            <a href={`#${letterAnchor(l)}`}>{l.title}</a> ·{' '}
            {t('rev.servedAt', { at: formatDateTime(l.servedAt) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Commitment({
  r,
  level = 3,
}: {
  r: { commitment: CandidateRecord['commitment'] };
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div class="commitment">
      <Heading class="commitment-title">{t('rec.commitment')}</Heading>
      {r.commitment ? (
        <dl class="facts facts--inline">
          {checks.map((c) => (
            <div key={c}>
              <dt>{t(`check.${c}`)}</dt>
              <dd>
                <CheckTag result={r.commitment?.[c] ?? 'manual'} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>{t('check.none')}</p>
      )}
    </div>
  );
}
