/**
 * Long work shown as it happens (functions/domain/jobs.ts): a job's live progress, polled from
 * GET /api/jobs/{jobId} until it ends, and an exam's recent jobs, so a page left during a broadcast or
 * a re-plan can be returned to and still shows how far it got.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JobView } from '../../functions/domain/jobs.js';
import { api } from '../api.js';
import { TableScroll } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { consoleSession, useApi } from './data.js';
import './messages.js';

const POLL_MS = 1000;
const active = (j: JobView) => j.status === 'queued' || j.status === 'running';

/** A job, refreshed every second while it runs; `onEnd` once it has ended. */
export function useJob(jobId: string, initial?: JobView, onEnd?: (j: JobView) => void): JobView | undefined {
  const [job, setJob] = useState<JobView | undefined>(initial);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await api<JobView>(`/api/jobs/${encodeURIComponent(jobId)}`, { session: consoleSession });
        if (!live) return;
        setJob(j);
        if (!active(j)) {
          onEnd?.(j);
          return;
        }
      } catch {
        // a missed poll is tried again; the job goes on regardless
      }
      if (live) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);
  return job;
}

/** One job's progress: counting, n of total with a bar, then the outcome. Announced politely to screen readers. */
export function JobProgress({ job }: { job: JobView | undefined }) {
  if (!job) return <p class="hint">{t('job.loading')}</p>;
  const processed = job.done + job.failed;
  return (
    <div class="job-progress" data-testid="job-progress" data-status={job.status}>
      <p role="status" aria-live="polite">
        {job.status === 'done'
          ? t('job.done', { n: formatNumber(job.done) })
          : job.status === 'failed'
            ? t('job.failedJob')
            : job.total === null
              ? t('job.counting')
              : t('job.running', {
                  n: formatNumber(processed),
                  total: formatNumber(job.total),
                  percent: String(job.percent ?? 0),
                })}
      </p>
      {active(job) && job.total !== null && (
        <progress max={Math.max(1, job.total)} value={processed} aria-label={t('job.progressLabel')} />
      )}
      {job.failed > 0 && (
        <p class="hint">
          {/* an import's failures are rows with errors: listed on the import, not fixed by running it again */}
          {t(job.kind === 'import' ? 'job.rowsRejected' : 'job.someFailed', { n: formatNumber(job.failed) })}
        </p>
      )}
    </div>
  );
}

/** An exam's recent jobs, newest first; the running ones keep updating. */
export function ExamJobs({ examId, version }: { examId: string; version: number }) {
  const { data } = useApi<{ items: JobView[] }>(`/api/exams/${encodeURIComponent(examId)}/jobs`, {}, version);
  const items = data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="jobs-title" class="exam-jobs" data-testid="exam-jobs">
      <h2 id="jobs-title">{t('job.heading')}</h2>
      <TableScroll labelledBy="jobs-title">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('job.what')}</th>
              <th scope="col">{t('job.started')}</th>
              <th scope="col">{t('job.progress')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((j) => (
              <tr key={j.jobId}>
                <td>
                  {/* a materials ZIP is an import too (R5), named for what it brings */}
                  {t(
                    j.cause === 'materials.import'
                      ? 'job.kind.materials'
                      : (`job.kind.${j.kind}` as MessageKey),
                  )}
                </td>
                <td>{formatDateTime(j.createdAt)}</td>
                <td>{active(j) ? <LiveJob job={j} /> : <JobProgress job={j} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function LiveJob({ job }: { job: JobView }) {
  return <JobProgress job={useJob(job.jobId, job)} />;
}
