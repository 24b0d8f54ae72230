/**
 * The first screen after sign-in: the candidate's status for each exam, what happens next, and the
 * facts it rests on. Nothing else above the fold.
 */
import { CheckTag, StatusTag, useTitle } from '../components.js';
import { formatDate, formatDateTime } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';

const checks = ['education', 'major', 'workYears'] as const;

export function Status({ records }: { records: CandidateRecord[] }) {
  useTitle(t('portal.statusHeading'));
  return (
    <>
      <h1 class="page-title">{t('portal.statusHeading')}</h1>
      {records.length ? (
        <p class="lead">{t('portal.statusIntro')}</p>
      ) : (
        <p class="empty">{t('portal.noRecords')}</p>
      )}
      {records.map((r) => (
        <Record key={`${r.examId}`} r={r} />
      ))}
    </>
  );
}

function Record({ r }: { r: CandidateRecord }) {
  const headingId = `rec-${r.examId}`;
  return (
    <section class="record" aria-labelledby={headingId}>
      <h2 id={headingId} class="record-title">
        {r.exam?.name ?? r.examTypeName}
      </h2>
      <p class="record-status">
        <span class="visually-hidden">{t('rec.status')}：</span>
        <StatusTag status={r.status} />
      </p>
      <div class="next-step">
        <h3 class="next-step-title">{t('portal.whatNext')}</h3>
        <p>{t(`next.${r.status}` as MessageKey)}</p>
      </div>
      <dl class="facts">
        <div>
          <dt>{t('rec.name')}</dt>
          <dd>{r.name}</dd>
        </div>
        <div>
          <dt>{t('rec.idNumber')}</dt>
          <dd class="mono">{r.idNumberMasked}</dd>
        </div>
        <div>
          <dt>{t('rec.city')}</dt>
          <dd>{r.cityName}</dd>
        </div>
        <div>
          <dt>{t('rec.certificate')}</dt>
          <dd>{r.certificateKind ? t(`cert.${r.certificateKind}`) : t('cert.unknown')}</dd>
        </div>
        {r.exam && (
          <div>
            <dt>{t('rec.scoreRelease')}</dt>
            <dd>{formatDate(r.exam.scoreRelease)}</dd>
          </div>
        )}
        <div>
          <dt>{t('rec.updatedAt')}</dt>
          <dd>{formatDateTime(r.updatedAt)}</dd>
        </div>
      </dl>
      <Commitment r={r} />
    </section>
  );
}

export function Commitment({
  r,
  level = 3,
}: {
  r: { commitment: CandidateRecord['commitment'] };
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div class="commitment">
      <Heading class="commitment-title">{t('rec.commitment')}</Heading>
      {r.commitment ? (
        <dl class="facts facts--inline">
          {checks.map((c) => (
            <div key={c}>
              <dt>{t(`check.${c}`)}</dt>
              <dd>
                <CheckTag result={r.commitment?.[c] ?? 'manual'} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>{t('check.none')}</p>
      )}
    </div>
  );
}
