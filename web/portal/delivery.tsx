/**
 * The post of a booked paper certificate in the portal (R18, R19): its China Post tracking number and
 * where it is — in the post, a first delivery failed (sent again), delivered, or on site after two
 * failed deliveries. Read from the record (functions/domain/dispatch.ts deliveryView).
 */

import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';

export function PortalDelivery({ r }: { r: CandidateRecord }) {
  const d = r.delivery;
  if (!d || d.state === 'waiting') return null;
  return (
    <section class="delivery" aria-labelledby={`dl-${r.examId}`} data-testid="delivery">
      <h3 id={`dl-${r.examId}`}>{t('dl.title')}</h3>
      <dl class="facts">
        <div>
          <dt>{t('dl.state')}</dt>
          <dd data-testid="delivery-state">
            {d.state === 'delivered' && d.deliveredAt
              ? t('dl.delivered', { at: formatDateTime(d.deliveredAt) })
              : t(`dl.${d.state}`)}
          </dd>
        </div>
        {d.trackingNo && (
          <div>
            <dt>{t('dl.trackingNo')}</dt>
            <dd class="mono" data-testid="tracking-no">
              {d.trackingNo}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
