/**
 * The round-1 report to hr (R7) on an exam's page: the reports made (by the schedule on the due day, or
 * by the provincial verifier), each with its counts by city × result and its list as CSV and XLSX; the
 * provincial verifier (or association) may make one now, after a confirmation.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorSummary, errorsFrom, type FormError, ServerText, TableScroll } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import { consoleSession, saveFile, useApi } from './data.js';
import './messages.js';

interface CountRow {
  city: string;
  cityName: string;
  qualified: number;
  unqualified: number;
  pending: number;
  total: number;
}
interface ReportItem {
  reportId: string;
  by: { deptName: string } | { schedule: true };
  at: string;
  due: string;
  status: 'making' | 'done';
  counts?: { rows: CountRow[]; total: CountRow };
}

export function ExamReports({ examId, mayMake }: { examId: string; mayMake: boolean }) {
  const [version, setVersion] = useState(0);
  const base = `/api/exams/${encodeURIComponent(examId)}/reports`;
  const { data } = useApi<{ items: ReportItem[] }>(base, {}, version);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  async function make() {
    setBusy(true);
    try {
      await api(`${base}/round1`, { method: 'POST', body: { confirm: true }, session: consoleSession });
      setErrors([]);
      setConfirming(false);
      setVersion((v) => v + 1);
      setTimeout(() => setVersion((v) => v + 1), 2000);
    } catch (e) {
      setErrors(errorsFrom(e, []));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="reports-title" class="section" data-testid="reports">
      <h2 id="reports-title">{t('report.heading')}</h2>
      <p class="hint">{t('report.intro')}</p>
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
      {data && data.items.length > 0 ? (
        data.items.map((r) => <Report key={r.reportId} examId={examId} r={r} />)
      ) : (
        <p class="empty">{t('report.none')}</p>
      )}
    </section>
  );
}

function Report({ examId, r }: { examId: string; r: ReportItem }) {
  const id = `report-${r.reportId}`;
  const file = (f: 'round1.csv' | 'round1.xlsx') =>
    `/api/exams/${encodeURIComponent(examId)}/reports/${encodeURIComponent(r.reportId)}/${f}`;
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
                  <th scope="col">{t('report.qualified')}</th>
                  <th scope="col">{t('report.unqualified')}</th>
                  <th scope="col">{t('report.pending')}</th>
                  <th scope="col">{t('report.total')}</th>
                </tr>
              </thead>
              <tbody>
                {[...r.counts.rows, r.counts.total].map((c) => (
                  <tr key={c.city || 'total'}>
                    <th scope="row">{c.city ? c.cityName : t('report.sum')}</th>
                    <td>{formatNumber(c.qualified)}</td>
                    <td>{formatNumber(c.unqualified)}</td>
                    <td>{formatNumber(c.pending)}</td>
                    <td>{formatNumber(c.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p class="button-group">
            <button
              type="button"
              class="button button--secondary"
              onClick={() => void saveFile(file('round1.csv'), `首轮核查报告-${examId}.csv`)}
            >
              {t('report.csv')}
            </button>
            <button
              type="button"
              class="button button--secondary"
              onClick={() => void saveFile(file('round1.xlsx'), `首轮核查报告-${examId}.xlsx`)}
            >
              {t('report.xlsx')}
            </button>
          </p>
        </>
      )}
    </div>
  );
}
