/**
 * The reports to hr on an exam's page, one section per kind: round 1 (R7) and the supplementary round
 * (R13). Each lists the reports made (by the schedule once the deadline has passed, or by the provincial
 * verifier), each with its counts by city and its list as CSV and XLSX; the provincial verifier (or
 * association) may make one now, after a confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorSummary, errorsFrom, type FormError, ServerText, TableScroll } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { consoleSession, saveFile, useApi } from './data.js';
import './messages.js';

type Kind = 'round1' | 'supplementary';
type CountRow = { city: string; cityName: string; total: number } & Record<string, number | string>;
interface ReportItem {
  reportId: string;
  /** absent on reports made before the supplementary report existed: round 1 */
  kind?: Kind;
  by: { deptName: string } | { schedule: true };
  at: string;
  due: string;
  status: 'making' | 'done';
  counts?: { rows: CountRow[]; total: CountRow };
}

/** Each kind's columns (their headings are `report.{column}`), heading, intro and file name. */
const kinds: Record<
  Kind,
  { columns: string[]; heading: MessageKey; intro: MessageKey; none: MessageKey; file: string }
> = {
  round1: {
    columns: ['qualified', 'unqualified', 'pending', 'total'],
    heading: 'report.heading',
    intro: 'report.intro',
    none: 'report.none',
    file: '首轮核查报告',
  },
  supplementary: {
    columns: ['pendingAtStart', 'tookPart', 'qualified', 'unqualified', 'forfeited', 'overdue'],
    heading: 'report.supHeading',
    intro: 'report.supIntro',
    none: 'report.supNone',
    file: '补充资格核查报告',
  },
};

export function ExamReports({ examId, mayMake }: { examId: string; mayMake: boolean }) {
  const [version, setVersion] = useState(0);
  const base = `/api/exams/${encodeURIComponent(examId)}/reports`;
  const { data } = useApi<{ items: ReportItem[] }>(base, {}, version);
  const reload = () => setVersion((v) => v + 1);
  // a report being made: look again every 2 seconds until it is done (long work can be left and returned to)
  const making = (data?.items ?? []).some((r) => r.status !== 'done');
  useEffect(() => {
    if (!making) return;
    const timer = setTimeout(reload, 2000);
    return () => clearTimeout(timer);
  }, [making, version]);
  return (
    <>
      {(['round1', 'supplementary'] as const).map((kind) => (
        <KindReports
          key={kind}
          kind={kind}
          examId={examId}
          mayMake={mayMake}
          items={(data?.items ?? []).filter((r) => (r.kind ?? 'round1') === kind)}
          onMade={reload}
        />
      ))}
    </>
  );
}

function KindReports({
  kind,
  examId,
  mayMake,
  items,
  onMade,
}: {
  kind: Kind;
  examId: string;
  mayMake: boolean;
  items: ReportItem[];
  onMade: () => void;
}) {
  const k = kinds[kind];
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const titleId = `reports-${kind}-title`;

  async function make() {
    setBusy(true);
    try {
      const path = `/api/exams/${encodeURIComponent(examId)}/reports/${kind}`;
      await api(path, { method: 'POST', body: { confirm: true }, session: consoleSession });
      setErrors([]);
      setConfirming(false);
      onMade();
    } catch (e) {
      setErrors(errorsFrom(e, []));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={titleId} class="section" data-testid={`reports-${kind}`}>
      <h2 id={titleId}>{t(k.heading)}</h2>
      <p class="hint">{t(k.intro)}</p>
      <ErrorSummary errors={errors} />
      {mayMake &&
        (confirming ? (
          <p class="button-group">
            <button type="button" class="button" disabled={busy} onClick={() => void make()}>
              {t('report.confirm')}
            </button>
            <button type="button" class="button button--secondary" onClick={() => setConfirming(false)}>
              {t('ev.cancel')}
            </button>
          </p>
        ) : (
          <button type="button" class="button button--secondary" onClick={() => setConfirming(true)}>
            {t('report.make')}
          </button>
        ))}
      {items.length > 0 ? (
        items.map((r) => <Report key={r.reportId} examId={examId} kind={kind} r={r} />)
      ) : (
        <p class="empty">{t(k.none)}</p>
      )}
    </section>
  );
}

function Report({ examId, kind, r }: { examId: string; kind: Kind; r: ReportItem }) {
  const id = `report-${r.reportId}`;
  const k = kinds[kind];
  const file = (format: 'csv' | 'xlsx') =>
    `/api/exams/${encodeURIComponent(examId)}/reports/${encodeURIComponent(r.reportId)}/${kind}.${format}`;
  return (
    <div class="panel" data-testid="report">
      <h3 id={id}>
        {t('report.title', { at: formatDateTime(r.at) })}{' '}
        <span class="meta">
          {'schedule' in r.by ? t('report.bySchedule') : <ServerText text={r.by.deptName} />}
        </span>
      </h3>
      {r.status !== 'done' || !r.counts ? (
        <p class="hint">{t('report.making')}</p>
      ) : (
        <>
          <TableScroll labelledBy={id}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('rec.city')}</th>
                  {k.columns.map((c) => (
                    <th key={c} scope="col">
                      {t(`report.${c}` as MessageKey)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...r.counts.rows, r.counts.total].map((c) => (
                  <tr key={c.city || 'total'}>
                    <th scope="row">{c.city ? c.cityName : t('report.sum')}</th>
                    {k.columns.map((col) => (
                      <td key={col}>{formatNumber(Number(c[col] ?? 0))}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p class="button-group">
            {(['csv', 'xlsx'] as const).map((f) => (
              <button
                key={f}
                type="button"
                class="button button--secondary"
                onClick={() => void saveFile(file(f), `${k.file}-${examId}.${f}`)}
              >
                {t(`report.${f}`)}
              </button>
            ))}
          </p>
        </>
      )}
    </div>
  );
}
