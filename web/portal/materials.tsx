/**
 * A candidate's own materials as a form part (R23): the upload control with its limits stated, their
 * materials (handed over and uploaded) with checkboxes to choose, and the uploads not accepted with
 * why. Shared by the supplementary verification (./supplementary.tsx, R10) and the statement and
 * defence (./revocation.tsx, N1). The server checks everything again (type by content, size, count).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Session } from '../api.js';
import { errorFor, errorsFrom, type FormError } from '../components.js';
import { formatNumber } from '../format.js';
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

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const size = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

/**
 * The candidate's materials for an exam, the ones chosen, and an upload: the URL, the PUT, then the list
 * read again — a recorded file is ticked, a refused one told at the file field. Field ids from `id`.
 */
export function useOwnMaterials(
  examId: string,
  session: Session,
  id: (field: string) => string,
  on: { setErrors: (e: FormError[]) => void; setBusy: (b: boolean) => void },
) {
  const base = `/api/exams/${encodeURIComponent(examId)}`;
  const fileField = id('file');
  const [data, setData] = useState<OwnMaterials | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const load = () =>
    api<OwnMaterials>(`${base}/materials`, { session })
      .then(setData)
      .catch((e: unknown) => on.setErrors(errorsFrom(e, [])));
  useEffect(() => {
    void load();
  }, [examId]);

  async function upload(file: File | null) {
    if (!file) return;
    on.setErrors([]);
    on.setBusy(true);
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
        on.setErrors([
          {
            field: fileField,
            message: `${t('sup.refusedItem', { name: refused.name })}${refused.message}`,
            fromServer: true,
          },
        ]);
      else if (fresh.items.some((m) => m.materialId === made.materialId))
        setChosen((c) => [...c, made.materialId]);
    } catch (e) {
      on.setErrors(errorsFrom(e, [fileField]).map((x) => (x.field ? x : { ...x, field: fileField })));
    } finally {
      on.setBusy(false);
    }
  }

  const picked = (data?.items ?? []).filter((m) => chosen.includes(m.materialId));
  return { id, data, chosen, setChosen, picked, upload };
}

export type OwnMaterialsState = ReturnType<typeof useOwnMaterials>;

/** The upload field, the materials to choose (checkboxes) and the refused uploads. */
export function MaterialsFields({
  m: own,
  errors,
  busy,
}: {
  m: OwnMaterialsState;
  errors: FormError[];
  busy: boolean;
}) {
  const { id, data, chosen, upload } = own;
  const onChosen = own.setChosen;
  const items = data?.items ?? [];
  return (
    <>
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
                    onChosen(on ? [...chosen, m.materialId] : chosen.filter((x) => x !== m.materialId));
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
