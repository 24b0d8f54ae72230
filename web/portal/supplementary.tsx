/**
 * Supplementary verification in the portal (R10, R12, R23): for a `pending` candidate in the window,
 * the deadline, an upload control with its limits stated, their materials (handed over and uploaded)
 * with checkboxes to reuse, a note — then check your answers → confirm → the reference and what happens
 * next. The server checks everything again (type by content, size, count, own materials, the deadline).
 */
import { useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, type FormError, TextAreaField } from '../components.js';
import { formatDateTime, formatDeadline } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import { MaterialsFields, useOwnMaterials } from './materials.js';
import './messages.js';

interface Receipt {
  reference: string;
  submittedAt: string;
  deadline: string;
  next: string;
}

const NOTE_MAX = 2000;

export function Supplementary({ r, session }: { r: CandidateRecord; session: Session }) {
  const base = `/api/exams/${encodeURIComponent(r.examId)}`;
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [step, setStep] = useState<'form' | 'check' | 'done'>('form');
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const id = (f: string) => `sup-${r.examId}-${f}`;

  const own = useOwnMaterials(r.examId, session, id, { setErrors, setBusy });
  const { chosen, picked } = own;

  async function confirm() {
    setBusy(true);
    setErrors([]);
    try {
      const body = { materialIds: chosen, ...(note.trim() ? { note: note.trim() } : {}) };
      setReceipt(await api<Receipt>(`${base}/supplementary`, { session, method: 'POST', body }));
      setStep('done');
    } catch (e) {
      const fields = errorsFrom(e, ['materialIds', 'note']).map((x) =>
        x.field ? { ...x, field: id(x.field) } : x,
      );
      setErrors(fields);
      setStep('form');
    } finally {
      setBusy(false);
    }
  }

  if (step === 'done' && receipt)
    return (
      <section class="panel panel--confirmation" data-testid="supplementary-done" role="status">
        <h3>{t('sup.doneTitle')}</h3>
        <p>
          {t('sup.reference')}
          <strong class="mono" data-testid="supplementary-reference">
            {receipt.reference}
          </strong>
        </p>
        <p>{t('sup.submittedAt', { at: formatDateTime(receipt.submittedAt) })}</p>
        <h4>{t('sup.whatNext')}</h4>
        <p>{t('sup.next', { deadline: r.deadline ? formatDeadline(r.deadline.date) : '' })}</p>
      </section>
    );

  return (
    <section class="supplementary" aria-labelledby={id('title')} data-testid="supplementary">
      <h3 id={id('title')}>{t('sup.title')}</h3>
      {r.deadline && (
        <p>
          {t('sup.deadline')}
          <strong class="deadline-when">{formatDeadline(r.deadline.date)}</strong>
        </p>
      )}
      <ErrorSummary errors={errors} />
      {step === 'check' ? (
        <>
          <h4>{t('sup.checkTitle')}</h4>
          <dl class="facts">
            <div>
              <dt>{t('sup.materials')}</dt>
              <dd>
                <ul>
                  {picked.map((m) => (
                    <li key={m.materialId}>{m.name}</li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt>{t('sup.note')}</dt>
              <dd>{note.trim() || t('sup.noNote')}</dd>
            </div>
          </dl>
          <button type="button" class="button" disabled={busy} onClick={() => void confirm()}>
            {t('sup.confirm')}
          </button>{' '}
          <button type="button" class="button button--secondary" onClick={() => setStep('form')}>
            {t('sup.change')}
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen.length) {
              setErrors([{ field: id('materialIds'), message: t('sup.chooseOne') }]);
              return;
            }
            setErrors([]);
            setStep('check');
          }}
        >
          <MaterialsFields m={own} errors={errors} busy={busy} />
          <TextAreaField
            id={id('note')}
            label={t('sup.note')}
            hint={t('sup.noteHint', { n: NOTE_MAX })}
            error={errorFor(errors, id('note'))}
            value={note}
            onValue={setNote}
            rows={4}
            maxLength={NOTE_MAX}
          />
          <button type="submit" class="button" disabled={busy}>
            {t('sup.continue')}
          </button>
        </form>
      )}
    </section>
  );
}
