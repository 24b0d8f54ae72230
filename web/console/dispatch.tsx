/**
 * Dispatch and delivery by China Post on an exam's page (R18, R19, N3), three steps: export the
 * manifest (交寄清单) of a city — a job, its progress shown, then the CSV and XLSX downloads; upload
 * China Post's tracking numbers; upload its delivery results. A file's own problems refuse it whole,
 * listed by row; references no manifest listed are listed by row and the other rows applied by a job.
 */
import { useRef, useState } from 'preact/hooks';
import { deliveryColumns, trackingColumns } from '../../functions/domain/dispatch.js';
import { henanCities } from '../../functions/domain/regions.js';
import { ApiError, api } from '../api.js';
import {
  ErrorSummary,
  errorFor,
  errorsFrom,
  FileField,
  type FormError,
  SelectField,
  TableScroll,
} from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import { type RowError, RowErrors } from './arrival.js';
import { consoleSession, saveFile, useApi } from './data.js';
import { JobProgress, useJob } from './jobs.js';
import './messages.js';

interface ManifestItem {
  manifestId: string;
  city: string | null;
  status: 'running' | 'done';
  count?: number;
  at: string;
  jobId: string;
}

const cityName = (code: string | null) => (code ? (henanCities.get(code) ?? code) : t('dsp.allCities'));
const labels = { ...trackingColumns, ...deliveryColumns } as Record<string, { label: string }>;

export function ExamDispatch({ examId, deptCity }: { examId: string; deptCity?: string | undefined }) {
  const [version, setVersion] = useState(0);
  const base = `/api/exams/${encodeURIComponent(examId)}`;
  const list = useApi<{ items: ManifestItem[] }>(`${base}/manifests`, {}, version);
  const again = () => setVersion((v) => v + 1);
  return (
    <section aria-labelledby="dispatch-title" class="section" data-testid="dispatch">
      <h2 id="dispatch-title">{t('dsp.heading')}</h2>
      <p>{t('dsp.intro')}</p>
      <ExportManifest base={base} deptCity={deptCity} onDone={again} />
      {list.data && <Manifests base={base} examId={examId} items={list.data.items} />}
      <PostFile base={base} kind="tracking" />
      <PostFile base={base} kind="delivery" />
    </section>
  );
}

function ExportManifest({
  base,
  deptCity,
  onDone,
}: {
  base: string;
  deptCity?: string | undefined;
  onDone: () => void;
}) {
  const [city, setCity] = useState(deptCity ?? '');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send() {
    setErrors([]);
    setBusy(true);
    try {
      const r = await api<{ jobId: string }>(`${base}/manifests`, {
        method: 'POST',
        body: city ? { city } : {},
        session: consoleSession,
      });
      setJobId(r.jobId);
      onDone();
    } catch (e) {
      setErrors(errorsFrom(e, ['city']).map((x) => ({ ...x, field: 'manifest-city' })));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <h3 id="manifest-form-title">{t('dsp.exportHeading')}</h3>
      <p class="hint">{t('dsp.exportIntro')}</p>
      <ErrorSummary errors={errors} />
      <form
        class="form"
        noValidate
        aria-labelledby="manifest-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void send();
        }}
      >
        <SelectField
          id="manifest-city"
          label={t('arr.city')}
          hint={deptCity ? t('arr.cityOwn') : t('dsp.cityHint')}
          error={errorFor(errors, 'manifest-city')}
          value={city}
          onValue={setCity}
          options={(deptCity ? [[deptCity, cityName(deptCity)]] : [...henanCities]) as [string, string][]}
          placeholder={t('dsp.allCities')}
          disabled={!!deptCity}
        />
        <button type="submit" class="button" disabled={busy}>
          {t('dsp.export')}
        </button>
      </form>
      {jobId && <ManifestJob jobId={jobId} onEnd={onDone} />}
    </>
  );
}

function ManifestJob({ jobId, onEnd }: { jobId: string; onEnd: () => void }) {
  return <JobProgress job={useJob(jobId, undefined, onEnd)} />;
}

function Manifests({ base, examId, items }: { base: string; examId: string; items: ManifestItem[] }) {
  if (!items.length) return <p class="empty">{t('dsp.none')}</p>;
  return (
    <TableScroll labelledBy="manifest-form-title">
      <table class="table" data-testid="manifests">
        <thead>
          <tr>
            <th scope="col">{t('dsp.at')}</th>
            <th scope="col">{t('arr.city')}</th>
            <th scope="col">{t('dsp.rows')}</th>
            <th scope="col">{t('dsp.files')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.manifestId}>
              <th scope="row">{formatDateTime(m.at)}</th>
              <td>{cityName(m.city)}</td>
              <td>{m.status === 'done' ? formatNumber(m.count ?? 0) : t('dsp.making')}</td>
              <td>
                {m.status === 'done' &&
                  (['csv', 'xlsx'] as const).map((f) => (
                    <button
                      key={f}
                      type="button"
                      class="button button--secondary"
                      data-testid={`manifest-${f}`}
                      onClick={() =>
                        void saveFile(
                          `${base}/manifests/${m.manifestId}/manifest.${f}`,
                          `manifest-${examId}-${m.manifestId}.${f}`,
                        )
                      }
                    >
                      {t(`dsp.${f}`)}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Upload China Post's tracking numbers or delivery results: rows refused by row, the rest by a job. */
function PostFile({ base, kind }: { base: string; kind: 'tracking' | 'delivery' }) {
  const id = `${kind}-file`;
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [rows, setRows] = useState<RowError[]>([]);
  const [unknown, setUnknown] = useState<RowError[]>([]);
  const [job, setJob] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function send() {
    setRows([]);
    setUnknown([]);
    setJob(null);
    if (!file) {
      setErrors([{ field: id, message: t('arr.chooseFile') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const r = await api<{ jobId: string; unknown: RowError[] }>(
        `${base}/${kind === 'tracking' ? 'tracking-numbers' : 'delivery-results'}`,
        { method: 'POST', file: { data: file, type: 'text/csv' }, session: consoleSession },
      );
      setJob(r.jobId);
      setUnknown(r.unknown);
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) {
      setRows(e instanceof ApiError ? ((e.details.rows as RowError[] | undefined) ?? []) : []);
      setErrors(errorsFrom(e, []).map((x) => ({ ...x, field: id })));
    } finally {
      setBusy(false);
    }
  }
  const columns = kind === 'tracking' ? trackingColumns : deliveryColumns;
  return (
    <>
      <h3 id={`${id}-title`}>{t(`dsp.${kind}Heading`)}</h3>
      <ErrorSummary errors={errors} />
      <p class="hint">
        {t('arr.columns')}：
        {Object.entries(columns)
          .map(([key, c]) => `${c.label}（${key}）`)
          .join('，')}
      </p>
      <form
        class="form"
        noValidate
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void send();
        }}
      >
        <FileField
          id={id}
          label={t(`dsp.${kind}File`)}
          hint={t(`dsp.${kind}Hint`)}
          error={errorFor(errors, id)}
          accept=".csv,text/csv"
          inputRef={input}
          onFile={setFile}
        />
        <button type="submit" class="button" disabled={busy}>
          {t('dsp.upload')}
        </button>
      </form>
      {job && <ManifestJob jobId={job} onEnd={() => undefined} />}
      <RowErrors id={`${kind}-errors`} rows={rows} label={(f) => labels[f]?.label ?? f} />
      <RowErrors
        id={`${kind}-unknown`}
        rows={unknown}
        label={(f) => labels[f]?.label ?? f}
        heading={t('dsp.unknownHeading')}
      />
    </>
  );
}
