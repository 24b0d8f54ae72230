/**
 * The holder's certificate on the portal (R17, R14): its number, issue date and status, that paper and
 * electronic certificates have equal effect (N3) and that no paper reissue is available (R21).
 */
import { formatDate } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import './messages.js';

export function PortalCertificate({ r }: { r: CandidateRecord }) {
  const c = r.certificate;
  if (!c || c.kind !== 'electronic') return null;
  const id = `cert-${r.examId}`;
  const status =
    c.status === 'revoked'
      ? t('pcert.status.revoked', { date: formatDate(c.revokedAt ?? c.issuedAt) })
      : c.status === 'replaced'
        ? t('pcert.status.replaced', { date: formatDate(c.replacedAt ?? c.issuedAt) })
        : t('pcert.status.valid');
  return (
    <section class="panel" aria-labelledby={id} data-testid="certificate">
      <h3 id={id}>{t('pcert.heading')}</h3>
      <dl class="facts">
        <div>
          <dt>{t('pcert.number')}</dt>
          <dd class="mono" data-testid="certificate-number">
            {c.number}
          </dd>
        </div>
        <div>
          <dt>{t('pcert.issuedAt')}</dt>
          <dd>{formatDate(c.issuedAt)}</dd>
        </div>
        <div>
          <dt>{t('pcert.status')}</dt>
          <dd data-testid="certificate-status">{status}</dd>
        </div>
      </dl>
      {/* the PDF download (issue 11 §2, functions/lib/certificate-pdf.ts) goes here */}
      <p>{t('pcert.equal')}</p>
      <p>{t('pcert.noReissue')}</p>
      <p class="hint">{t('pcert.check')}</p>
    </section>
  );
}
