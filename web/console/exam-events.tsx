/**
 * Exam-wide events on an exam's page: the provincial verifier publishes the verification result
 * announcement (R9), the supplementary result announcement (R13), and records that the certificates
 * have arrived (N3); hr issues the electronic certificates (R17) with the issue date and the issuing
 * department's name it types on the check step. Each reaches every waiting candidate, so it is never one click away: a check step
 * says what will happen and to how many candidates, and needs a ticked box; the answer says how many
 * candidates were reached and what happens next.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { SEAL_MAX_BYTES } from '../../functions/domain/certificates.js';
import { type DepartmentKind, staffActs } from '../../functions/domain/departments.js';
import {
  DEFAULT_ISSUER,
  type ExamEventBlock,
  type ExamEventKind,
  examEventBlock,
  examEventKinds,
  examEvents,
} from '../../functions/domain/exam-events.js';
import type { JobView } from '../../functions/domain/jobs.js';
import { siteUrl } from '../../functions/domain/notices.js';
import {
  resultsId,
  resultsSite,
  supplementaryResultsId,
} from '../../functions/domain/result-announcement.js';
import { ApiError, api } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, Field, FileField, type FormError } from '../components.js';
import { beijingToday, formatDate, formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { CandidateView, ExamDetail, Page, Phase } from '../types.js';
import { consoleSession } from './data.js';
import { JobProgress, useJob } from './jobs.js';
import './messages.js';

type Kind = ExamEventKind;
const EVENTS = examEventKinds.map((kind) => ({ kind, ...examEvents[kind] }));
/** The events a department records (functions/domain/departments.ts staffActs): R9/R13/N3 the verifier's, R17 hr's. */
const eventsOf = (dept: DepartmentKind) =>
  EVENTS.filter((e) => (staffActs[e.act].who as readonly DepartmentKind[]).includes(dept));
const eventOf = (kind: Kind) => EVENTS.find((e) => e.kind === kind) ?? (EVENTS[0] as (typeof EVENTS)[number]);

/** An event just recorded, with the job that reaches every waiting candidate. */
export interface Recorded {
  kind: Kind;
  rule: string;
  jobId: string;
  job: JobView;
}

type State = { step: 'list' } | { step: 'check'; kind: Kind };

/** R17: what the issuance of the electronic certificates says on each certificate. */
interface Issuance {
  issuedOn: string;
  issuer: string;
  /** the seal image chosen (uploaded on confirm), or none: the demo seal */
  seal: File | null;
}
const ISSUANCE_FIELDS = ['issuedOn', 'issuer', 'seal'] as const;

/** The public page of a result announcement: round 1's (R9) or the supplementary round's (R13). */
const publicPage = (examId: string, kind: Kind) =>
  siteUrl(
    resultsSite.page(
      kind === 'supplementaryAnnounced' ? supplementaryResultsId(examId) : resultsId(examId),
      'zh-CN',
    ),
  );

/** Why an event cannot be recorded yet: the domain's own rule (functions/domain/exam-events.ts). */
const blockMessages: Record<ExamEventBlock, MessageKey> = {
  resultsFirst: 'ev.notYet.supplementaryAnnounced',
  paperOnly: 'ev.notYet.certificatesIssued',
};
function notYet(exam: ExamDetail, kind: Kind): MessageKey | null {
  const block = examEventBlock(exam, kind);
  if (block === 'resultsFirst' && kind === 'certificatesIssued') return 'ev.notYet.resultsFirst';
  return block ? blockMessages[block] : null;
}

/** How many candidates an event will touch: counted on the work queue, a bounded number of pages. */
type Count = { state: 'counting' } | { state: 'done'; n: number; atLeast: boolean } | { state: 'failed' };
const COUNT_PAGE = 200;
const COUNT_MAX_PAGES = 50;

async function countInPhase(examId: string, phase: Phase, live: () => boolean): Promise<Count> {
  let n = 0;
  let cursor: string | null = null;
  for (let pages = 0; pages < COUNT_MAX_PAGES && live(); pages++) {
    const page: Page<CandidateView> = await api<Page<CandidateView>>(
      `/api/exams/${encodeURIComponent(examId)}/candidates`,
      { session: consoleSession, query: { limit: COUNT_PAGE, cursor } },
    );
    n += page.items.filter((c) => c.phase === phase).length;
    cursor = page.nextCursor;
    if (!cursor) return { state: 'done', n, atLeast: false };
  }
  return { state: 'done', n, atLeast: true };
}

/** `done`: the last event recorded here (kept by the page, which reloads the exam afterwards). */
export function ExamEvents({
  exam,
  deptKind,
  done,
  onRecorded,
}: {
  exam: ExamDetail;
  deptKind: DepartmentKind;
  done: Recorded | null;
  onRecorded: (r: Recorded) => void;
}) {
  const [state, setState] = useState<State>({ step: 'list' });
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [count, setCount] = useState<Count>({ state: 'counting' });
  const [issuance, setIssuance] = useState<Issuance>({ issuedOn: '', issuer: DEFAULT_ISSUER, seal: null });
  /** where focus goes after the next render: the check step, the confirmation, or back to a button */
  const [focus, setFocus] = useState<string | null>(null);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!focus) return;
    root.current?.querySelector<HTMLElement>(focus)?.focus();
    setFocus(null);
  }, [focus]);

  const checking = state.step === 'check' ? state.kind : null;
  useEffect(() => {
    if (!checking) return;
    let live = true;
    setCount({ state: 'counting' });
    countInPhase(exam.id, eventOf(checking).phase, () => live)
      .then((c) => live && setCount(c))
      .catch(() => live && setCount({ state: 'failed' }));
    return () => {
      live = false;
    };
  }, [checking, exam.id]);

  const recordedAt = (k: Kind): string | undefined => exam[eventOf(k).field];

  function open(kind: Kind) {
    setErrors([]);
    setAgreed(false);
    // the count of an earlier check is not shown again while this one counts
    setCount({ state: 'counting' });
    if (kind === 'certificatesIssued') setIssuance((x) => ({ ...x, issuedOn: beijingToday() }));
    setState({ step: 'check', kind });
    setFocus('#event-check-title');
  }

  function cancel(kind: Kind) {
    setAgreed(false);
    setErrors([]);
    setState({ step: 'list' });
    setFocus(`[data-event="${kind}"] button`);
  }

  async function confirm(kind: Kind) {
    setBusy(true);
    setErrors([]);
    try {
      const result = await api<Recorded>(`/api/exams/${encodeURIComponent(exam.id)}/events`, {
        method: 'POST',
        body: kind === 'certificatesIssued' ? { kind, ...(await issuanceBody(exam.id, issuance)) } : { kind },
        session: consoleSession,
      });
      setState({ step: 'list' });
      setAgreed(false);
      onRecorded(result);
      setFocus('[data-testid="event-done"]');
    } catch (e) {
      setErrors(errorsFrom(e, ISSUANCE_FIELDS));
    } finally {
      setBusy(false);
    }
  }

  const phaseName = (kind: Kind) => t(`phase.${eventOf(kind).phase}` as MessageKey);

  return (
    <section aria-labelledby="events-title" class="exam-events" data-testid="exam-events" ref={root}>
      <h2 id="events-title">{t('ev.heading')}</h2>
      <ErrorSummary errors={errors} />
      {done && state.step === 'list' && (
        <section
          class="panel--confirmation"
          data-testid="event-done"
          tabIndex={-1}
          aria-labelledby="event-done-title"
        >
          <h3 id="event-done-title">{t(`ev.done.${done.kind}` as MessageKey)}</h3>
          <Broadcast recorded={done} />
          <p>{t('ev.next')}</p>
        </section>
      )}
      {state.step === 'check' ? (
        <div class="panel" data-testid="event-check">
          <h3 id="event-check-title" tabIndex={-1}>
            {t('ev.checkTitle', { what: t(`ev.title.${state.kind}` as MessageKey) })}{' '}
            <span class="rule">{eventOf(state.kind).rule}</span>
          </h3>
          <p>{t(`ev.effect.${state.kind}` as MessageKey)}</p>
          {state.kind === 'certificatesIssued' && (
            <IssuanceFields value={issuance} onValue={setIssuance} errors={errors} disabled={busy} />
          )}
          <p data-testid="event-count">
            <strong>
              {count.state === 'counting'
                ? t('ev.counting')
                : count.state === 'failed'
                  ? t('ev.countFailed')
                  : count.n === 0 && !count.atLeast
                    ? t('ev.countNone', { phase: phaseName(state.kind) })
                    : t(count.atLeast ? 'ev.countAtLeast' : 'ev.count', {
                        n: formatNumber(count.n),
                        phase: phaseName(state.kind),
                      })}
            </strong>
          </p>
          <p>{t('ev.final')}</p>
          <div class="checkbox">
            <input
              id="event-agree"
              type="checkbox"
              checked={agreed}
              disabled={busy}
              onChange={(e) => setAgreed((e.currentTarget as HTMLInputElement).checked)}
            />
            <label for="event-agree">{t('ev.agree')}</label>
          </div>
          <div class="button-group">
            <button
              type="button"
              class="button"
              disabled={!agreed || busy}
              aria-describedby="event-progress"
              onClick={() => void confirm(state.kind)}
            >
              {t('ev.confirm')}
            </button>
            <button
              type="button"
              class="button button--secondary"
              disabled={busy}
              onClick={() => cancel(state.kind)}
            >
              {t('ev.cancel')}
            </button>
          </div>
          {/* present before the work starts, so screen readers announce the progress text */}
          <p id="event-progress" role="status" class="hint" data-testid="event-progress">
            {busy ? t('ev.working') : ''}
          </p>
        </div>
      ) : (
        <ul class="event-list">
          {eventsOf(deptKind).map((e) => {
            const at = recordedAt(e.kind);
            return (
              <li key={e.kind} data-event={e.kind}>
                <span class="event-name">
                  {t(`ev.title.${e.kind}` as MessageKey)} <span class="rule">{e.rule}</span>
                </span>{' '}
                {at ? (
                  <>
                    <span class="event-at" data-testid={`event-at-${e.kind}`}>
                      {t('ev.recordedAt', { at: formatDateTime(at) })}
                      {e.kind === 'certificatesIssued' && exam.certificateIssuance && (
                        <>
                          {' '}
                          {t('ev.issuance.recorded', {
                            date: formatDate(exam.certificateIssuance.issuedOn),
                            issuer: exam.certificateIssuance.issuer,
                          })}
                        </>
                      )}
                    </span>
                    {/* R9, R13: the announcement's public page (rendered by its job) */}
                    {(e.kind === 'resultsAnnounced' || e.kind === 'supplementaryAnnounced') && (
                      <>
                        {' '}
                        <a href={publicPage(exam.id, e.kind)} data-testid={`event-page-${e.kind}`}>
                          {t('ev.publicPage')}
                        </a>
                      </>
                    )}
                  </>
                ) : done?.kind === e.kind ? (
                  // recorded just now; the time shows once the exam has reloaded
                  <span class="event-at">{t('ev.recorded')}</span>
                ) : notYet(exam, e.kind) ? (
                  <span class="hint" data-testid={`event-not-yet-${e.kind}`}>
                    {t(notYet(exam, e.kind) as MessageKey)}
                  </span>
                ) : (
                  <button type="button" class="button button--secondary" onClick={() => open(e.kind)}>
                    {t(`ev.button.${e.kind}` as MessageKey)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** R17: the issuance as the API takes it: the seal image uploaded first, then named by its id. */
async function issuanceBody(examId: string, i: Issuance) {
  const body = { issuedOn: i.issuedOn, issuer: i.issuer };
  if (!i.seal) return body;
  if (i.seal.size > SEAL_MAX_BYTES || (i.seal.type && i.seal.type !== 'image/png'))
    throw new ApiError(
      400,
      'VALIDATION',
      t('ev.issuance.sealBad'),
      [{ field: 'seal', message: t('ev.issuance.sealBad') }],
      false,
    );
  const { seal } = await api<{ seal: string }>(`/api/exams/${encodeURIComponent(examId)}/certificate-seals`, {
    method: 'POST',
    file: { data: i.seal, type: 'image/png' },
    session: consoleSession,
  });
  return { ...body, seal };
}

/** R17: the issue date, the issuing department's name and its seal the certificates will carry. */
function IssuanceFields(p: {
  value: Issuance;
  onValue: (v: Issuance) => void;
  errors: FormError[];
  disabled: boolean;
}) {
  return (
    <div data-testid="issuance-fields">
      <Field
        id="issuedOn"
        label={t('ev.issuance.issuedOn')}
        hint={t('ev.issuance.issuedOnHint')}
        value={p.value.issuedOn}
        onValue={(issuedOn) => p.onValue({ ...p.value, issuedOn })}
        error={errorFor(p.errors, 'issuedOn')}
        autoComplete="off"
        maxLength={10}
        width="short"
        disabled={p.disabled}
      />
      <Field
        id="issuer"
        label={t('ev.issuance.issuer')}
        hint={t('ev.issuance.issuerHint')}
        value={p.value.issuer}
        onValue={(issuer) => p.onValue({ ...p.value, issuer })}
        error={errorFor(p.errors, 'issuer')}
        autoComplete="organization"
        maxLength={60}
        disabled={p.disabled}
      />
      <FileField
        id="seal"
        label={t('ev.issuance.seal')}
        hint={t('ev.issuance.sealHint')}
        accept="image/png,.png"
        error={errorFor(p.errors, 'seal')}
        onFile={(seal) => p.onValue({ ...p.value, seal })}
      />
    </div>
  );
}

/** The broadcast of an event just recorded: live progress, then how many candidates were told. */
function Broadcast({ recorded }: { recorded: Recorded }) {
  const job = useJob(recorded.jobId, recorded.job);
  if (job?.status !== 'done') return <JobProgress job={job} />;
  return (
    <div data-testid="job-progress" data-status="done">
      <p role="status">{t('ev.reached', { n: formatNumber(job.done) })}</p>
      {job.failed > 0 && <p>{t('ev.failed', { n: formatNumber(job.failed) })}</p>}
    </div>
  );
}
