/**
 * The reports to hr on an exam's page, one section per kind: round 1 (R7) and the supplementary round
 * (R13). Each lists the reports made (by the schedule once the deadline has passed, or by the provincial
 * verifier), each with its counts by city and its list as CSV and XLSX; the provincial verifier (or
 * association) may make one now, after a confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import {
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  type FormError,
  ServerText,
  TableScroll,
} from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { consoleSession, saveFile, useApi } from './data.js';
import { Link } from './link.js';
import { href } from './router.js';
import './messages.js';

type Kind = 'round1' | 'supplementary' | 'custody' | 'transfer';
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
  /** R20: hr's receipt of a transfer register */
  receipt?: { reference: string; receivedAt: string; deptName: string };
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
  custody: {
    columns: ['kept'],
    heading: 'report.custodyHeading',
    intro: 'report.custodyIntro',
    none: 'report.custodyNone',
    file: '代为保管登记册',
  },
  transfer: {
    columns: ['listed'],
    heading: 'report.transferHeading',
    intro: 'report.transferIntro',
    none: 'report.transferNone',
    file: '移交登记册',
  },
};

/** R20: the registers, kept for paper exams only. */
const registers: readonly Kind[] = ['custody', 'transfer'];

export function ExamReports({
  examId,
  mayMake,
  paper = false,
  role,
}: {
  examId: string;
  mayMake: boolean;
  paper?: boolean;
  role?: string;
}) {
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
      {(['round1', 'supplementary', ...(paper ? registers : [])] as const).map((kind) => (
        <KindReports
          key={kind}
          kind={kind}
          examId={examId}
          mayMake={mayMake}
          mayReceive={role === 'hr'}
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
  mayReceive,
  items,
  onMade,
}: {
  kind: Kind;
  examId: string;
  mayMake: boolean;
  mayReceive: boolean;
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
        items.map((r) => (
          <Report
            key={r.reportId}
            examId={examId}
            kind={kind}
            r={r}
            mayReceive={mayReceive}
            onReceived={onMade}
          />
        ))
      ) : (
        <p class="empty">{t(k.none)}</p>
      )}
    </section>
  );
}

function Report({
  examId,
  kind,
  r,
  mayReceive,
  onReceived,
}: {
  examId: string;
  kind: Kind;
  r: ReportItem;
  mayReceive: boolean;
  onReceived: () => void;
}) {
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
            {registers.includes(kind) && (
              <Link to={href({ view: 'register', exam: examId, report: r.reportId, kind })}>
                {t('report.printable')}
              </Link>
            )}
          </p>
          {kind === 'transfer' && (
            <TransferReceipt examId={examId} r={r} mayReceive={mayReceive} onReceived={onReceived} />
          )}
        </>
      )}
    </div>
  );
}

/** R20: hr records receipt of the transfer register with its reference; then it shows who and when. */
function TransferReceipt({
  examId,
  r,
  mayReceive,
  onReceived,
}: {
  examId: string;
  r: ReportItem;
  mayReceive: boolean;
  onReceived: () => void;
}) {
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const id = `receipt-${r.reportId}`;
  if (r.receipt)
    return (
      <p class="notice" data-testid="receipt">
        {t('report.received', {
          reference: r.receipt.reference,
          at: formatDateTime(r.receipt.receivedAt),
          dept: r.receipt.deptName,
        })}
      </p>
    );
  if (!mayReceive) return <p class="hint">{t('report.awaitingReceipt')}</p>;
  async function receive(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const path = `/api/exams/${encodeURIComponent(examId)}/reports/${encodeURIComponent(r.reportId)}/receipt`;
      await api(path, { method: 'POST', body: { reference: reference.trim() }, session: consoleSession });
      setErrors([]);
      onReceived();
    } catch (err) {
      setErrors(errorsFrom(err, ['reference']).map((x) => (x.field ? { ...x, field: id } : x)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void receive(e)} noValidate>
      <ErrorSummary errors={errors} />
      <Field
        id={id}
        label={t('report.reference')}
        hint={t('report.referenceHint')}
        value={reference}
        onValue={setReference}
        width="medium"
        error={errorFor(errors, id)}
      />
      <button type="submit" class="button" disabled={busy}>
        {t('report.receive')}
      </button>
    </form>
  );
}
