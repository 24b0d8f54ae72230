/**
 * R18: an exam's mail bookings per city (issue 12) — booked and locked for dispatch standing now,
 * address changes and cancellations made — from the counters kept with each change; the city filter
 * stays in the URL (/console/?view=bookings&exam=XFS1-2026&city=4101) so a link can be shared.
 */
import { henanCities } from '../../functions/domain/regions.js';
import { Loading, Problem, SelectField, TableScroll, useTitle } from '../components.js';
import { formatNumber } from '../format.js';
import { t } from '../i18n.js';
import type { Department, ExamView } from '../types.js';
import { useApi } from './data.js';
import { Link } from './link.js';
import { href, navigate, type Route } from './router.js';
import './messages.js';

type Counts = Record<'booked' | 'changed' | 'cancelled' | 'locked', number>;
interface BookingCounts {
  cities: ({ city: string; cityName: string } & Counts)[];
  total: Counts;
}
const columns = ['booked', 'changed', 'cancelled', 'locked'] as const;

export function BookingsPage({
  route,
  department,
}: {
  route: Extract<Route, { view: 'bookings' }>;
  department: Department;
}) {
  const exam = useApi<ExamView>(`/api/exams/${encodeURIComponent(route.exam)}`);
  const counts = useApi<BookingCounts>(`/api/exams/${encodeURIComponent(route.exam)}/bookings`, {
    city: route.city,
  });
  const name = exam.data?.name ?? route.exam;
  useTitle(`${name} · ${t('bkc.heading')}`);
  const cities: [string, string][] = department.city
    ? [[department.city, henanCities.get(department.city) ?? department.city]]
    : [...henanCities];
  return (
    <>
      <p class="back">
        <Link to={href({ view: 'exam', exam: route.exam })}>{t('bkc.back')}</Link>
      </p>
      <h1 class="page-title">
        {name}
        <span class="page-subtitle">{t('bkc.heading')}</span>
      </h1>
      <p>{t('bkc.intro')}</p>
      <SelectField
        id="bookings-city"
        label={t('bkc.city')}
        value={route.city ?? ''}
        onValue={(city) => navigate(href({ view: 'bookings', exam: route.exam, ...(city ? { city } : {}) }))}
        options={cities}
        placeholder={t('bkc.allCities')}
      />
      {counts.loading && <Loading />}
      {counts.error !== undefined && <Problem error={counts.error} />}
      {counts.data && (
        <TableScroll labelledBy="bookings-caption">
          <table class="table" data-testid="booking-counts">
            <caption id="bookings-caption">{t('bkc.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bkc.cityCol')}</th>
                {columns.map((c) => (
                  <th scope="col" class="num" key={c}>
                    {t(`bkc.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {counts.data.cities.map((r) => (
                <tr key={r.city}>
                  <th scope="row">{r.cityName}</th>
                  {columns.map((c) => (
                    <td class="num" key={c}>
                      {formatNumber(r[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('bkc.total')}</th>
                {columns.map((c) => (
                  <td class="num" key={c}>
                    {formatNumber(counts.data?.total[c] ?? 0)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      )}
    </>
  );
}
