/**
 * One exam: its facts and its timeline "考试时间节点" — every deadline of the notice with its rule (R6, R7/R8,
 * R11, R18, R20), shown per T4, marked "暂定" where the calendar lacks its year (T3) — and, when years
 * are missing, a warning that names them with the way to the calendar page.
 */

import { useRef, useState } from 'preact/hooks';
import type { DepartmentKind } from '../../functions/domain/departments.js';
import { Loading, Problem, ProvisionalTag, TableScroll, useTitle } from '../components.js';
import { daysLeftIfNear, formatDate, formatDeadline, formatYears } from '../format.js';
import { getLang, type MessageKey, t } from '../i18n.js';
import type { Department, ExamDetail, ExamSchedule, StaffRole } from '../types.js';
import { ExamArrival } from './arrival.js';
import { CollectionSites } from './collection.js';
import { useApi } from './data.js';
import { ExamDispatch } from './dispatch.js';
import { ExamEvents, type Recorded } from './exam-events.js';
import { ExamImport } from './import.js';
import { ExamJobs } from './jobs.js';
import { Link } from './link.js';
import { ExamNotice } from './notice.js';
import { ExamReports } from './reports.js';
import { href, type Route } from './router.js';
import { ExamSpotChecks } from './spot-checks.js';
import './messages.js';

/** The timeline's rows, in the order they fall due. */
const MILESTONES = [
  'noticeEnds',
  'verificationDue',
  'supplementaryDue',
  'bookingCloses',
  'custodyEnds',
] as const satisfies readonly (keyof ExamSchedule)[];

export function ExamPage({
  route,
  role,
  deptKind,
  department,
}: {
  route: Extract<Route, { view: 'exam' }>;
  role: StaffRole;
  deptKind?: string;
  department?: Department;
}) {
  const [version, setVersion] = useState(0);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const { data, error, loading } = useApi<ExamDetail>(
    `/api/exams/${encodeURIComponent(route.exam)}`,
    {},
    version,
  );
  // while the exam reloads after an event, keep showing it (the page is keyed by the route: same exam)
  const last = useRef<ExamDetail | undefined>(undefined);
  if (data) last.current = data;
  const exam = data ?? last.current;
  // R9, R13, N3: the provincial verifier (or the association for its exam) publishes and records
  const mayPublish = deptKind === 'provincialVerifier' || deptKind === 'association';
  const name = exam?.name ?? route.exam;
  useTitle(`${name} · ${t('sched.heading')}`);
  return (
    <>
      <p class="back">
        <Link to={href({ view: 'exams' })}>{t('queue.back')}</Link>
      </p>
      <h1 class="page-title">
        {name}
        <span class="page-subtitle">{t('exam.subtitle')}</span>
      </h1>
      {loading && !exam && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {exam && (
        <>
          <MissingYears years={exam.missingYears ?? []} role={role} />
          <ExamFacts exam={exam} />
          <p>
            <Link to={href({ view: 'queue', exam: exam.id })} class="action-link">
              {t('exam.queueLink')}
            </Link>
          </p>
          {/* R18: paper certificates are booked for mail */}
          {exam.certificateKind === 'paper' && (
            <p>
              <Link to={href({ view: 'bookings', exam: exam.id })} testId="exam-bookings">
                {t('bkc.link')}
              </Link>
            </p>
          )}
          {role === 'hr' && (
            <p>
              <Link to={href({ view: 'examEdit', exam: exam.id })} testId="exam-edit">
                {t('examForm.editHeading')}
              </Link>
            </p>
          )}
          <Schedule schedule={exam.schedule} />
          {/* R17: hr too, for the issuance of the electronic certificates */}
          {(mayPublish || role === 'hr') && deptKind && (
            <ExamEvents
              exam={exam}
              deptKind={deptKind as DepartmentKind}
              done={recorded}
              onRecorded={(r) => {
                setRecorded(r);
                setVersion((v) => v + 1);
              }}
            />
          )}
          {/* R6: the provincial verifier (or association) drafts the notice, hr publishes it */}
          {(role === 'hr' || mayPublish) && <ExamNotice examId={exam.id} deptKind={deptKind} />}
          {/* R5: hr hands the list over; the exam's provincial verifier (or association) may import it too */}
          {(role === 'hr' || mayPublish) && (
            <ExamImport examId={exam.id} onImported={() => setVersion((v) => v + 1)} />
          )}
          {/* N3, R16: paper certificates arrive per batch; verifiers record them, hr reads */}
          {exam.certificateKind === 'paper' && deptKind && (
            <ExamArrival examId={exam.id} deptKind={deptKind as DepartmentKind} deptCity={department?.city} />
          )}
          {/* R18, R19: verifiers export the manifest and import China Post's files */}
          {exam.certificateKind === 'paper' && deptKind && deptKind !== 'hr' && (
            <ExamDispatch examId={exam.id} deptCity={department?.city} />
          )}
          {/* R23, R24: the provincial verifier (or association) draws; everyone who sees the exam reads */}
          <ExamSpotChecks examId={exam.id} mayDraw={mayPublish} />
          {/* R7, R13: the round-1 and supplementary reports, for hr and from the provincial verifier (or association) */}
          {(role === 'hr' || mayPublish) && (
            <ExamReports
              examId={exam.id}
              mayMake={mayPublish}
              paper={exam.certificateKind === 'paper'}
              role={role}
            />
          )}
          {/* R19: the collection sites of a paper exam, set by the city's verifier or the province */}
          {exam.certificateKind === 'paper' && department && (
            <CollectionSites examId={exam.id} department={department} />
          )}
          <ExamJobs examId={exam.id} version={version} />
        </>
      )}
    </>
  );
}

/** An exam's facts: its type, dates and certificate kind, with `before` rows first (e.g. its name and id). */
export function ExamFacts({
  exam,
  before,
  testId,
}: {
  exam: ExamDetail;
  before?: [string, string][];
  testId?: string;
}) {
  return (
    <dl class="facts facts--narrow" {...(testId ? { 'data-testid': testId } : {})}>
      <div>
        <dt>{t('exams.type')}</dt>
        <dd>{getLang() === 'en' ? exam.examTypeNameEn : exam.examTypeName}</dd>
      </div>
      {(before ?? []).map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div>
        <dt>{t('exams.examEnd')}</dt>
        <dd>{formatDate(exam.examEnd)}</dd>
      </div>
      <div>
        <dt>{t('exams.scoreRelease')}</dt>
        <dd>{formatDate(exam.scoreRelease)}</dd>
      </div>
      <div>
        <dt>{t('exams.certificate')}</dt>
        <dd>{exam.certificateKind ? t(`cert.${exam.certificateKind}`) : t('cert.unknown')}</dd>
      </div>
      {exam.supplementaryCutoff && (
        <div>
          <dt>{t('examForm.cutoffFact')}</dt>
          <dd data-testid="exam-cutoff">
            {formatDeadline(exam.supplementaryCutoff.date)}
            {t('examForm.cutoffBecause', { reason: exam.supplementaryCutoff.reason })}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** T3: the calendar years these deadlines fall in that are not loaded yet; hr is the one who can load them. */
export function MissingYears({ years, role }: { years: readonly number[]; role: StaffRole }) {
  if (!years.length) return null;
  return (
    <div class="notice notice--warning" data-testid="missing-years">
      <p>
        <strong>
          <span class="visually-hidden">{t('tag.provisional')}：</span>
          {t('sched.missing', { years: formatYears(years) })}
        </strong>
      </p>
      <p>
        <Link to={href({ view: 'calendar' })}>
          {role === 'hr' ? t('sched.missingHr') : t('sched.missingOther')}
        </Link>
      </p>
    </div>
  );
}

export function Schedule({ schedule }: { schedule: ExamSchedule | undefined }) {
  const anyProvisional = !!schedule && MILESTONES.some((k) => schedule[k]?.provisional);
  return (
    <section aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('sched.heading')}</h2>
      {!schedule ? (
        <p class="empty">{t('sched.none')}</p>
      ) : (
        <>
          <TableScroll labelledBy="schedule-title">
            <table class="table" data-testid="schedule" aria-labelledby="schedule-title">
              <thead>
                <tr>
                  <th scope="col">{t('sched.milestone')}</th>
                  <th scope="col">{t('sched.deadline')}</th>
                  <th scope="col">{t('sched.left')}</th>
                  <th scope="col">{t('rule.label')}</th>
                </tr>
              </thead>
              <tbody>
                {MILESTONES.map((k) => {
                  const d = schedule[k];
                  return (
                    <tr key={k} data-milestone={k} data-rule={d?.rule ?? ''}>
                      <th scope="row">{t(`sched.${k}` as MessageKey)}</th>
                      <td>
                        {d ? (
                          <>
                            <span class="deadline-when">{formatDeadline(d.date)}</span>
                            {d.provisional && (
                              <>
                                {' '}
                                <ProvisionalTag />
                              </>
                            )}
                          </>
                        ) : (
                          <span class="muted">{t('sched.bookingPending')}</span>
                        )}
                      </td>
                      <td class="nowrap">{(d && daysLeftIfNear(d)) ?? '—'}</td>
                      <td class="rule">{d?.rule ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          {anyProvisional && <p class="hint">{t('sched.provisionalNote')}</p>}
        </>
      )}
    </section>
  );
}
