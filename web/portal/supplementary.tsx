/**
 * Supplementary verification in the portal (R10, R12, R23): for a `pending` candidate in the window,
 * the deadline, an upload control with its limits stated, their materials (handed over and uploaded)
 * with checkboxes to reuse, a note — then check your answers → confirm → the reference and what happens
 * next. The server checks everything again (type by content, size, count, own materials, the deadline).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Session } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, type FormError, TextAreaField } from '../components.js';
import { formatDateTime, formatDeadline, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import './messages.js';

interface OwnMaterial {
  materialId: string;
  name: string;
  type: string;
  bytes: number;
  source: 'handover' | 'candidate';
  addedAt: string;
}
interface OwnMaterials {
  items: OwnMaterial[];
  refused: { materialId: string; name: string; message: string; at: string }[];
  limits: { types: string[]; maxBytes: number; maxFiles: number; uploaded: number };
}
interface Receipt {
  reference: string;
  submittedAt: string;
  deadline: string;
  next: string;
}

const NOTE_MAX = 2000;
const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const size = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

export function Supplementary({ r, session }: { r: CandidateRecord; session: Session }) {
  const base = `/api/exams/${encodeURIComponent(r.examId)}`;
  const [data, setData] = useState<OwnMaterials | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [step, setStep] = useState<'form' | 'check' | 'done'>('form');
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const id = (f: string) => `sup-${r.examId}-${f}`;

  const load = () =>
    api<OwnMaterials>(`${base}/materials`, { session })
      .then(setData)
      .catch((e: unknown) => setErrors(errorsFrom(e, [])));
  useEffect(() => {
    void load();
  }, [r.examId]);

  async function upload(file: File | null) {
    if (!file) return;
    setErrors([]);
    setBusy(true);
    try {
      const made = await api<{ materialId: string; url: string }>(`${base}/materials/upload-url`, {
        session,
        method: 'POST',
        body: { contentType: file.type, name: file.name, bytes: file.size },
      });
      const put = await fetch(made.url, {
        method: 'PUT',
        headers: { 'content-type': file.type },
        body: file,
      }).catch(() => null);
      if (!put?.ok) throw new ApiError(put?.status ?? 0, 'UPLOAD', t('sup.uploadFailed'), [], false);
      const fresh = await api<OwnMaterials>(`${base}/materials`, { session });
      setData(fresh);
      // recorded: ticked to submit; refused (checked by content on arrival): told at the field
      const refused = fresh.refused.find((u) => u.materialId === made.materialId);
      if (refused)
        setErrors([
          {
            field: id('file'),
            message: `${t('sup.refusedItem', { name: refused.name })}${refused.message}`,
            fromServer: true,
          },
        ]);
      else if (fresh.items.some((m) => m.materialId === made.materialId))
        setChosen((c) => [...c, made.materialId]);
    } catch (e) {
      setErrors(errorsFrom(e, [id('file')]).map((x) => (x.field ? x : { ...x, field: id('file') })));
    } finally {
      setBusy(false);
    }
  }

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

  const items = data?.items ?? [];
  const picked = items.filter((m) => chosen.includes(m.materialId));

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
          {r.deadline.reason && (
            <span data-testid="supplementary-cutoff">
              {t('sup.cutoffReason', { reason: r.deadline.reason })}
            </span>
          )}
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
          <div class={`field${errorFor(errors, id('file')) ? ' field--error' : ''}`}>
            <label for={id('file')} class="label">
              {t('sup.upload')}
            </label>
            <p class="hint" id={`${id('file')}-hint`}>
              {t('sup.limits', {
                mb: data ? mb(data.limits.maxBytes) : 10,
                n: data?.limits.maxFiles ?? 10,
                used: data?.limits.uploaded ?? 0,
              })}
            </p>
            {errorFor(errors, id('file')) && (
              <p class="field-error" id={`${id('file')}-error`}>
                {errorFor(errors, id('file'))?.message}
              </p>
            )}
            <input
              id={id('file')}
              type="file"
              accept={ACCEPT}
              disabled={busy}
              aria-describedby={`${id('file')}-hint`}
              onChange={(e) => {
                const input = e.currentTarget as HTMLInputElement;
                void upload(input.files?.[0] ?? null).then(() => {
                  input.value = '';
                });
              }}
            />
          </div>
          <fieldset class={`field${errorFor(errors, id('materialIds')) ? ' field--error' : ''}`}>
            <legend class="label" id={id('materialIds')} tabIndex={-1}>
              {t('sup.materials')}
            </legend>
            <p class="hint">{t('sup.materialsHint')}</p>
            {errorFor(errors, id('materialIds')) && (
              <p class="field-error">{errorFor(errors, id('materialIds'))?.message}</p>
            )}
            {items.length ? (
              <ul class="checkboxes">
                {items.map((m) => (
                  <li key={m.materialId}>
                    <input
                      type="checkbox"
                      id={`${id('m')}-${m.materialId}`}
                      checked={chosen.includes(m.materialId)}
                      onChange={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        setChosen((c) => (on ? [...c, m.materialId] : c.filter((x) => x !== m.materialId)));
                      }}
                    />{' '}
                    <label for={`${id('m')}-${m.materialId}`}>
                      {m.name} · {m.type.toUpperCase()} · {size(m.bytes)} · {t(`sup.source.${m.source}`)}
                    </label>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty">{t('sup.noMaterials')}</p>
            )}
            {data?.refused.length ? (
              <ul class="refused" aria-label={t('sup.refused')}>
                {data.refused.map((u) => (
                  <li key={u.materialId}>
                    {t('sup.refusedItem', { name: u.name })}
                    {u.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </fieldset>
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
