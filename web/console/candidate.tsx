/** One candidate, as staff in scope see them (full ID number and phone: staff need them to verify). */
import { DeadlineText, Loading, Problem, StatusTag, useTitle } from '../components.js';
import { deadlineProvisional, formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { Commitment } from '../portal/status.js';
import type { CandidateView, ExamDetail } from '../types.js';
import { useApi } from './data.js';
import { Link } from './link.js';
import { CandidateObjections } from './objections.js';
import { phaseText } from './queue.js';
import { href, type Route } from './router.js';
import './messages.js';

export function CandidateDetail({ route }: { route: Extract<Route, { view: 'candidate' }> }) {
  const {
    data: c,
    error,
    loading,
  } = useApi<CandidateView>(
    `/api/exams/${encodeURIComponent(route.exam)}/candidates/${encodeURIComponent(route.person)}`,
  );
  const exam = useApi<ExamDetail>(`/api/exams/${encodeURIComponent(route.exam)}`);
  useTitle(c?.name ?? t('cand.heading'));
  const provisional = c ? deadlineProvisional(c, exam.data?.missingYears) : false;
  return (
    <>
      <p class="back">
        <Link to={href({ view: 'queue', exam: route.exam })}>{t('cand.back')}</Link>
      </p>
      <h1 class="page-title">
        {c?.name ?? t('cand.heading')}
        {c && <span class="page-subtitle">{c.examTypeName}</span>}
      </h1>
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {c && (
        <section class="record" aria-label={t('cand.heading')}>
          <p class="record-status">
            <span class="visually-hidden">{t('rec.status')}：</span>
            <StatusTag status={c.status} phase={c.phase} />
          </p>
          <dl class="facts">
            <div>
              <dt>{t('rec.phase')}</dt>
              <dd data-testid="phase">{phaseText(c.phase)}</dd>
            </div>
            <div>
              <dt>{t('rec.deadline')}</dt>
              <dd>
                <DeadlineText deadline={c.deadline} provisional={provisional} />
                {provisional && <p class="hint">{t('sched.provisionalNote')}</p>}
              </dd>
            </div>
            <div>
              <dt>{t('rec.idNumber')}</dt>
              <dd class="mono">{c.idNumber ?? c.idNumberMasked}</dd>
            </div>
            <div>
              <dt>{t('rec.phone')}</dt>
              <dd class="mono">{c.phone ?? c.phoneMasked}</dd>
            </div>
            <div>
              <dt>{t('rec.city')}</dt>
              <dd>{c.cityName}</dd>
            </div>
            <div>
              <dt>{t('rec.exam')}</dt>
              <dd>
                <Link to={href({ view: 'exam', exam: route.exam })}>{exam.data?.name ?? route.exam}</Link>
              </dd>
            </div>
            <div>
              <dt>{t('rec.certificate')}</dt>
              <dd>{c.certificateKind ? t(`cert.${c.certificateKind}`) : t('cert.unknown')}</dd>
            </div>
            <div>
              <dt>{t('rec.updatedAt')}</dt>
              <dd>{formatDateTime(c.updatedAt)}</dd>
            </div>
          </dl>
          <Commitment r={c} level={2} />
        </section>
      )}
      {c && <CandidateObjections examId={route.exam} personId={route.person} />}
    </>
  );
}
