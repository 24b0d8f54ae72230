/**
 * 节假日日历 (T3): the calendar years loaded and the ones deadlines need that are missing ("需要导入"), for
 * every staff role; `hr` alone loads a year: paste the year's JSON → check the counts → confirm →
 * confirmation saying what changes. The server checks the data again and answers in the one error shape.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { missingFestivals } from '../../functions/domain/holidays.js';
import { ApiError, api } from '../api.js';
import {
  ErrorSummary,
  type FormError,
  Loading,
  Problem,
  ServerText,
  TableScroll,
  useTitle,
} from '../components.js';
import { formatDate, formatDateTime, formatNumber, formatYears } from '../format.js';
import { getLang, type MessageKey, t } from '../i18n.js';
import type { CalendarOverview, CalendarSaved, CalendarUpload, StaffRole } from '../types.js';
import { consoleSession, useApi } from './data.js';
import { JobProgress, useJob } from './jobs.js';
import './messages.js';

const FIELD = 'calendarJson';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the hint shows: the shape of one year (dates illustrative). */
const EXAMPLE = `{
  "year": 2027,
  "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "…"],
  "workdays": ["2027-02-14", "…"],
  "names": { "2027-01-01": "元旦" },
  "source": "国办发明电〔2026〕×号"
}`;

export function CalendarPage({ role }: { role: StaffRole }) {
  useTitle(t('cal.heading'));
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useApi<CalendarOverview>('/api/calendar', {}, version);
  const [errors, setErrors] = useState<FormError[]>([]);
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 class="page-title">{t('cal.heading')}</h1>
      <p class="lead">{t('cal.lead')}</p>
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {data && <Missing years={data.missing} />}
      {role === 'hr' ? (
        <Upload
          covered={data?.years ?? []}
          errors={errors}
          setErrors={setErrors}
          onSaved={() => setVersion((v) => v + 1)}
        />
      ) : (
        <p class="notice" data-testid="calendar-read-only">
          {t('cal.readOnly')}
        </p>
      )}
      {data && <Years data={data} />}
    </>
  );
}

/** T3: the years deadlines fall in that are not loaded yet, each marked "需要导入". */
function Missing({ years }: { years: readonly number[] }) {
  const missing = [...years].sort((a, b) => a - b);
  return (
    <section aria-labelledby="missing-title" class="calendar-missing">
      <h2 id="missing-title">{t('cal.missingHeading')}</h2>
      {missing.length ? (
        <div class="notice notice--warning" data-testid="calendar-missing">
          <p>
            <strong>{t('cal.missingText', { years: formatYears(missing) })}</strong>
          </p>
          <ul class="inline-list">
            {missing.map((y) => (
              <li key={y}>
                {y} <strong class="tag tag--pending">{t('cal.needsImport')}</strong>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{t('cal.missingNone')}</p>
      )}
    </section>
  );
}

/** Every year: the loaded ones with their counts and source, and the missing ones among them. */
function Years({ data }: { data: CalendarOverview }) {
  const rows = [
    ...data.missing.filter((y) => !data.covered.includes(y)).map((year) => ({ year, loaded: null })),
    ...data.years.map((y) => ({ year: y.year, loaded: y })),
  ].sort((a, b) => b.year - a.year);
  return (
    <TableScroll labelledBy="calendar-caption">
      <table class="table" data-testid="calendar-years">
        <caption id="calendar-caption">{t('cal.caption', { n: formatNumber(data.covered.length) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cal.year')}</th>
            <th scope="col">{t('cal.status')}</th>
            <th scope="col">{t('cal.holidays')}</th>
            <th scope="col">{t('cal.workdays')}</th>
            <th scope="col">{t('cal.source')}</th>
            <th scope="col">{t('cal.loadedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ year, loaded }) => (
            <tr key={year} data-year={year} class={loaded ? undefined : 'row--missing'}>
              <th scope="row">{year}</th>
              <td>
                {loaded ? (
                  <strong class="tag tag--qualified">{t('cal.covered')}</strong>
                ) : (
                  <strong class="tag tag--pending">{t('cal.needsImport')}</strong>
                )}
              </td>
              <td>{loaded ? t('cal.days', { n: formatNumber(loaded.holidays) }) : t('cal.none')}</td>
              <td>{loaded ? t('cal.days', { n: formatNumber(loaded.workdays) }) : t('cal.none')}</td>
              <td>{loaded?.source ? <ServerText text={loaded.source} /> : t('cal.none')}</td>
              <td class="nowrap">
                {loaded?.loadedAt
                  ? formatDateTime(loaded.loadedAt)
                  : loaded?.seeded
                    ? t('cal.seed')
                    : t('cal.none')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

type Step =
  | { step: 'form' }
  | { step: 'check'; upload: CalendarUpload }
  | { step: 'done'; upload: CalendarUpload; saved: CalendarSaved };

function Upload({
  covered,
  errors,
  setErrors,
  onSaved,
}: {
  covered: CalendarOverview['years'];
  errors: FormError[];
  setErrors: (e: FormError[]) => void;
  onSaved: () => void;
}) {
  const [text, setText] = useState('');
  const [state, setState] = useState<Step>({ step: 'form' });
  const [busy, setBusy] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // each step's heading takes focus, so keyboard and screen-reader users follow the change
    if (first.current) first.current = false;
    else if (!errors.length) heading.current?.focus();
  }, [state.step]);

  function check(e: Event) {
    e.preventDefault();
    const r = parseUpload(text);
    setErrors(r.errors);
    if (r.upload) {
      setConfirmed(false);
      setState({ step: 'check', upload: r.upload });
    }
  }

  async function confirm(upload: CalendarUpload) {
    setBusy(true);
    try {
      const saved = await api<CalendarSaved>(`/api/calendar/${upload.year}`, {
        method: 'PUT',
        // T3: a year without 春节 or 国庆节 goes only with hr's explicit confirmation
        body: missingFestivals(upload).length ? { ...upload, confirmIncomplete: confirmed } : upload,
        session: consoleSession,
      });
      setErrors([]);
      setState({ step: 'done', upload, saved });
      onSaved();
    } catch (err) {
      setErrors(serverErrors(err));
      setState({ step: 'form' });
    } finally {
      setBusy(false);
    }
  }

  if (state.step === 'check') {
    const { upload } = state;
    const existing = covered.find((y) => y.year === upload.year);
    const missing = missingFestivals(upload);
    return (
      <section aria-labelledby="upload-title" class="upload">
        <h2 id="upload-title" ref={heading} tabIndex={-1}>
          {t('cal.checkHeading', { year: upload.year })}
        </h2>
        <p>{t('cal.checkLead', { year: upload.year })}</p>
        <dl class="facts" data-testid="calendar-check">
          <div>
            <dt>{t('cal.year')}</dt>
            <dd>{upload.year}</dd>
          </div>
          <div>
            <dt>{t('cal.holidays')}</dt>
            <dd>{t('cal.days', { n: formatNumber(upload.holidays.length) })}</dd>
          </div>
          <div>
            <dt>{t('cal.workdays')}</dt>
            <dd>{t('cal.days', { n: formatNumber(upload.workdays.length) })}</dd>
          </div>
          <div>
            <dt>{t('cal.source')}</dt>
            <dd>{upload.source ? <ServerText text={upload.source} /> : t('cal.none')}</dd>
          </div>
        </dl>
        <details class="details">
          <summary>{t('cal.dates')}</summary>
          <DateList title={t('cal.holidays')} dates={upload.holidays} names={upload.names} />
          <DateList title={t('cal.workdays')} dates={upload.workdays} names={upload.names} />
        </details>
        {existing && (
          <p class="notice notice--warning">
            {t('cal.replaces', { year: upload.year, source: existing.source ?? t('cal.seed') })}
          </p>
        )}
        <p>{t('cal.effect', { year: upload.year })}</p>
        {missing.length > 0 && (
          <div class="notice notice--warning" data-testid="calendar-incomplete">
            <p>
              <strong>
                {t('cal.incomplete', {
                  year: upload.year,
                  festivals: missing.map((f) => t(`festival.${f}` as MessageKey)).join('、'),
                })}
              </strong>
            </p>
            <div class="checkbox">
              <input
                id="calendar-confirm-incomplete"
                type="checkbox"
                checked={confirmed}
                onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)}
              />
              <label for="calendar-confirm-incomplete">
                {t('cal.confirmIncomplete', { year: upload.year })}
              </label>
            </div>
          </div>
        )}
        <div class="button-group">
          <button
            type="button"
            class="button"
            disabled={busy || (missing.length > 0 && !confirmed)}
            onClick={() => void confirm(upload)}
          >
            {t('cal.confirm')}
          </button>
          <button
            type="button"
            class="button button--secondary"
            disabled={busy}
            onClick={() => setState({ step: 'form' })}
          >
            {t('cal.change')}
          </button>
        </div>
      </section>
    );
  }

  if (state.step === 'done') {
    const { saved, upload } = state;
    const count = (v: string[] | number | undefined, fallback: number) =>
      typeof v === 'number' ? v : Array.isArray(v) ? v.length : fallback;
    return (
      <section aria-labelledby="upload-title" class="upload">
        <div class="panel panel--confirmation" data-testid="calendar-done">
          <h2 id="upload-title" ref={heading} tabIndex={-1}>
            {saved.unchanged
              ? t('cal.unchangedTitle', { year: saved.year ?? upload.year })
              : t('cal.doneTitle', { year: saved.year ?? upload.year })}
          </h2>
          {!saved.unchanged && (
            <p>
              {t('cal.doneDetail', {
                h: formatNumber(count(saved.holidays, upload.holidays.length)),
                w: formatNumber(count(saved.workdays, upload.workdays.length)),
                at: formatDateTime(saved.loadedAt),
              })}
            </p>
          )}
        </div>
        {saved.replanJobId && (
          <section aria-labelledby="replan-title">
            <h3 id="replan-title">{t('cal.replanHeading')}</h3>
            <Replan jobId={saved.replanJobId} />
          </section>
        )}
        <p>{t('cal.doneNext')}</p>
        <p>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              setText('');
              setState({ step: 'form' });
            }}
          >
            {t('cal.another')}
          </button>
        </p>
      </section>
    );
  }

  const fieldErrors = errors.filter((e) => e.field === FIELD);
  const describedBy = [`${FIELD}-hint`, fieldErrors.length ? `${FIELD}-error` : ''].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="upload-title" class="upload">
      <h2 id="upload-title" ref={heading} tabIndex={-1}>
        {t('cal.uploadHeading')}
      </h2>
      <form class="form form--wide" noValidate onSubmit={check} data-testid="calendar-upload">
        <div class={`field${fieldErrors.length ? ' field--error' : ''}`}>
          <label class="label" for={FIELD}>
            {t('cal.json')}
          </label>
          <div class="hint" id={`${FIELD}-hint`}>
            <p>{t('cal.json.hint')}</p>
            <pre class="example">{EXAMPLE}</pre>
          </div>
          {fieldErrors.length > 0 && (
            <div class="field-error" id={`${FIELD}-error`}>
              {fieldErrors.map((e) => (
                <p key={e.message}>
                  <span class="visually-hidden">{t('error.prefix')}</span>
                  {e.fromServer ? <ServerText text={e.message} /> : e.message}
                </p>
              ))}
            </div>
          )}
          <textarea
            class="input textarea mono"
            id={FIELD}
            name={FIELD}
            rows={12}
            spellcheck={false}
            autoCapitalize="none"
            autocomplete="off"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-describedby={describedBy}
            {...(fieldErrors.length ? { 'aria-invalid': 'true' } : {})}
          />
        </div>
        <button type="submit" class="button">
          {t('cal.continue')}
        </button>
      </form>
    </section>
  );
}

function DateList({
  title,
  dates,
  names,
}: {
  title: string;
  dates: string[];
  names?: Record<string, string> | undefined;
}) {
  return (
    <>
      <h3>{title}</h3>
      {dates.length ? (
        <ul class="date-list">
          {[...dates].sort().map((d) => (
            <li key={d}>
              {formatDate(d)}
              {names?.[d] && (
                <>
                  {' '}
                  <ServerText text={names[d] as string} />
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('cal.none')}</p>
      )}
    </>
  );
}

/** The browser's checks: enough to show the check step; the server checks the rest (T3 rules). */
export function parseUpload(raw: string): { upload?: CalendarUpload; errors: FormError[] } {
  const err = (message: string): { errors: FormError[] } => ({ errors: [{ field: FIELD, message }] });
  if (!raw.trim()) return err(t('cal.json.required'));
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    return err(t('cal.json.syntax', { detail: e instanceof Error ? e.message : String(e) }));
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return err(t('cal.json.object'));
  const o = v as Record<string, unknown>;
  const errors: FormError[] = [];
  const year = o.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2100)
    errors.push({ field: FIELD, message: t('cal.json.year') });
  const list = (key: 'holidays' | 'workdays', optional: boolean): string[] => {
    const x = o[key];
    if (x === undefined && optional) return [];
    if (!Array.isArray(x)) {
      errors.push({ field: FIELD, message: t('cal.json.list', { key }) });
      return [];
    }
    const bad = x.find((d) => typeof d !== 'string' || !ISO_DAY.test(d));
    if (bad !== undefined)
      errors.push({ field: FIELD, message: t('cal.json.date', { key, value: String(bad) }) });
    return x as string[];
  };
  const holidays = list('holidays', false);
  const workdays = list('workdays', true);
  if (errors.length) return { errors };
  const upload: CalendarUpload = { year: year as number, holidays, workdays };
  if (o.names && typeof o.names === 'object' && !Array.isArray(o.names))
    upload.names = o.names as Record<string, string>;
  if (typeof o.source === 'string' && o.source.trim()) upload.source = o.source.trim();
  return { upload, errors: [] };
}

/** Every problem the server found, each at the field (the JSON box) and in the summary. */
function serverErrors(e: unknown): FormError[] {
  if (e instanceof ApiError && e.status === 403) return [{ message: t('cal.readOnly') }];
  const err = e as ApiError;
  const fromServer = err?.fromServer !== false;
  const fields = Array.isArray(err?.fields) ? err.fields : [];
  if (!fields.length) return [{ field: FIELD, message: err?.message ?? t('error.generic'), fromServer }];
  return fields.map((f) => {
    const where = f.field.replace(/^body\./, '');
    const at = where && where !== 'calendar' ? `${where}${getLang() === 'en' ? ': ' : '：'}` : '';
    return { field: FIELD, message: `${at}${f.message}`, fromServer };
  });
}

/** The re-plan after a load: its live progress (a job, functions/acts/jobs.ts). */
function Replan({ jobId }: { jobId: string }) {
  return <JobProgress job={useJob(jobId)} />;
}
