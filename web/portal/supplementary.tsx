/**
 * Supplementary verification in the portal (R10, R12, R23): for a `pending` candidate in the window,
 * the deadline, an upload control with its limits stated, their materials (handed over and uploaded)
 * with checkboxes to reuse, a note — then check your answers → confirm → the reference and what happens
 * next. The server checks everything again (type by content, size, count, own materials, the deadline).
 */
import { useState } from 'preact/hooks';
import type { Session } from '../api.js';
import { CheckActions, ErrorSummary, errorFor, TextAreaField } from '../components.js';
import { formatDeadline } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import { MaterialsChooser, PickedList, type Receipt, ReceiptPanel, useMaterialsForm } from './materials.js';
import './messages.js';

const NOTE_MAX = 2000;

export function Supplementary({ r, session }: { r: CandidateRecord; session: Session }) {
  const f = useMaterialsForm(r.examId, session);
  const [note, setNote] = useState('');
  const [step, setStep] = useState<'form' | 'check' | 'done'>('form');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const id = (x: string) => `sup-${r.examId}-${x}`;

  async function confirm() {
    const body = { materialIds: f.chosen, ...(note.trim() ? { note: note.trim() } : {}) };
    const done = await f.send('supplementary', body, ['materialIds', 'note'], id);
    setReceipt(done);
    setStep(done ? 'done' : 'form');
  }

  if (step === 'done' && receipt)
    return (
      <ReceiptPanel
        testid="supplementary"
        title={t('sup.doneTitle')}
        receipt={receipt}
        next={t('sup.next', { deadline: r.deadline ? formatDeadline(r.deadline.date) : '' })}
      />
    );

  return (
    <section class="supplementary" aria-labelledby={id('title')} data-testid="supplementary">
      <h3 id={id('title')}>{t('sup.title')}</h3>
      {r.deadline && (
        <p>
          {t('sup.deadline')}
          <strong class="deadline-when">{formatDeadline(r.deadline.date)}</strong>
          {r.deadline.reason && (
            <span data-testid="supplementary-cutoff">
              {t('sup.cutoffReason', { reason: r.deadline.reason })}
            </span>
          )}
        </p>
      )}
      <ErrorSummary errors={f.errors} />
      {step === 'check' ? (
        <>
          <h4>{t('sup.checkTitle')}</h4>
          <dl class="facts">
            <div>
              <dt>{t('sup.materials')}</dt>
              <dd>
                <PickedList picked={f.picked} none={t('sup.noNote')} />
              </dd>
            </div>
            <div>
              <dt>{t('sup.note')}</dt>
              <dd>{note.trim() || t('sup.noNote')}</dd>
            </div>
          </dl>
          <CheckActions
            busy={f.busy}
            confirm={t('sup.confirm')}
            change={t('sup.change')}
            working={t('sup.working')}
            onConfirm={() => void confirm()}
            onChange={() => setStep('form')}
          />
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!f.chosen.length) {
              f.setErrors([{ field: id('materialIds'), message: t('sup.chooseOne') }]);
              return;
            }
            f.setErrors([]);
            setStep('check');
          }}
        >
          <MaterialsChooser f={f} id={id} legend={t('sup.materials')} hint={t('sup.materialsHint')} />
          <TextAreaField
            id={id('note')}
            label={t('sup.note')}
            hint={t('sup.noteHint', { n: NOTE_MAX })}
            error={errorFor(f.errors, id('note'))}
            value={note}
            onValue={setNote}
            rows={4}
            maxLength={NOTE_MAX}
          />
          <button type="submit" class="button" disabled={f.busy}>
            {t('sup.continue')}
          </button>
        </form>
      )}
    </section>
  );
}
