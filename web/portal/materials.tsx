/**
 * The candidate's own materials for a verification request (R23) — the supplementary submission and the
 * appeal share it: an upload control with its limits stated, the materials on file (handed over and
 * uploaded) with checkboxes to reuse, files refused on arrival listed with why; and the receipt shown
 * once a request is recorded (its reference and what happens next). The server checks everything again.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Session } from '../api.js';
import { errorFor, errorsFrom, type FormError } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import './messages.js';

export interface OwnMaterial {
  materialId: string;
  name: string;
  type: string;
  bytes: number;
  source: 'handover' | 'candidate';
  addedAt: string;
}
export interface OwnMaterials {
  items: OwnMaterial[];
  refused: { materialId: string; name: string; message: string; at: string }[];
  limits: { types: string[]; maxBytes: number; maxFiles: number; uploaded: number };
}
/** What the server answers once a request is recorded. */
export interface Receipt {
  reference: string;
  submittedAt: string;
  deadline: string;
  next: string;
}

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const size = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

/** The form's state around the materials: which are chosen, the errors, whether it is busy. */
export function useMaterialsForm(examId: string, session: Session) {
  const base = `/api/exams/${encodeURIComponent(examId)}`;
  const [data, setData] = useState<OwnMaterials | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<OwnMaterials>(`${base}/materials`, { session })
      .then(setData)
      .catch((e: unknown) => setErrors(errorsFrom(e, [])));
  }, [examId]);
  const picked = (data?.items ?? []).filter((m) => chosen.includes(m.materialId));
  /**
   * Send the request (`POST {base}/{path}`): its receipt, or null with the server's refusals shown at
   * the fields (`fields`, named by `id`).
   */
  async function send(path: string, body: unknown, fields: string[], id: (f: string) => string) {
    setBusy(true);
    setErrors([]);
    try {
      return await api<Receipt>(`${base}/${path}`, { session, method: 'POST', body });
    } catch (e) {
      setErrors(errorsFrom(e, fields).map((x) => (x.field ? { ...x, field: id(x.field) } : x)));
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { base, session, data, setData, chosen, setChosen, errors, setErrors, busy, setBusy, picked, send };
}
export type MaterialsForm = ReturnType<typeof useMaterialsForm>;

/** Upload a file, then choose among the materials on file; `id` names the fields (`file`, `materialIds`). */
export function MaterialsChooser({
  f,
  id,
  legend,
  hint,
}: {
  f: MaterialsForm;
  id: (field: string) => string;
  legend: string;
  hint: string;
}) {
  const { data, chosen, errors, busy } = f;

  async function upload(file: File | null) {
    if (!file) return;
    f.setErrors([]);
    f.setBusy(true);
    try {
      const made = await api<{ materialId: string; url: string }>(`${f.base}/materials/upload-url`, {
        session: f.session,
        method: 'POST',
        body: { contentType: file.type, name: file.name, bytes: file.size },
      });
      const put = await fetch(made.url, {
        method: 'PUT',
        headers: { 'content-type': file.type },
        body: file,
      }).catch(() => null);
      if (!put?.ok) throw new ApiError(put?.status ?? 0, 'UPLOAD', t('sup.uploadFailed'), [], false);
      const fresh = await api<OwnMaterials>(`${f.base}/materials`, { session: f.session });
      f.setData(fresh);
      // recorded: ticked to submit; refused (checked by content on arrival): told at the field
      const refused = fresh.refused.find((u) => u.materialId === made.materialId);
      if (refused)
        f.setErrors([
          {
            field: id('file'),
            message: `${t('sup.refusedItem', { name: refused.name })}${refused.message}`,
            fromServer: true,
          },
        ]);
      else if (fresh.items.some((m) => m.materialId === made.materialId))
        f.setChosen((c) => [...c, made.materialId]);
    } catch (e) {
      f.setErrors(errorsFrom(e, [id('file')]).map((x) => (x.field ? x : { ...x, field: id('file') })));
    } finally {
      f.setBusy(false);
    }
  }

  const items = data?.items ?? [];
  const fileError = errorFor(errors, id('file'));
  const listError = errorFor(errors, id('materialIds'));
  return (
    <>
      <div class={`field${fileError ? ' field--error' : ''}`}>
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
        {fileError && (
          <p class="field-error" id={`${id('file')}-error`}>
            {fileError.message}
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
      <fieldset class={`field${listError ? ' field--error' : ''}`}>
        <legend class="label" id={id('materialIds')} tabIndex={-1}>
          {legend}
        </legend>
        <p class="hint">{hint}</p>
        {listError && <p class="field-error">{listError.message}</p>}
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
                    f.setChosen((c) => (on ? [...c, m.materialId] : c.filter((x) => x !== m.materialId)));
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
    </>
  );
}

/** The chosen materials, for the check step. */
export function PickedList({ picked, none }: { picked: OwnMaterial[]; none: string }) {
  return picked.length ? (
    <ul>
      {picked.map((m) => (
        <li key={m.materialId}>{m.name}</li>
      ))}
    </ul>
  ) : (
    none
  );
}

/** The request is recorded: its reference, when, and what happens next (`testid`-done, `testid`-reference). */
export function ReceiptPanel({
  testid,
  title,
  receipt,
  next,
}: {
  testid: string;
  title: string;
  receipt: Receipt;
  next: string;
}) {
  return (
    <section class="panel panel--confirmation" data-testid={`${testid}-done`} role="status">
      <h3>{title}</h3>
      <p>
        {t('sup.reference')}
        <strong class="mono" data-testid={`${testid}-reference`}>
          {receipt.reference}
        </strong>
      </p>
      <p>{t('sup.submittedAt', { at: formatDateTime(receipt.submittedAt) })}</p>
      <h4>{t('sup.whatNext')}</h4>
      <p>{next}</p>
    </section>
  );
}
