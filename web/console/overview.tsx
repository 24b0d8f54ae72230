/**
 * hr's overview of the paper certificates (issue 13 §5; R16, R19, R20, N3): how many candidates are in
 * each phase over all exams and cities as a bar chart (an SVG image with its title and description,
 * each bar named and numbered in text, so nothing is told by colour alone), the same numbers per exam
 * and city in the table beside it with the totals, and the batches whose distribution is overdue, each
 * linked to its exam's page. The numbers come from counters kept with each change (GET /api/overview).
 */
import type { OverviewPhase, PhaseCounts } from '../../functions/domain/overview.js';
import { DeadlineText, Loading, Problem, TableScroll, useTitle } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { useApi } from './data.js';
import { Link } from './link.js';
import { href } from './router.js';
import './messages.js';

interface OverviewData {
  phases: OverviewPhase[];
  exams: {
    exam: { examId: string; name: string; year: number };
    cities: { city: string; cityName: string; counts: PhaseCounts }[];
    total: PhaseCounts;
  }[];
  total: PhaseCounts;
  overdue: {
    examId: string;
    examName: string;
    batchId: string;
    cityName: string;
    arrivedAt: string;
    distributionDue: { date: string; endsAt: string };
    count: number;
  }[];
  at: string;
}

const phaseWord = (p: OverviewPhase) => t(`ov.phase.${p}` as MessageKey);

export function OverviewPage({ allowed }: { allowed: boolean }) {
  useTitle(t('ov.heading'));
  return (
    <>
      <h1 class="page-title">{t('ov.heading')}</h1>
      {allowed ? <OverviewNumbers /> : <p class="notice">{t('ov.hrOnly')}</p>}
    </>
  );
}

function OverviewNumbers() {
  const { data, error, loading } = useApi<OverviewData>('/api/overview');
  return (
    <>
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {data && (
        <>
          <p class="lead">{t('ov.intro', { at: formatDateTime(data.at) })}</p>
          <div class="overview">
            <PhaseChart phases={data.phases} total={data.total} />
            <CountTable data={data} />
          </div>
          <Overdue items={data.overdue} />
        </>
      )}
    </>
  );
}

const ROW = 42;
const LABEL = 19;
const WIDTH = 360;
const NUMBER_ROOM = 52;

/** The bars of the totals: each phase's name above its bar and its number at the bar's end. */
function PhaseChart({ phases, total }: { phases: OverviewPhase[]; total: PhaseCounts }) {
  const max = Math.max(1, ...phases.map((p) => total[p]));
  const height = phases.length * ROW + 8;
  const desc = phases.map((p) => `${phaseWord(p)} ${formatNumber(total[p])}`).join('；');
  return (
    <figure class="overview-chart" data-testid="overview-chart">
      <svg
        role="img"
        aria-labelledby="ov-chart-title ov-chart-desc"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id="ov-chart-title">{t('ov.chartTitle')}</title>
        <desc id="ov-chart-desc">{desc}</desc>
        {phases.map((p, i) => {
          const y = i * ROW + 4;
          const w = Math.round(((WIDTH - NUMBER_ROOM) * total[p]) / max);
          return (
            <g key={p} data-phase={p}>
              <text x="0" y={y + 14} class="overview-label">
                {phaseWord(p)}
              </text>
              <rect x="0" y={y + LABEL} width={Math.max(w, 2)} height="18" class="overview-bar" />
              <text x={Math.max(w, 2) + 6} y={y + LABEL + 14} class="overview-number">
                {formatNumber(total[p])}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="hint">{t('ov.chartCaption')}</figcaption>
    </figure>
  );
}

/** The same numbers per exam and city, each exam's total, and the total over all. */
function CountTable({ data }: { data: OverviewData }) {
  const cells = (c: PhaseCounts) =>
    data.phases.map((p) => (
      <td class="num" key={p}>
        {formatNumber(c[p])}
      </td>
    ));
  return (
    <TableScroll labelledBy="ov-table-caption">
      <table class="table" data-testid="overview-table">
        <caption id="ov-table-caption">{t('ov.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ov.where')}</th>
            {data.phases.map((p) => (
              <th scope="col" class="num" key={p}>
                {phaseWord(p)}
              </th>
            ))}
          </tr>
        </thead>
        {data.exams.map((e) => (
          <tbody key={e.exam.examId}>
            <tr>
              <th scope="rowgroup" colSpan={data.phases.length + 1} class="overview-exam">
                <Link to={href({ view: 'exam', exam: e.exam.examId })}>{e.exam.name}</Link>
              </th>
            </tr>
            {e.cities.map((c) => (
              <tr key={c.city}>
                <th scope="row">{c.cityName}</th>
                {cells(c.counts)}
              </tr>
            ))}
            <tr class="overview-subtotal">
              <th scope="row">{t('ov.examTotal')}</th>
              {cells(e.total)}
            </tr>
          </tbody>
        ))}
        <tfoot>
          <tr>
            <th scope="row">{t('ov.total')}</th>
            {cells(data.total)}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

/** N3: the batches past their 10 working days with distribution not started, each linked to its exam. */
function Overdue({ items }: { items: OverviewData['overdue'] }) {
  return (
    <section class="section" aria-labelledby="ov-overdue-title" data-testid="overview-overdue">
      <h2 id="ov-overdue-title">{t('ov.overdueHeading')}</h2>
      <p class="hint">{t('ov.overdueIntro')}</p>
      {items.length ? (
        <TableScroll labelledBy="ov-overdue-caption">
          <table class="table">
            <caption id="ov-overdue-caption" class="visually-hidden">
              {t('ov.overdueHeading')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('ov.exam')}</th>
                <th scope="col">{t('ov.city')}</th>
                <th scope="col">{t('ov.arrived')}</th>
                <th scope="col">{t('ov.due')}</th>
                <th scope="col" class="num">
                  {t('ov.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.batchId}>
                  <th scope="row">
                    <Link to={href({ view: 'exam', exam: b.examId })}>{b.examName}</Link>
                  </th>
                  <td>{b.cityName}</td>
                  <td>{formatDateTime(b.arrivedAt)}</td>
                  <td>
                    <DeadlineText deadline={{ ...b.distributionDue, rule: 'N3' }} />{' '}
                    <strong class="tag tag--overdue">{t('arr.overdue')}</strong>
                  </td>
                  <td class="num">{formatNumber(b.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p class="empty">{t('ov.noOverdue')}</p>
      )}
    </section>
  );
}
