/**
 * 批量核查 on the work queue (functions/acts/bulk-decisions.ts): the queue's current filter, or an
 * uploaded list of candidate numbers; the outcome, reason and note (the single decision's rules) →
 * the preview counts whom it will touch and lists the rows it will not ("将处理 N 人（M 个…见下表）")
 * → only the confirm decides, as a job whose progress is shown (and can be left: 后台任务 on the exam
 * page). A legal decision is never one click away from a mistake.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import type { BulkView } from '../../functions/domain/bulk-decisions.js';
import { MAX_BULK_LIST } from '../../functions/domain/bulk-decisions.js';
import { henanCities } from '../../functions/domain/regions.js';
import { candidateFilterSchema } from '../../functions/domain/spot-checks.js';
import { api } from '../api.js';
import {
  ErrorSummary,
  errorFor,
  errorsFrom,
  FileField,
  type FormError,
  ServerText,
  TableScroll,
} from '../components.js';
import { formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { Department } from '../types.js';
import { consoleSession } from './data.js';
import { DecisionFields } from './decision.js';
import { JobProgress, useJob } from './jobs.js';
import './messages.js';

type Outcome = 'qualified' | 'unqualified';
const POLL_MS = 700;

/** The queue's filter, as the bulk decision takes it: only the fields of the work queue's filter schema. */
export function filterOf(route: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(candidateFilterSchema.shape).flatMap((k) =>
      typeof route[k] === 'string' && route[k] ? [[k, route[k] as string]] : [],
    ),
  );
}

const filterWords = (f: Record<string, string>): string => {
  const parts = Object.entries(f).map(([k, v]) =>
    k === 'city' ? (henanCities.get(v) ?? v) : k === 'status' ? t(`status.${v}` as MessageKey) : v,
  );
  return parts.length ? parts.join(' · ') : t('bulk.allOfQueue');
};

/**
 * A list file's numbers, in order (row 1 is the line after the header): the first column of each
 * line; the header must name the column. Trailing blank lines are dropped, others kept (the server
 * reports them by row).
 */
export function listFromCsv(text: string): { nos: string[] } | { error: MessageKey } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && !lines.at(-1)?.trim()) lines.pop();
  const cell = (line: string) => (line.split(',')[0] ?? '').trim().replace(/^"(.*)"$/, '$1');
  const header = cell(lines[0] ?? '');
  if (header !== '准考证号' && header.toLowerCase() !== 'candidateno') return { error: 'bulk.fileHeader' };
  const nos = lines.slice(1).map(cell);
  if (!nos.length) return { error: 'bulk.fileEmpty' };
  if (nos.length > MAX_BULK_LIST) return { error: 'bulk.fileTooLong' };
  return { nos };
}

export function BulkPanel({
  examId,
  route,
  department,
}: {
  examId: string;
  route: Record<string, unknown>;
  department: Department;
}) {
  const [bulk, setBulk] = useState<BulkView | undefined>();
  if (department.kind === 'hr') return null; // hr reads; it never decides a verification (R1)
  const filter = filterOf(route);
  return (
    <details class="details bulk-panel" data-testid="bulk-panel">
      <summary>
        <h2 id="bulk-title" class="bulk-title">
          {t('bulk.heading')}
        </h2>
      </summary>
      {bulk ? (
        <BulkResult examId={examId} bulk={bulk} onAgain={() => setBulk(undefined)} />
      ) : (
        <BulkForm examId={examId} filter={filter} onPreview={setBulk} />
      )}
    </details>
  );
}

function BulkForm({
  examId,
  filter,
  onPreview,
}: {
  examId: string;
  filter: Record<string, string>;
  onPreview: (b: BulkView) => void;
}) {
  const [who, setWho] = useState<'filter' | 'list'>('filter');
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const out: FormError[] = [];
    if (!outcome) out.push({ field: 'bulk-outcome', message: t('dec.outcomeRequired') });
    if (outcome === 'unqualified' && !reasonCode)
      out.push({ field: 'bulk-reasonCode', message: t('dec.reasonRequired') });
    if (reasonCode === 'other' && !note.trim())
      out.push({ field: 'bulk-note', message: t('dec.noteRequired') });
    let nos: string[] | undefined;
    if (who === 'list') {
      if (!file) out.push({ field: 'bulk-file', message: t('bulk.fileRequired') });
      else {
        const l = listFromCsv(await file.text());
        if ('error' in l) out.push({ field: 'bulk-file', message: t(l.error, { n: MAX_BULK_LIST }) });
        else nos = l.nos;
      }
    }
    setErrors(out);
    if (out.length) return;
    setBusy(true);
    try {
      const b = await api<BulkView>(`/api/exams/${encodeURIComponent(examId)}/bulk-decisions`, {
        method: 'POST',
        body: {
          outcome,
          ...(reasonCode ? { reasonCode } : {}),
          ...(note.trim() ? { note } : {}),
          ...(nos ? { candidateNos: nos } : { filter }),
        },
        session: consoleSession,
      });
      onPreview(b);
    } catch (err) {
      setErrors(
        errorsFrom(err, ['outcome', 'reasonCode', 'note', 'candidateNos']).map((x) =>
          x.field ? { ...x, field: x.field === 'candidateNos' ? 'bulk-file' : `bulk-${x.field}` } : x,
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="bulk-form">
      <p class="hint">{t('bulk.lead')}</p>
      <ErrorSummary errors={errors} />
      <fieldset class="fieldset">
        <legend class="label">{t('bulk.who')}</legend>
        <div class="checkbox">
          <input
            id="bulk-who-filter"
            type="radio"
            name="bulk-who"
            checked={who === 'filter'}
            onChange={() => setWho('filter')}
          />
          <label for="bulk-who-filter">{t('bulk.byFilter', { filter: filterWords(filter) })}</label>
        </div>
        <div class="checkbox">
          <input
            id="bulk-who-list"
            type="radio"
            name="bulk-who"
            checked={who === 'list'}
            onChange={() => setWho('list')}
          />
          <label for="bulk-who-list">{t('bulk.byList')}</label>
        </div>
      </fieldset>
      {who === 'list' && (
        <FileField
          id="bulk-file"
          label={t('bulk.file')}
          hint={t('bulk.fileHint', { n: formatNumber(MAX_BULK_LIST) })}
          error={errorFor(errors, 'bulk-file')}
          accept=".csv,text/csv,text/plain"
          onFile={setFile}
        />
      )}
      <DecisionFields
        prefix="bulk-"
        errors={errors}
        outcome={outcome}
        onOutcome={setOutcome}
        reasonCode={reasonCode}
        onReasonCode={setReasonCode}
        note={note}
        onNote={setNote}
      />
      <button type="submit" class="button button--secondary" disabled={busy}>
        {t('bulk.count')}
      </button>
    </form>
  );
}

/** The bulk decision, polled while it counts or runs: the count and rejected rows, the confirm, the progress. */
function BulkResult({ examId, bulk, onAgain }: { examId: string; bulk: BulkView; onAgain: () => void }) {
  const [b, setB] = useState(bulk);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const headRef = useRef<HTMLParagraphElement>(null);
  const url = `/api/exams/${encodeURIComponent(examId)}/bulk-decisions/${encodeURIComponent(b.bulkId)}`;
  const waiting = b.status === 'counting' || b.status === 'running';
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(async () => {
      try {
        setB(await api<BulkView>(url, { session: consoleSession }));
      } catch {
        setB({ ...b }); // a missed poll is tried again
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [b]);
  useEffect(() => {
    if (b.status === 'ready') headRef.current?.focus();
  }, [b.status]);

  async function confirm() {
    setBusy(true);
    setErrors([]);
    try {
      setB(
        await api<BulkView>(`${url}/confirm`, {
          method: 'POST',
          body: { confirm: true },
          session: consoleSession,
        }),
      );
    } catch (err) {
      setErrors(errorsFrom(err, []));
    } finally {
      setBusy(false);
    }
  }

  if (b.status === 'counting') return <p role="status">{t('bulk.counting')}</p>;
  const outcome = t(`dec.outcome.${b.outcome}`);
  return (
    <div data-testid="bulk-result" data-status={b.status}>
      <ErrorSummary errors={errors} />
      <p ref={headRef} tabIndex={-1} class="count" data-testid="bulk-count">
        {b.rejectedCount
          ? t('bulk.willTouchRejected', {
              n: formatNumber(b.willTouch ?? 0),
              m: formatNumber(b.rejectedCount),
            })
          : t('bulk.willTouch', { n: formatNumber(b.willTouch ?? 0) })}
        {' · '}
        {outcome}
        {b.reasonCode ? ` · ${t(`dec.reason.${b.reasonCode}` as MessageKey)}` : ''}
      </p>
      {b.alreadySo > 0 && <p class="hint">{t('bulk.alreadySo', { n: formatNumber(b.alreadySo) })}</p>}
      <RowTable id="bulk-rejected" caption={t('bulk.rejectedCaption')} rows={b.rejected} />
      {b.status === 'ready' &&
        (b.willTouch ? (
          <>
            <p>{t('bulk.confirmLead', { outcome })}</p>
            <div class="button-group">
              <button type="button" class="button" disabled={busy} onClick={() => void confirm()}>
                {t('bulk.confirm')}
              </button>
              <button type="button" class="button button--secondary" disabled={busy} onClick={onAgain}>
                {t('bulk.cancel')}
              </button>
            </div>
          </>
        ) : (
          <p class="empty">{t('bulk.nothing')}</p>
        ))}
      {(b.status === 'running' || b.status === 'done' || b.status === 'failed') && b.confirmedAt && (
        <BulkJob jobId={b.jobId} />
      )}
      {b.status === 'done' && (
        <>
          <p role="status" data-testid="bulk-done">
            {t('bulk.done', {
              done: formatNumber(b.done),
              unchanged: formatNumber(b.unchanged),
              failed: formatNumber(b.failed),
            })}
          </p>
          <RowTable id="bulk-failures" caption={t('bulk.failedCaption')} rows={b.failures} />
        </>
      )}
      {(b.status === 'done' || b.status === 'failed' || (b.status === 'ready' && !b.willTouch)) && (
        <button type="button" class="button button--secondary" onClick={onAgain}>
          {t('bulk.again')}
        </button>
      )}
    </div>
  );
}

function BulkJob({ jobId }: { jobId: string }) {
  return <JobProgress job={useJob(jobId)} />;
}

function RowTable({
  id,
  caption,
  rows,
}: {
  id: string;
  caption: string;
  rows: { row: number; candidateNo: string; message: string }[];
}) {
  if (!rows.length) return null;
  return (
    <TableScroll labelledBy={`${id}-caption`}>
      <table class="table" data-testid={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bulk.row')}</th>
            <th scope="col">{t('bulk.candidateNo')}</th>
            <th scope="col">{t('bulk.why')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.row}-${r.candidateNo}`}>
              <td>{formatNumber(r.row)}</td>
              <td class="mono">
                <ServerText text={r.candidateNo || '—'} />
              </td>
              <td>
                <ServerText text={r.message} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
