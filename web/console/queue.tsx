/**
 * An exam's candidate work queue (issue 9 §1): every filter (city, status, phase, online check, due
 * today, spot check, objections, a search) and the page cursor live in the URL, the server fills each
 * page in order of next deadline, and the counts at the top come from the server's counters.
 */
import { useEffect } from 'preact/hooks';
import { candidateStatuses, commitmentItems, onlineCheckResults } from '../../functions/domain/candidate.js';
import { phases } from '../../functions/domain/lifecycle.js';
import { henanCities } from '../../functions/domain/regions.js';
import { type WorkItem, type WorkKind, workKinds } from '../../functions/domain/work.js';
import { DeadlineText, Loading, Problem, StatusTag, TableScroll, useTitle } from '../components.js';
import { deadlineProvisional, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { CandidateView, Department, ExamDetail, Page, Phase } from '../types.js';
import { BulkPanel } from './bulk.js';
import { useApi } from './data.js';
import { Link } from './link.js';
import { ObjectionBadge } from './objections.js';
import { caseAnchor } from './revocations.js';
import { href, navigate, queueFilterNames, type Route } from './router.js';
import './messages.js';

export const PAGE_SIZE = 50;

type QueueRoute = Extract<Route, { view: 'queue' }>;

/** What the queue answers beside its page: the counters of the caller's scope. */
interface QueuePage extends Page<CandidateView> {
  partial?: boolean;
  counts?: { byStatus: Record<string, number>; dueToday: number; byWork?: Record<WorkKind, number> };
}

/** The lifecycle phase in words ("资格核查中", "邮寄预约期", …). */
export const phaseText = (phase: Phase | undefined): string =>
  phase ? t(`phase.${phase}` as MessageKey) : '—';

const CHECKS = ['any', ...commitmentItems] as const;
const checkLabel = (v: string) => {
  const [item, result] = v.split(':');
  return `${t(`spot.item.${item}` as MessageKey)}：${t(`check.${result}` as MessageKey)}`;
};

/** The page before each cursor, remembered in this tab so "previous" works without a stack in the URL. */
const PREV_KEY = 'queue-prev:';
function rememberPrevious(next: string, current: string | undefined) {
  try {
    sessionStorage.setItem(PREV_KEY + next, current ?? '');
  } catch {
    // storage refused (private mode): previous falls back to the first page
  }
}
function previousOf(cursor: string): string | null {
  try {
    return sessionStorage.getItem(PREV_KEY + cursor);
  } catch {
    return null;
  }
}

function Select({
  id,
  label,
  value,
  any,
  options,
  locked,
}: {
  id: string;
  label: string;
  value: string | undefined;
  any?: string;
  options: readonly (readonly [string, string])[];
  locked?: boolean;
}) {
  return (
    <div class="field field--inline">
      <label class="label" for={id}>
        {label}
      </label>
      <select class="select" id={id} name={id}>
        {!locked && any !== undefined && <option value="">{any}</option>}
        {options.map(([code, name]) => (
          <option key={code} value={code} selected={code === value}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Queue({ route, department }: { route: QueueRoute; department: Department }) {
  const exam = useApi<ExamDetail>(`/api/exams/${encodeURIComponent(route.exam)}`);
  const filters = Object.fromEntries(queueFilterNames.map((k) => [k, route[k]]));
  const page = useApi<QueuePage>(`/api/exams/${encodeURIComponent(route.exam)}/candidates`, {
    ...filters,
    limit: PAGE_SIZE,
    cursor: route.cursor,
  });
  const examName = exam.data?.name ?? route.exam;
  useTitle(`${examName} · ${t('queue.heading')}`);
  const items = page.data?.items ?? [];
  const counts = page.data?.counts;
  const cities = department.city
    ? [[department.city, henanCities.get(department.city) ?? department.city] as const]
    : [...henanCities];
  const previous = route.cursor ? previousOf(route.cursor) : null;
  const next = page.data?.nextCursor;
  useEffect(() => {
    if (next) rememberPrevious(next, route.cursor);
  }, [next, route.cursor]);

  function onSubmit(e: Event) {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const chosen = Object.fromEntries(
      queueFilterNames.flatMap((k) => {
        const v = String(f.get(k) ?? '').trim();
        return v ? [[k, v]] : [];
      }),
    );
    navigate(href({ view: 'queue', exam: route.exam, ...chosen }));
  }

  return (
    <>
      <p class="back">
        <Link to={href({ view: 'exams' })}>{t('queue.back')}</Link>
      </p>
      <h1 class="page-title">
        {examName}
        <span class="page-subtitle">{t('queue.heading')}</span>
      </h1>
      <p>
        <Link to={href({ view: 'exam', exam: route.exam })}>{t('queue.scheduleLink')}</Link>
      </p>
      {counts && (
        <p class="queue-counts" data-testid="queue-counts">
          <strong>
            {t('queue.counts', {
              verifying: formatNumber(counts.byStatus.verifying ?? 0),
              dueToday: formatNumber(counts.dueToday),
            })}
          </strong>
          <span class="hint">
            {' · '}
            {t('queue.countsAll', {
              qualified: formatNumber(counts.byStatus.qualified ?? 0),
              unqualified: formatNumber(counts.byStatus.unqualified ?? 0),
              pending: formatNumber(counts.byStatus.pending ?? 0),
            })}
          </span>
        </p>
      )}
      {counts?.byWork && (
        <p class="queue-counts" data-testid="work-counts">
          {workKinds.map((k, i) => (
            <span key={k}>
              {i > 0 && ' · '}
              <Link to={href({ view: 'queue', exam: route.exam, work: k })}>
                {t(`work.${k}`)} {formatNumber(counts.byWork?.[k] ?? 0)}
              </Link>
            </span>
          ))}
        </p>
      )}

      <form
        class="filters"
        method="get"
        action="/console/"
        onSubmit={onSubmit}
        aria-labelledby="filters-title"
      >
        <h2 id="filters-title" class="visually-hidden">
          {t('queue.filters')}
        </h2>
        <input type="hidden" name="view" value="queue" />
        <input type="hidden" name="exam" value={route.exam} />
        <div class="field field--inline">
          <label class="label" for="q">
            {t('queue.q')}
          </label>
          <span class="hint" id="q-hint">
            {t('queue.qHint')}
          </span>
          <input
            class="input"
            id="q"
            name="q"
            type="search"
            maxLength={30}
            defaultValue={route.q ?? ''}
            aria-describedby="q-hint"
          />
        </div>
        <Select
          id="city"
          label={t('queue.city')}
          value={route.city}
          any={t('queue.allCities')}
          options={cities}
          locked={!!department.city}
        />
        <Select
          id="status"
          label={t('queue.status')}
          value={route.status}
          any={t('queue.allStatuses')}
          options={candidateStatuses.map((s) => [s, t(`status.${s}` as MessageKey)] as const)}
        />
        <Select
          id="phase"
          label={t('queue.phaseFilter')}
          value={route.phase}
          any={t('queue.allPhases')}
          options={phases.filter((p) => p !== 'successor').map((p) => [p, phaseText(p)] as const)}
        />
        <Select
          id="check"
          label={t('queue.check')}
          value={route.check}
          any={t('queue.anyCheck')}
          options={CHECKS.flatMap((c) =>
            onlineCheckResults.map((r) => [`${c}:${r}`, checkLabel(`${c}:${r}`)] as const),
          )}
        />
        <Select
          id="due"
          label={t('queue.due')}
          value={route.due}
          any={t('queue.dueAny')}
          options={[['today', t('queue.dueToday')]]}
        />
        <Select
          id="spot"
          label={t('queue.spot')}
          value={route.spot}
          any={t('queue.spotAny')}
          options={[
            ['1', t('queue.spotYes')],
            ['0', t('queue.spotNo')],
          ]}
        />
        <Select
          id="objections"
          label={t('queue.objections')}
          value={route.objections}
          any={t('queue.objectionsAny')}
          options={[
            ['1', t('queue.objectionsYes')],
            ['0', t('queue.objectionsNo')],
          ]}
        />
        <Select
          id="work"
          label={t('queue.work')}
          value={route.work}
          any={t('queue.workAny')}
          options={workKinds.map((k) => [k, t(`work.${k}`)] as const)}
        />
        <button type="submit" class="button button--secondary">
          {t('queue.apply')}
        </button>
        {queueFilterNames.some((k) => route[k]) && (
          <Link to={href({ view: 'queue', exam: route.exam })}>{t('queue.clear')}</Link>
        )}
      </form>

      <BulkPanel examId={route.exam} route={route} department={department} />

      {page.loading && <Loading />}
      {page.error !== undefined && <Problem error={page.error} />}
      {page.data && (
        <>
          <p class="count" role="status" data-testid="queue-count">
            {t('queue.shown', { n: formatNumber(items.length) })}
            {page.data.nextCursor ? t('queue.more') : ''}
          </p>
          {page.data.partial && <p class="hint">{t('queue.partial')}</p>}
          {items.length ? (
            <>
              <TableScroll labelledBy="queue-caption">
                <table class="table">
                  <caption id="queue-caption" class="visually-hidden">
                    {t('queue.caption', { exam: examName })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('queue.candidateNo')}</th>
                      <th scope="col">{t('rec.name')}</th>
                      <th scope="col">{t('rec.idNumber')}</th>
                      <th scope="col">{t('rec.city')}</th>
                      <th scope="col">{t('rec.status')}</th>
                      <th scope="col">{t('queue.phase')}</th>
                      <th scope="col">{t('queue.deadline')}</th>
                      <th scope="col">{t('queue.workCol')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((c) => (
                      <tr key={c.personId}>
                        <td class="mono">{c.candidateNo ?? '—'}</td>
                        <th scope="row">
                          <Link to={href({ view: 'candidate', exam: route.exam, person: c.personId })}>
                            {c.name}
                          </Link>{' '}
                          <ObjectionBadge n={c.objectionCount} />
                          {c.spotCheck && (
                            <>
                              {' '}
                              <strong class="tag tag--spot">{t('queue.spotTag')}</strong>
                            </>
                          )}
                        </th>
                        <td class="mono">{c.idNumberMasked}</td>
                        <td>{c.cityName}</td>
                        <td>
                          <StatusTag status={c.status} phase={c.phase} />
                        </td>
                        <td data-testid="phase">{phaseText(c.phase)}</td>
                        <td class="deadline-cell">
                          <DeadlineText
                            deadline={c.deadline}
                            provisional={deadlineProvisional(c, exam.data?.missingYears)}
                          />
                        </td>
                        <td data-testid="work">
                          <WorkList work={c.work ?? []} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {items.some((c) => deadlineProvisional(c, exam.data?.missingYears)) && (
                <p class="hint">{t('sched.provisionalNote')}</p>
              )}
            </>
          ) : (
            <p class="empty">{t('queue.empty')}</p>
          )}
          {(route.cursor || page.data.nextCursor) && (
            <nav class="pagination" aria-label={t('queue.pagination')}>
              {route.cursor && previous ? (
                <Link to={href({ ...route, cursor: previous })}>{t('queue.prev')}</Link>
              ) : null}
              {route.cursor && <Link to={href({ ...route, cursor: '' })}>{t('queue.first')}</Link>}
              {page.data.nextCursor && (
                <Link to={href({ ...route, cursor: page.data.nextCursor })} class="next">
                  {t('queue.next')}
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}

/** R10, R11, N1: the round-2 work on a candidate, each with its deadline (overdue tagged in words). */
export function WorkList({ work, linkCases = false }: { work: readonly WorkItem[]; linkCases?: boolean }) {
  if (!work.length) return <>—</>;
  return (
    <ul class="work-list">
      {work.map((w) => (
        <li key={w.kind}>
          {t(`work.${w.kind}`)}
          {w.state && ` · ${t(`work.state.${w.state}` as MessageKey)}`}
          <br />
          {w.deadline ? <DeadlineText deadline={w.deadline} /> : t('work.noDeadline')}
          {w.overdue && (
            <>
              {' '}
              <strong class="tag tag--overdue">{t('work.overdue')}</strong>
            </>
          )}
          {linkCases && w.caseId && (
            <>
              {' '}
              <a href={`#${caseAnchor(w.caseId)}`}>{t('work.openCase')}</a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
