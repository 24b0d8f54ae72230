/**
 * The exam's joint public notice (R6) on its page: the provincial verifier (or association) drafts the
 * text, hr checks it and publishes it after a confirmation; both departments are named, and the notice
 * period's end is shown as every deadline is (T4).
 */
import { useState } from 'preact/hooks';
import type { Notice } from '../../functions/domain/notices.js';
import { ApiError, api } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, type FormError, TextAreaField } from '../components.js';
import { formatDateTime, formatDeadline, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import { consoleSession, useApi } from './data.js';
import './messages.js';

export function ExamNotice({ examId, deptKind }: { examId: string; deptKind?: string | undefined }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useApi<Notice>(`/api/exams/${encodeURIComponent(examId)}/notice`, {}, version);
  const missing = error instanceof ApiError && error.status === 404;
  const notice = missing ? undefined : data;
  const drafts = deptKind === 'provincialVerifier' || deptKind === 'association';
  const confirms = deptKind === 'hr';
  const [text, setText] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const value = text ?? notice?.text ?? '';

  async function save() {
    setBusy(true);
    try {
      await api(`/api/exams/${encodeURIComponent(examId)}/notice`, {
        method: 'PUT',
        body: { text: value },
        session: consoleSession,
      });
      setErrors([]);
      setText(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setErrors(errorsFrom(e, ['text']));
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    setBusy(true);
    try {
      await api(`/api/exams/${encodeURIComponent(examId)}/notice/publish`, {
        method: 'POST',
        body: { confirm: true },
        session: consoleSession,
      });
      setErrors([]);
      setConfirming(false);
      setVersion((v) => v + 1);
    } catch (e) {
      setErrors(errorsFrom(e, []));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="notice-title" class="section" data-testid="notice">
      <h2 id="notice-title">{t('notice.heading')}</h2>
      <ErrorSummary errors={errors} />
      {notice ? (
        <dl class="facts facts--narrow">
          <div>
            <dt>{t('notice.status')}</dt>
            <dd data-testid="notice-status">{t(`notice.status.${notice.status}`)}</dd>
          </div>
          <div>
            <dt>{t('notice.ends')}</dt>
            <dd>{formatDeadline(notice.ends.date)}</dd>
          </div>
          <div>
            <dt>{t('notice.preparedBy')}</dt>
            <dd>{notice.preparedBy.deptName}</dd>
          </div>
          {notice.confirmedBy && (
            <div>
              <dt>{t('notice.confirmedBy')}</dt>
              <dd>{notice.confirmedBy.deptName}</dd>
            </div>
          )}
          {notice.status !== 'draft' && (
            <div>
              <dt>{t('notice.objections')}</dt>
              <dd data-testid="notice-objections">
                {t('notice.objectionsValue', { n: formatNumber(notice.objectionCount ?? 0) })}
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p>{drafts ? t('notice.noneYetDraft') : t('notice.noneYet')}</p>
      )}
      {drafts && (!notice || notice.status === 'draft') && (
        <form
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void save();
          }}
        >
          <TextAreaField
            id="text"
            label={t('notice.text')}
            hint={t('notice.textHint')}
            error={errorFor(errors, 'text')}
            value={value}
            onValue={setText}
            maxLength={5000}
          />
          <button type="submit" class="button" disabled={busy}>
            {notice ? t('notice.saveDraft') : t('notice.createDraft')}
          </button>
        </form>
      )}
      {confirms && notice?.status === 'draft' && (
        <>
          <blockquote class="notice-text">{notice.text}</blockquote>
          {confirming ? (
            <p class="button-group">
              <button type="button" class="button" disabled={busy} onClick={() => void publish()}>
                {t('notice.confirmPublish')}
              </button>
              <button type="button" class="button button--secondary" onClick={() => setConfirming(false)}>
                {t('ev.cancel')}
              </button>
            </p>
          ) : (
            <button type="button" class="button" onClick={() => setConfirming(true)}>
              {t('notice.publish')}
            </button>
          )}
        </>
      )}
      {notice && notice.status !== 'draft' && (
        <p class="hint" data-testid="notice-public">
          {notice.status === 'listRemoved'
            ? t('notice.removedHint', { at: formatDateTime(notice.listRemovedAt) })
            : notice.site
              ? t('notice.listed', {
                  n: formatNumber(notice.site.entries),
                  pages: formatNumber(notice.site.pages.reduce((a, r) => a + r.count, 0)),
                })
              : t('notice.rendering')}{' '}
          <a href={`/announcements/${encodeURIComponent(notice.noticeId)}/`} target="_blank" rel="noopener">
            {t('notice.publicPageLink')}
          </a>
        </p>
      )}
    </section>
  );
}
