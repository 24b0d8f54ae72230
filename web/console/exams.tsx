/** 考试: the exams this department sees, each leading to its page (with its timeline) and its candidate work queue. */
import { Loading, Problem, TableScroll, useTitle } from '../components.js';
import { formatDate, formatNumber } from '../format.js';
import { getLang, t } from '../i18n.js';
import type { ExamView, StaffRole } from '../types.js';
import { useApi } from './data.js';
import { Link } from './link.js';
import { href } from './router.js';
import './messages.js';

export function Exams({ role }: { role: StaffRole }) {
  useTitle(t('exams.heading'));
  const { data, error, loading } = useApi<{ items: ExamView[] }>('/api/exams');
  const items = data?.items ?? [];
  return (
    <>
      <h1 class="page-title">{t('exams.heading')}</h1>
      {role === 'hr' && (
        <p>
          <Link to={href({ view: 'examNew' })} class="button" testId="exam-new">
            {t('examForm.newHeading')}
          </Link>
        </p>
      )}
      {role === 'hr' && (
        <p>
          <Link to={href({ view: 'overview' })} testId="overview-link">
            {t('ov.homeLink')}
          </Link>
        </p>
      )}
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {data && !items.length && <p class="empty">{t('exams.empty')}</p>}
      {items.length > 0 && (
        <TableScroll labelledBy="exams-caption">
          <table class="table" data-testid="exams">
            <caption id="exams-caption">{t('exams.caption', { n: formatNumber(items.length) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exams.name')}</th>
                <th scope="col">{t('exams.type')}</th>
                <th scope="col">{t('exams.scoreRelease')}</th>
                <th scope="col">{t('exams.certificate')}</th>
                <th scope="col">{t('exams.queue')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={href({ view: 'exam', exam: e.id })}>{e.name}</Link>
                  </th>
                  <td>{getLang() === 'en' ? e.examTypeNameEn : e.examTypeName}</td>
                  <td>{formatDate(e.scoreRelease)}</td>
                  <td>{e.certificateKind ? t(`cert.${e.certificateKind}`) : t('cert.unknown')}</td>
                  <td class="nowrap">
                    <Link to={href({ view: 'queue', exam: e.id })}>
                      {t('exams.queueLink')}
                      <span class="visually-hidden">
                        {getLang() === 'en' ? ': ' : '：'}
                        {e.name}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
