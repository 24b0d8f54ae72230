/**
 * R19, R20: the candidate's paper certificate kept on site, in the portal: where it stands as words
 * (待现场领取 · 代为保管 · 已领取 · 已移交), the site of their city with its dates, hours and what to
 * bring, until when it is kept, and once transferred, that it is with hr and how to get it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { SiteFacts, type SiteView } from '../collection-site.js';
import { StatusTag } from '../components.js';
import { formatDate, formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import './messages.js';

export interface Collection {
  status: 'awaitingCollection' | 'inCustody' | 'transferListed' | 'transferred' | 'collected' | null;
  statusWords: string | null;
  site: SiteView | null;
  custodyEnds: { date: string; endsAt: string };
  collection: { by: 'self' | 'proxy'; at: string; proxy?: { name: string } } | null;
  transfer: { reference: string; receivedAt: string } | null;
}

/** The on-site certificate's standing, read once for the record (null for other records). */
export function usePaperCollection(r: CandidateRecord, session?: Session | undefined): Collection | null {
  const show =
    !!session &&
    r.certificateKind === 'paper' &&
    r.status === 'qualified' &&
    (r.phase === 'collection' || r.phase === 'done');
  const [c, setC] = useState<Collection | null>(null);
  useEffect(() => {
    if (!show) return;
    let live = true;
    api<Collection>(
      `/api/exams/${encodeURIComponent(r.examId)}/candidates/${encodeURIComponent(r.personId)}/collection`,
      { session },
    )
      .then((x) => live && setC(x))
      .catch(() => live && setC(null));
    return () => {
      live = false;
    };
  }, [show, r.examId, r.personId]);
  return show ? c : null;
}

export function PortalCollection({ r, c }: { r: CandidateRecord; c: Collection | null }) {
  if (!c?.status) return null;
  const id = `collect-${r.examId}`;
  const ends = formatDate(c.custodyEnds.date);
  return (
    <section class="panel" aria-labelledby={id} data-testid="collection">
      <h3 id={id}>{t('pcol.heading')}</h3>
      <p>
        <span data-testid="collection-status">
          <StatusTag status={r.status} paper={c.status} />
        </span>
      </p>
      {(c.status === 'awaitingCollection' || c.status === 'inCustody') && (
        <>
          <p>{c.status === 'inCustody' ? t('pcol.inCustody', { date: ends }) : t('pcol.awaiting')}</p>
          {c.site ? <SiteFacts s={c.site} full /> : <p class="hint">{t('pcol.noSite')}</p>}
          <p class="hint">{t('pcol.keptUntil', { date: ends })}</p>
        </>
      )}
      {c.status === 'collected' && c.collection && (
        <p>
          {c.collection.proxy
            ? t('pcol.collectedProxy', { at: formatDateTime(c.collection.at), name: c.collection.proxy.name })
            : t('pcol.collected', { at: formatDateTime(c.collection.at) })}
        </p>
      )}
      {c.status === 'transferListed' && <p>{t('pcol.transferListed', { date: ends })}</p>}
      {c.status === 'transferred' && c.transfer && (
        <>
          <p data-testid="collection-transferred">
            {t('pcol.transferred', {
              date: formatDate(c.transfer.receivedAt.slice(0, 10)),
              reference: c.transfer.reference,
            })}
          </p>
          <p>{t('pcol.howFromHr')}</p>
        </>
      )}
    </section>
  );
}
