/**
 * The hand-over of the passing list on an exam's page (R5, N2): choose the CSV or XLSX, send it, and
 * follow the import as its job works through the rows — counts, then the rows refused with their row
 * number and column, and every error as a CSV to open in a spreadsheet. The registration materials
 * that go with the list come the same way, as a ZIP of files named by candidate number: each file
 * attached to its candidate, the others listed by their position in the ZIP. The page can be left:
 * the import goes on, and the exam's jobs list shows it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { importColumns, MAX_INLINE_BYTES } from '../../functions/domain/imports.js';
import { MAX_MATERIAL_BYTES, MAX_ZIP_BYTES } from '../../functions/domain/materials.js';
import { ApiError, api } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, FileField, type FormError, TableScroll } from '../components.js';
import { formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { consoleSession, saveFile } from './data.js';
import './messages.js';

interface ImportStatus {
  importId: string;
  format: 'csv' | 'xlsx' | 'zip';
  status: 'running' | 'done' | 'failed';
  stage: 'count' | 'work' | null;
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failure?: string;
  errors: { row: number; field: string; message: string }[];
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP = 'application/zip';
const typeOf = (f: File) =>
  /\.xlsx$/i.test(f.name)
    ? XLSX
    : /\.csv$/i.test(f.name)
      ? 'text/csv'
      : /\.zip$/i.test(f.name)
        ? ZIP
        : f.type;

/** A template hr can fill in: the header row with the Chinese labels. */
const templateHref = () => {
  const header = Object.values(importColumns)
    .map((c) => c.label)
    .join(',');
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${header}\r\n`)}`;
};

export function ExamImport({ examId, onImported }: { examId: string; onImported?: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function send() {
    if (!file) {
      setErrors([{ field: 'list-file', message: t('import.chooseFile') }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      const type = typeOf(file);
      const base = `/api/exams/${encodeURIComponent(examId)}/imports`;
      let id: string;
      if (file.size <= MAX_INLINE_BYTES) {
        id = (
          await api<{ importId: string }>(base, {
            method: 'POST',
            file: { data: file, type },
            session: consoleSession,
          })
        ).importId;
      } else {
        // a big list (200,000 rows are ~35 MB) goes straight to its upload URL; its arrival starts the import
        const u = await api<{ importId: string; url: string; maxBytes: number }>(`${base}/upload-url`, {
          method: 'POST',
          body: { contentType: type },
          session: consoleSession,
        });
        if (file.size > u.maxBytes)
          throw new ApiError(413, 'PAYLOAD_TOO_LARGE', t('import.tooBig'), [], false);
        const put = await fetch(u.url, {
          method: 'PUT',
          headers: { 'content-type': type },
          body: file,
        }).catch(() => null);
        if (!put?.ok) throw new ApiError(put?.status ?? 0, 'NETWORK', t('import.uploadFailed'), [], false);
        id = u.importId;
      }
      setImportId(id);
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) {
      // the server's message names the problem (type, size, the header's missing columns)
      setErrors(errorsFrom(e, []).map((x) => ({ ...x, field: 'list-file' })));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="import-title" class="section">
      <h2 id="import-title">{t('import.heading')}</h2>
      <p>{t('import.intro')}</p>
      <ErrorSummary errors={errors} />
      <details class="details">
        <summary>{t('import.columns')}</summary>
        <ul>
          {Object.entries(importColumns).map(([key, c]) => (
            <li key={key}>
              {c.label}（<code>{key}</code>）{c.required ? '' : t('import.optional')}
            </li>
          ))}
          <li>{t('import.scores')}</li>
        </ul>
        <p>
          <a href={templateHref()} download="合格人员名单模板.csv">
            {t('import.template')}
          </a>
        </p>
      </details>
      <details class="details">
        <summary>{t('import.zipHeading')}</summary>
        <ul>
          <li>
            {t('import.zipNames')} <code>ZJS2-0001-学历证书.pdf</code>
          </li>
          <li>{t('import.zipTypes', { mb: formatNumber(MAX_MATERIAL_BYTES / 1048576) })}</li>
          <li>{t('import.zipSize', { mb: formatNumber(MAX_ZIP_BYTES / 1048576) })}</li>
          <li>{t('import.zipReport')}</li>
        </ul>
      </details>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void send();
        }}
      >
        <FileField
          id="list-file"
          label={t('import.file')}
          hint={t('import.fileHint')}
          error={errorFor(errors, 'list-file')}
          accept=".csv,.xlsx,.zip,text/csv,application/zip"
          inputRef={input}
          onFile={setFile}
        />
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('import.sending') : t('import.send')}
        </button>
      </form>
      {importId && <ImportProgress examId={examId} importId={importId} onEnd={onImported} />}
    </section>
  );
}

/** One import, polled every second until it ends. */
export function ImportProgress({
  examId,
  importId,
  onEnd,
}: {
  examId: string;
  importId: string;
  onEnd?: (() => void) | undefined;
}) {
  const [s, setS] = useState<ImportStatus | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await api<ImportStatus>(
          `/api/exams/${encodeURIComponent(examId)}/imports/${encodeURIComponent(importId)}`,
          { session: consoleSession },
        );
        if (!live) return;
        setS(r);
        if (r.status !== 'running') {
          onEnd?.();
          return;
        }
      } catch {
        // tried again at the next poll
      }
      if (live) timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [examId, importId]);

  async function saveErrors() {
    await saveFile(
      `/api/exams/${encodeURIComponent(examId)}/imports/${encodeURIComponent(importId)}/errors.csv`,
      `导入错误-${importId}.csv`,
    );
  }

  if (!s) return <p role="status">{t('import.reading')}</p>;
  const n = (v: number) => formatNumber(v);
  // a materials ZIP: its rows are files, what it adds are materials
  const zip = s.format === 'zip';
  type Shared =
    | 'counting'
    | 'running'
    | 'done'
    | 'imported'
    | 'unchanged'
    | 'rejected'
    | 'errorsHeading'
    | 'row'
    | 'downloadErrors';
  const k = (key: Shared): MessageKey => (zip ? `import.zip.${key}` : `import.${key}`);
  return (
    <div class="import-result" data-testid="import-result">
      <p role="status" aria-live="polite">
        {s.status === 'running'
          ? s.stage === 'count' || !s.total
            ? t(k('counting'))
            : t(k('running'), {
                n: n(s.imported + s.updated + s.unchanged + s.rejected),
                total: n(s.total),
              })
          : s.status === 'failed'
            ? t('import.failed', { why: s.failure ?? '' })
            : t(k('done'), { total: n(s.total) })}
      </p>
      <dl class="facts facts--narrow">
        <div>
          <dt>{t(k('imported'))}</dt>
          <dd data-testid="imported">{n(s.imported)}</dd>
        </div>
        {!zip && (
          <div>
            <dt>{t('import.updated')}</dt>
            <dd>{n(s.updated)}</dd>
          </div>
        )}
        <div>
          <dt>{t(k('unchanged'))}</dt>
          <dd>{n(s.unchanged)}</dd>
        </div>
        <div>
          <dt>{t(k('rejected'))}</dt>
          <dd data-testid="rejected">{n(s.rejected)}</dd>
        </div>
      </dl>
      {s.errors.length > 0 && (
        <>
          <h3 id="import-errors-title">{t(k('errorsHeading'))}</h3>
          <TableScroll labelledBy="import-errors-title">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t(k('row'))}</th>
                  {!zip && <th scope="col">{t('import.field')}</th>}
                  <th scope="col">{t('import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {s.errors.slice(0, 20).map((e) => (
                  <tr key={`${e.row}-${e.field}`}>
                    <td>{e.row}</td>
                    {!zip && (
                      <td>
                        {importColumns[e.field as keyof typeof importColumns]?.label ?? e.field}（
                        <code>{e.field}</code>）
                      </td>
                    )}
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p>
            <button type="button" class="button button--secondary" onClick={() => void saveErrors()}>
              {t(k('downloadErrors'), { n: n(s.rejected) })}
            </button>
          </p>
        </>
      )}
    </div>
  );
}
