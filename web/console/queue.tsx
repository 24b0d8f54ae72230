/**
 * An exam's candidate work queue: filters (city, status) and the page cursor live in the URL, the
 * server pages the table, and the count of rows shown is stated.
 */
import { candidateStatuses } from '../../functions/domain/candidate.js';
import { henanCities } from '../../functions/domain/regions.js';
import { DeadlineText, Loading, Problem, StatusTag, TableScroll, useTitle } from '../components.js';
import { deadlineProvisional, formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { CandidateView, Department, ExamDetail, Page, Phase } from '../types.js';
import { BulkPanel } from './bulk.js';
import { useApi } from './data.js';
import { Link } from './link.js';
import { ObjectionBadge } from './objections.js';
import { href, navigate, type Route } from './router.js';
import './messages.js';

export const PAGE_SIZE = 50;

/** The lifecycle phase in words ("资格核查中", "邮寄预约期", …). */
export const phaseText = (phase: Phase | undefined): string =>
  phase ? t(`phase.${phase}` as MessageKey) : '—';

export function Queue({
  route,
  department,
}: {
  route: Extract<Route, { view: 'queue' }>;
  department: Department;
}) {
  const exam = useApi<ExamDetail>(`/api/exams/${encodeURIComponent(route.exam)}`);
  const page = useApi<Page<CandidateView>>(`/api/exams/${encodeURIComponent(route.exam)}/candidates`, {
    city: route.city,
    status: route.status,
    limit: PAGE_SIZE,
    cursor: route.cursor,
  });
  const examName = exam.data?.name ?? route.exam;
  useTitle(`${examName} · ${t('queue.heading')}`);
  const items = page.data?.items ?? [];
  const cities = department.city
    ? [[department.city, henanCities.get(department.city) ?? department.city]]
    : [...henanCities];

  function onSubmit(e: Event) {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const city = String(f.get('city') ?? '');
    const status = String(f.get('status') ?? '');
    navigate(
      href({ view: 'queue', exam: route.exam, ...(city ? { city } : {}), ...(status ? { status } : {}) }),
    );
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
          <label class="label" for="city">
            {t('queue.city')}
          </label>
          <select class="select" id="city" name="city">
            {!department.city && <option value="">{t('queue.allCities')}</option>}
            {cities.map(([code, name]) => (
              <option key={code} value={code} selected={code === route.city}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field field--inline">
          <label class="label" for="status">
            {t('queue.status')}
          </label>
          <select class="select" id="status" name="status">
            <option value="">{t('queue.allStatuses')}</option>
            {candidateStatuses.map((s) => (
              <option key={s} value={s} selected={s === route.status}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary">
          {t('queue.apply')}
        </button>
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
          {items.length ? (
            <>
              <TableScroll labelledBy="queue-caption">
                <table class="table">
                  <caption id="queue-caption" class="visually-hidden">
                    {t('queue.caption', { exam: examName })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rec.name')}</th>
                      <th scope="col">{t('rec.idNumber')}</th>
                      <th scope="col">{t('rec.city')}</th>
                      <th scope="col">{t('rec.status')}</th>
                      <th scope="col">{t('queue.phase')}</th>
                      <th scope="col">{t('queue.deadline')}</th>
                      <th scope="col">{t('rec.updatedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((c) => (
                      <tr key={c.personId}>
                        <th scope="row">
                          <Link to={href({ view: 'candidate', exam: route.exam, person: c.personId })}>
                            {c.name}
                          </Link>{' '}
                          <ObjectionBadge n={c.objectionCount} />
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
                        <td>{formatDateTime(c.updatedAt)}</td>
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
