/**
 * A candidate's objections from the notice period (R6) on their page, for staff who see the candidate:
 * the facts, the objector's contact (personal data, shown only here), when it came in, and the
 * attachment to download (through the API, with the token: a plain link cannot carry it).
 */
import { useState } from 'preact/hooks';
import { download } from '../api.js';
import { Loading, Problem } from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import type { ObjectionItem } from '../types.js';
import { consoleSession, useApi } from './data.js';
import './messages.js';

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function CandidateObjections({ examId, personId }: { examId: string; personId: string }) {
  const base = `/api/exams/${encodeURIComponent(examId)}/candidates/${encodeURIComponent(personId)}/objections`;
  const { data, error, loading } = useApi<{ items: ObjectionItem[] }>(base);
  const [failed, setFailed] = useState<unknown>(undefined);

  async function save(o: ObjectionItem) {
    if (!o.attachment) return;
    try {
      const blob = await download(`${base}/${encodeURIComponent(o.objectionId)}/attachment`, consoleSession);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `异议附件-${o.objectionId}.${o.attachment.type}`;
      a.click();
      URL.revokeObjectURL(a.href);
      setFailed(undefined);
    } catch (e) {
      setFailed(e);
    }
  }

  const items = data?.items ?? [];
  return (
    <section class="section" aria-labelledby="objections-title" data-testid="objections">
      <h2 id="objections-title">{t('obj.heading')}</h2>
      {loading && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {failed !== undefined && <Problem error={failed} />}
      {data &&
        (items.length ? (
          <>
            <p class="count">{t('obj.count', { n: formatNumber(items.length) })}</p>
            <p class="hint">{t('obj.privacy')}</p>
            <ol class="objections">
              {items.map((o) => (
                <li key={o.objectionId} class="objection">
                  <dl class="facts">
                    <div>
                      <dt>{t('obj.received')}</dt>
                      <dd>
                        {formatDateTime(o.receivedAt)} <span class="mono">{o.objectionId}</span>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('obj.facts')}</dt>
                      <dd class="objection-facts">{o.facts}</dd>
                    </div>
                    <div>
                      <dt>{t('obj.name')}</dt>
                      <dd>{o.name ?? t('obj.anonymous')}</dd>
                    </div>
                    <div>
                      <dt>{t('obj.contact')}</dt>
                      <dd class="mono">{o.contact}</dd>
                    </div>
                    <div>
                      <dt>{t('obj.attachment')}</dt>
                      <dd>
                        {o.attachment ? (
                          <button type="button" class="button button--secondary" onClick={() => void save(o)}>
                            {t('obj.download', {
                              type: o.attachment.type.toUpperCase(),
                              size: size(o.attachment.bytes),
                            })}
                          </button>
                        ) : (
                          t('obj.noAttachment')
                        )}
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p class="empty">{t('obj.none')}</p>
        ))}
    </section>
  );
}

/** The queue's badge: "异议 N", in words, only where there are objections. */
export function ObjectionBadge({ n }: { n: number | undefined }) {
  if (!n) return null;
  return (
    <strong class="tag tag--objections" title={t('obj.badgeLabel', { n: formatNumber(n) })}>
      {t('obj.badge', { n: formatNumber(n) })}
    </strong>
  );
}
