/**
 * One candidate, as staff in scope see them (full ID number and phone: staff need them to verify), with
 * the verification decision and its form (R7, R22, R24; ./decision.tsx) and the registration materials
 * handed over for them (R5), each to download.
 */
import { useState } from 'preact/hooks';
import type { MaterialView } from '../../functions/domain/materials.js';
import { saveDownload } from '../api.js';
import {
  CertificateDownload,
  DeadlineText,
  Loading,
  Problem,
  ServerText,
  StatusTag,
  TableScroll,
  useTitle,
} from '../components.js';
import { deadlineProvisional, formatDate, formatDateTime, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import { Commitment } from '../portal/status.js';
import { type TimelineEntry, TimelineSection } from '../timeline.js';
import type { CandidateView, Department, ExamDetail } from '../types.js';
import { CandidateAppeal } from './appeal.js';
import { CandidateCollection } from './collection.js';
import { consoleSession, useApi } from './data.js';
import { CandidateDecision } from './decision.js';
import { Link } from './link.js';
import { CandidateObjections } from './objections.js';
import { phaseText, WorkList } from './queue.js';
import { CandidateRevocations } from './revocations.js';
import { href, type Route } from './router.js';
import './messages.js';

export function CandidateDetail({
  route,
  department,
}: {
  route: Extract<Route, { view: 'candidate' }>;
  department: Department;
}) {
  const {
    data: loaded,
    error,
    loading,
  } = useApi<CandidateView>(
    `/api/exams/${encodeURIComponent(route.exam)}/candidates/${encodeURIComponent(route.person)}`,
  );
  // a decision or a reopening answers the candidate as it is now (R22, R24)
  const [changed, setChanged] = useState<CandidateView | null>(null);
  const c = changed ?? loaded;
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
            <StatusTag status={c.status} phase={c.phase} paper={c.paperStatus} />
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
            {c.spotCheck && (
              <div>
                <dt>{t('rec.spotCheck')}</dt>
                <dd data-testid="spot-mark">
                  <span class="tag tag--pending">{t('spot.marked')}</span> {formatDateTime(c.spotCheck.at)} ·{' '}
                  <ServerText text={c.spotCheck.deptName} />
                </dd>
              </div>
            )}
            {c.candidateNo && (
              <div>
                <dt>{t('rec.candidateNo')}</dt>
                <dd class="mono">{c.candidateNo}</dd>
              </div>
            )}
            {exam.data?.schedule && (
              <div>
                {/* R6: verification runs during the notice period */}
                <dt>{t('rec.noticePeriod')}</dt>
                <dd data-testid="notice-period">
                  <DeadlineText
                    deadline={exam.data.schedule.noticeEnds}
                    provisional={exam.data.schedule.noticeEnds.provisional}
                  />
                </dd>
              </div>
            )}
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
            {c.employer && (
              <div>
                <dt>{t('rec.employer')}</dt>
                <dd>
                  <ServerText text={c.employer} />
                </dd>
              </div>
            )}
            {c.scores && (
              <div>
                <dt>{t('rec.scores')}</dt>
                <dd>
                  {Object.entries(c.scores)
                    .map(([k, v]) => `${k} ${v}`)
                    .join('；')}
                </dd>
              </div>
            )}
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
            {/* R17, R14: the certificate issued, its number, date and status */}
            {c.certificate && (
              <div>
                <dt>{t('ccert.number')}</dt>
                <dd data-testid="certificate">
                  <span class="mono">{c.certificate.number}</span>{' '}
                  {t(`ccert.${c.certificate.status}`, {
                    issued: formatDate(c.certificate.issuedAt),
                    date: formatDate(c.certificate.revokedAt ?? c.certificate.replacedAt ?? ''),
                  })}
                </dd>
              </div>
            )}
            <div>
              <dt>{t('rec.updatedAt')}</dt>
              <dd>{formatDateTime(c.updatedAt)}</dd>
            </div>
          </dl>
          {/* R17: the electronic certificate's PDF, as the holder downloads it */}
          {c.certificate?.kind === 'electronic' && c.certificate.status !== 'replaced' && (
            <CertificateDownload
              path={`/api/exams/${encodeURIComponent(c.examId)}/candidates/${encodeURIComponent(c.personId)}/certificate.pdf`}
              session={consoleSession}
              number={c.certificate.number}
            />
          )}
          <Commitment r={c} level={2} />
        </section>
      )}
      {c && <RoundTwo c={c} />}
      {c && <CandidateDecision c={c} department={department} onChanged={setChanged} />}
      {c && <CandidateRevocations c={c} department={department} />}
      {c?.supplementary && <Submission s={c.supplementary} />}
      {c && <CandidateAppeal c={c} department={department} onChanged={setChanged} />}
      {c && (
        <Materials
          examId={route.exam}
          personId={route.person}
          submitted={[...(c.supplementary?.materialIds ?? []), ...(c.appeal?.materialIds ?? [])]}
        />
      )}
      {/* R19, R20: the on-site certificate, and the record of its collection */}
      {c?.certificateKind === 'paper' && c.status === 'qualified' && (
        <CandidateCollection
          examId={route.exam}
          personId={route.person}
          mayHandOut={department.kind !== 'hr'}
          onChanged={() => setChanged(null)}
        />
      )}
      {c && <CandidateObjections examId={route.exam} personId={route.person} />}
      {/* read again after a decision or a reopen on this page */}
      {c && <Timeline examId={route.exam} personId={route.person} version={c.updatedAt} />}
    </>
  );
}

/**
 * R10, R11, N1: the candidate's round-2 work — the supplementary decision, the appeal, an open
 * revocation case — each with its deadline (the case linked to its place below); the appeal itself is
 * CandidateAppeal's.
 */
function RoundTwo({ c }: { c: CandidateView }) {
  const work = c.work ?? [];
  if (!work.length) return null;
  return (
    <section class="section" aria-labelledby="round2-title" data-testid="round2">
      <h2 id="round2-title">
        {t('r2.heading')} <span class="rule">R10 · R11 · N1</span>
      </h2>
      <WorkList work={work} linkCases />
    </section>
  );
}

/** 办理记录: every act and automatic transition on the candidate, newest first; departments, never usernames (N4). */
function Timeline({ examId, personId, version }: { examId: string; personId: string; version: string }) {
  const tl = useApi<{ items: TimelineEntry[]; more?: boolean }>(
    `/api/exams/${encodeURIComponent(examId)}/candidates/${encodeURIComponent(personId)}/timeline`,
    {},
    version,
  );
  return <TimelineSection id="timeline-title" data={tl.data} error={tl.error} loading={tl.loading} />;
}

/** A size as people read it: KB under a megabyte, else MB with one decimal. */
const size = (bytes: number) =>
  bytes < 1048576
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${(bytes / 1048576).toFixed(1)} MB`;

/** The candidate's materials for this exam (R5, R23): name, type, size, where from, when; a download each. */
/** R10: what the candidate submitted for supplementary verification (the materials are listed below). */
function Submission({ s }: { s: NonNullable<CandidateView['supplementary']> }) {
  return (
    <section class="section" aria-labelledby="submission-title" data-testid="supplementary-submission">
      <h2 id="submission-title">{t('sub.heading')}</h2>
      <dl class="facts">
        <div>
          <dt>{t('sub.reference')}</dt>
          <dd class="mono">{s.reference}</dd>
        </div>
        <div>
          <dt>{t('sub.at')}</dt>
          <dd>{formatDateTime(s.at)}</dd>
        </div>
        <div>
          <dt>{t('sub.materials')}</dt>
          <dd>{t('sub.count', { n: s.materialIds.length })}</dd>
        </div>
        <div>
          <dt>{t('sub.note')}</dt>
          <dd>{s.note ? <ServerText text={s.note} /> : t('dec.noteEmpty')}</dd>
        </div>
      </dl>
    </section>
  );
}

function Materials({
  examId,
  personId,
  submitted,
}: {
  examId: string;
  personId: string;
  /** R10: the materials chosen for the supplementary verification, tagged in the list */
  submitted: readonly string[];
}) {
  const base = `/api/exams/${encodeURIComponent(examId)}/candidates/${encodeURIComponent(personId)}/materials`;
  const { data, error, loading } = useApi<{ items: MaterialView[] }>(base);
  const [failed, setFailed] = useState(false);
  async function save(m: MaterialView) {
    setFailed(false);
    try {
      await saveDownload(`${base}/${encodeURIComponent(m.materialId)}`, consoleSession, m.name);
    } catch {
      setFailed(true);
    }
  }
  return (
    <section class="section" aria-labelledby="materials-title">
      <h2 id="materials-title">{t('mat.heading')}</h2>
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {failed && (
        <p class="field-error" role="alert">
          {t('mat.downloadFailed')}
        </p>
      )}
      {data && !data.items.length && <p>{t('mat.none')}</p>}
      {data && data.items.length > 0 && (
        <TableScroll labelledBy="materials-title">
          <table class="table" data-testid="materials">
            <thead>
              <tr>
                <th scope="col">{t('mat.name')}</th>
                <th scope="col">{t('mat.type')}</th>
                <th scope="col">{t('mat.size')}</th>
                <th scope="col">{t('mat.source')}</th>
                <th scope="col">{t('mat.addedAt')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('mat.download')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((m) => (
                <tr key={m.materialId}>
                  <td>
                    {m.name}
                    {submitted.includes(m.materialId) && (
                      <>
                        {' '}
                        <span class="tag tag--spot">{t('sub.submittedTag')}</span>
                      </>
                    )}
                  </td>
                  <td>{m.type.toUpperCase()}</td>
                  <td>{size(m.bytes)}</td>
                  <td>{t(`mat.source.${m.source}`)}</td>
                  <td>{formatDateTime(m.addedAt)}</td>
                  <td>
                    {m.scan === 'scanning' ? (
                      // R23: staff open a candidate's upload only once the malware scan found it clean
                      <span class="tag tag--verifying" data-testid="material-scanning">
                        {t('mat.scanning')}
                      </span>
                    ) : (
                      <button
                        type="button"
                        class="button button--secondary"
                        aria-label={t('mat.downloadOf', { name: m.name })}
                        onClick={() => void save(m)}
                      >
                        {t('mat.download')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
