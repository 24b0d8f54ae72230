/**
 * Exam-wide events on an exam's page: the provincial verifier publishes the verification result
 * announcement (R9), the supplementary result announcement (R13), and records that the certificates
 * have arrived (N3). Each reaches every waiting candidate, so it is never one click away: a check step
 * says what will happen and needs a ticked box; the answer says how many candidates were reached.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorSummary, errorsFrom, type FormError } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { ExamDetail } from '../types.js';
import { consoleSession } from './data.js';
import './messages.js';

const EVENTS = [
  { kind: 'resultsAnnounced', field: 'resultsAnnouncedAt', rule: 'R9' },
  { kind: 'supplementaryAnnounced', field: 'supplementaryAnnouncedAt', rule: 'R13' },
  { kind: 'certificatesArrived', field: 'certificatesArrivedAt', rule: 'N3' },
] as const;
type Kind = (typeof EVENTS)[number]['kind'];

export interface Recorded {
  kind: Kind;
  rule: string;
  reached: number;
  failed: number;
}

type State = { step: 'list' } | { step: 'check'; kind: Kind };

/** `done`: the last event recorded here (kept by the page, which reloads the exam afterwards). */
export function ExamEvents({
  exam,
  done,
  onRecorded,
}: {
  exam: ExamDetail;
  done: Recorded | null;
  onRecorded: (r: Recorded) => void;
}) {
  const [state, setState] = useState<State>({ step: 'list' });
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const recordedAt = (k: Kind) =>
    (exam as unknown as Record<string, string | undefined>)[EVENTS.find((e) => e.kind === k)?.field ?? ''];

  async function confirm(kind: Kind) {
    setBusy(true);
    setErrors([]);
    try {
      const result = await api<Recorded>(`/api/exams/${encodeURIComponent(exam.id)}/events`, {
        method: 'POST',
        body: { kind },
        session: consoleSession,
      });
      setState({ step: 'list' });
      onRecorded(result);
    } catch (e) {
      setErrors(errorsFrom(e, []));
    } finally {
      setBusy(false);
      setAgreed(false);
    }
  }

  return (
    <section aria-labelledby="events-title" class="exam-events" data-testid="exam-events">
      <h2 id="events-title">{t('ev.heading')}</h2>
      <ErrorSummary errors={errors} />
      {done && state.step === 'list' && (
        <div class="panel panel--confirmation" role="status" data-testid="event-done">
          <p>
            <strong>{t(`ev.done.${done.kind}` as MessageKey)}</strong>
          </p>
          <p>{t('ev.reached', { n: formatNumber(done.reached) })}</p>
          {done.failed > 0 && <p>{t('ev.failed', { n: formatNumber(done.failed) })}</p>}
          <p>{t('ev.next')}</p>
        </div>
      )}
      {state.step === 'check' ? (
        <div class="panel" data-testid="event-check">
          <h3>{t(`ev.title.${state.kind}` as MessageKey)}</h3>
          <p>{t(`ev.effect.${state.kind}` as MessageKey)}</p>
          <p>{t('ev.final')}</p>
          <div class="checkbox">
            <input
              id="event-agree"
              type="checkbox"
              checked={agreed}
              onChange={(e) => setAgreed((e.currentTarget as HTMLInputElement).checked)}
            />
            <label for="event-agree">{t('ev.agree')}</label>
          </div>
          {busy && (
            <p role="status" class="hint">
              {t('ev.working')}
            </p>
          )}
          <div class="button-group">
            <button
              type="button"
              class="button"
              disabled={!agreed || busy}
              onClick={() => void confirm(state.kind)}
            >
              {t('ev.confirm')}
            </button>
            <button
              type="button"
              class="button button--secondary"
              disabled={busy}
              onClick={() => {
                setAgreed(false);
                setState({ step: 'list' });
              }}
            >
              {t('ev.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <ul class="event-list">
          {EVENTS.map((e) => {
            const at = recordedAt(e.kind);
            return (
              <li key={e.kind} data-event={e.kind}>
                <span class="event-name">
                  {t(`ev.title.${e.kind}` as MessageKey)} <span class="rule">{e.rule}</span>
                </span>{' '}
                {at ? (
                  <span class="event-at" data-testid={`event-at-${e.kind}`}>
                    {t('ev.recordedAt', { at: formatDateTime(at) })}
                  </span>
                ) : (
                  <button
                    type="button"
                    class="button button--secondary"
                    onClick={() => {
                      setErrors([]);
                      setState({ step: 'check', kind: e.kind });
                    }}
                  >
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
