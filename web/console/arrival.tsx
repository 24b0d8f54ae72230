/**
 * Paper certificates on an exam's page (N3, R16): the batches that have arrived, each with its
 * distribution deadline (10 working days on the legal calendar) and overdue ones flagged; the form
 * that records a city's batch from its list of certificate numbers, refused whole with its errors by
 * row; and the holders' reissue requests (补发), each completed by recording the new number after a
 * check step.
 */
import { useRef, useState } from 'preact/hooks';
import {
  arrivalColumns,
  type CertificateBatch,
  type ReissueListing,
} from '../../functions/domain/arrival.js';
import type { DepartmentKind } from '../../functions/domain/departments.js';
import { henanCities } from '../../functions/domain/regions.js';
import { ApiError, api } from '../api.js';
import {
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  FileField,
  type FormError,
  ProvisionalTag,
  SelectField,
  ServerText,
  TableScroll,
} from '../components.js';
import { daysLeftIfNear, formatDateTime, formatDeadline, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import { consoleSession, useApi } from './data.js';
import './messages.js';

type Batch = CertificateBatch & { overdue: boolean };
type ReissueRequest = ReissueListing;
export interface RowError {
  row: number;
  field: string;
  message: string;
}

const cityName = (code: string) => henanCities.get(code) ?? code;

export function ExamArrival({
  examId,
  deptKind,
  deptCity,
}: {
  examId: string;
  deptKind: DepartmentKind;
  deptCity?: string | undefined;
}) {
  const [version, setVersion] = useState(0);
  const base = `/api/exams/${encodeURIComponent(examId)}/certificate-batches`;
  const list = useApi<{ items: Batch[]; reissues: ReissueRequest[] }>(base, {}, version);
  // R16, N3: verifiers record batches (a municipal one for its own city); hr reads
  const mayRecord = deptKind !== 'hr';
  return (
    <section aria-labelledby="arrival-title" class="section" data-testid="arrival">
      <h2 id="arrival-title">{t('arr.heading')}</h2>
      <p>{t('arr.intro')}</p>
      {list.data && <Batches items={list.data.items} />}
      {mayRecord && (
        <RecordBatch base={base} deptCity={deptCity} onRecorded={() => setVersion((v) => v + 1)} />
      )}
      {list.data && (
        <Reissues
          examId={examId}
          items={list.data.reissues}
          mayComplete={mayRecord}
          onDone={() => setVersion((v) => v + 1)}
        />
      )}
    </section>
  );
}

function Batches({ items }: { items: Batch[] }) {
  if (!items.length) return <p class="empty">{t('arr.none')}</p>;
  return (
    <TableScroll labelledBy="arrival-title">
      <table class="table" data-testid="batches">
        <thead>
          <tr>
            <th scope="col">{t('arr.city')}</th>
            <th scope="col">{t('arr.arrivedAt')}</th>
            <th scope="col">{t('arr.count')}</th>
            <th scope="col">{t('arr.due')}</th>
            <th scope="col">{t('arr.state')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.batchId} data-overdue={b.overdue ? 'true' : 'false'}>
              <th scope="row">{cityName(b.city)}</th>
              <td>{formatDateTime(b.arrivedAt)}</td>
              <td>{formatNumber(b.count)}</td>
              <td>
                <span class="deadline-when">{formatDeadline(b.distributionDue.date)}</span>
                {b.distributionDue.provisional && (
                  <>
                    {' '}
                    <ProvisionalTag />
                  </>
                )}
              </td>
              <td>
                {b.overdue ? (
                  <strong class="tag tag--overdue">{t('arr.overdue')}</strong>
                ) : (
                  <span class="tag tag--verifying">
                    {t('arr.open')}
                    {daysLeftIfNear(b.distributionDue) ? ` · ${daysLeftIfNear(b.distributionDue)}` : ''}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function RecordBatch({
  base,
  deptCity,
  onRecorded,
}: {
  base: string;
  deptCity?: string | undefined;
  onRecorded: () => void;
}) {
  const [city, setCity] = useState(deptCity ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [rows, setRows] = useState<RowError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Batch | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function send() {
    const problems: FormError[] = [];
    if (!city) problems.push({ field: 'batch-city', message: t('arr.chooseCity') });
    if (!file) problems.push({ field: 'batch-file', message: t('arr.chooseFile') });
    setErrors(problems);
    setRows([]);
    setDone(null);
    if (problems.length || !file) return;
    setBusy(true);
    try {
      const r = await api<{ batch: Batch }>(base, {
        method: 'POST',
        query: { city },
        file: { data: file, type: 'text/csv' },
        session: consoleSession,
      });
      setDone(r.batch);
      setFile(null);
      if (input.current) input.current.value = '';
      onRecorded();
    } catch (e) {
      const byRow = e instanceof ApiError ? (e.details.rows as RowError[] | undefined) : undefined;
      setRows(byRow ?? []);
      setErrors(
        errorsFrom(e, ['city']).map((x) =>
          x.field === 'city' ? { ...x, field: 'batch-city' } : { ...x, field: 'batch-file' },
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h3 id="batch-form-title">{t('arr.formHeading')}</h3>
      <ErrorSummary errors={errors} />
      <details class="details">
        <summary>{t('arr.columns')}</summary>
        <ul>
          {Object.entries(arrivalColumns).map(([key, c]) => (
            <li key={key}>
              {c.label}（<code>{key}</code>）{c.required ? '' : t('arr.optional')}
            </li>
          ))}
        </ul>
      </details>
      <form
        class="form"
        noValidate
        aria-labelledby="batch-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void send();
        }}
      >
        <SelectField
          id="batch-city"
          label={t('arr.city')}
          hint={deptCity ? t('arr.cityOwn') : t('arr.cityHint')}
          error={errorFor(errors, 'batch-city')}
          value={city}
          onValue={setCity}
          options={(deptCity ? [[deptCity, cityName(deptCity)]] : [...henanCities]) as [string, string][]}
          placeholder={t('arr.cityPlaceholder')}
          disabled={!!deptCity}
        />
        <FileField
          id="batch-file"
          label={t('arr.file')}
          hint={t('arr.fileHint')}
          error={errorFor(errors, 'batch-file')}
          accept=".csv,text/csv"
          inputRef={input}
          onFile={setFile}
        />
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('arr.sending') : t('arr.send')}
        </button>
      </form>
      {done && (
        <p role="status" class="notice" data-testid="batch-recorded">
          {t('arr.recorded', {
            n: formatNumber(done.count),
            city: cityName(done.city),
            due: formatDeadline(done.distributionDue.date),
          })}
        </p>
      )}
      <RowErrors
        id="batch-errors"
        rows={rows}
        label={(f) => arrivalColumns[f as keyof typeof arrivalColumns]?.label ?? f}
      />
    </>
  );
}

/** A list's problems by row (row, column, what is wrong), under its heading; nothing when there are none. */
export function RowErrors({
  id,
  rows,
  label,
  heading = t('arr.errorsHeading'),
}: {
  id: string;
  rows: readonly RowError[];
  label: (field: string) => string;
  heading?: string;
}) {
  if (!rows.length) return null;
  return (
    <>
      <h4 id={`${id}-title`}>{heading}</h4>
      <TableScroll labelledBy={`${id}-title`}>
        <table class="table" data-testid={id}>
          <thead>
            <tr>
              <th scope="col">{t('arr.row')}</th>
              <th scope="col">{t('arr.column')}</th>
              <th scope="col">{t('arr.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.row}-${r.field}`}>
                <td>{r.row}</td>
                <td>{label(r.field)}</td>
                <td>
                  <ServerText text={r.message} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function Reissues({
  examId,
  items,
  mayComplete,
  onDone,
}: {
  examId: string;
  items: ReissueRequest[];
  mayComplete: boolean;
  onDone: () => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <h3 id="reissue-title">{t('arr.reissueHeading')}</h3>
      {!items.length ? (
        <p class="empty">{t('arr.reissueNone')}</p>
      ) : (
        <TableScroll labelledBy="reissue-title">
          <table class="table" data-testid="reissues">
            <thead>
              <tr>
                <th scope="col">{t('arr.holder')}</th>
                <th scope="col">{t('arr.oldNumber')}</th>
                <th scope="col">{t('arr.reason')}</th>
                <th scope="col">{t('arr.requestedAt')}</th>
                <th scope="col">{t('arr.state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.personId}>
                  <th scope="row">
                    {r.name}（{r.candidateNo}）
                  </th>
                  <td>
                    <code>{r.number}</code>
                  </td>
                  <td>{r.reason ? <ServerText text={r.reason} /> : '—'}</td>
                  <td>{formatDateTime(r.requestedAt)}</td>
                  <td>
                    {r.status === 'completed' ? (
                      <span class="tag tag--qualified">
                        {t('arr.reissued')} <code>{r.newNumber}</code>
                      </span>
                    ) : mayComplete ? (
                      <button
                        type="button"
                        class="button button--secondary"
                        onClick={() => setOpen(r.personId)}
                        data-testid={`reissue-${r.personId}`}
                      >
                        {t('arr.complete')}
                      </button>
                    ) : (
                      <span class="tag tag--verifying">{t('arr.requested')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {open && (
        <CompleteReissue
          examId={examId}
          request={items.find((r) => r.personId === open) as ReissueRequest}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            onDone();
          }}
        />
      )}
    </>
  );
}

function CompleteReissue({
  examId,
  request,
  onClose,
  onDone,
}: {
  examId: string;
  request: ReissueRequest;
  onClose: () => void;
  onDone: () => void;
}) {
  const [number, setNumber] = useState('');
  const [step, setStep] = useState<'form' | 'check'>('form');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await api(`/api/exams/${encodeURIComponent(examId)}/candidates/${request.personId}/reissue`, {
        method: 'POST',
        body: { certificateNo: number },
        session: consoleSession,
      });
      onDone();
    } catch (e) {
      setStep('form');
      setErrors(
        errorsFrom(e, ['certificateNo']).map((x) => (x.field ? { ...x, field: 'reissue-number' } : x)),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="panel" data-testid="reissue-form">
      <h4 id="reissue-form-title">{t('arr.completeHeading', { name: request.name })}</h4>
      <ErrorSummary errors={errors} />
      {step === 'form' ? (
        <form
          class="form"
          noValidate
          aria-labelledby="reissue-form-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (!number.trim()) {
              setErrors([{ field: 'reissue-number', message: t('arr.numberRequired') }]);
              return;
            }
            setErrors([]);
            setStep('check');
          }}
        >
          <Field
            id="reissue-number"
            label={t('arr.newNumber')}
            hint={t('arr.newNumberHint')}
            error={errorFor(errors, 'reissue-number')}
            value={number}
            onValue={setNumber}
            autoCapitalize="characters"
            spellcheck={false}
            width="medium"
          />
          <div class="button-group">
            <button type="submit" class="button">
              {t('arr.continue')}
            </button>
            <button type="button" class="button button--secondary" onClick={onClose}>
              {t('arr.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl class="facts facts--narrow" data-testid="reissue-check">
            <div>
              <dt>{t('arr.holder')}</dt>
              <dd>{request.name}</dd>
            </div>
            <div>
              <dt>{t('arr.oldNumber')}</dt>
              <dd>
                <code>{request.number}</code> → {t('arr.becomesReplaced')}
              </dd>
            </div>
            <div>
              <dt>{t('arr.newNumber')}</dt>
              <dd>
                <code>{number.replace(/\s/g, '').toUpperCase()}</code>（{t('arr.reissued')}）
              </dd>
            </div>
          </dl>
          <CheckActions
            busy={busy}
            confirm={t('arr.confirm')}
            change={t('arr.change')}
            working={t('arr.sending')}
            onConfirm={() => void confirm()}
            onChange={() => setStep('form')}
          />
        </>
      )}
    </div>
  );
}
