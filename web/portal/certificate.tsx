/**
 * The holder's certificate on the portal (R17, R14): its number, issue date and status, that paper and
 * electronic certificates have equal effect (N3) and that no paper reissue is available (R21); the
 * certificate's PDF to download (R17).
 */
import type { Session } from '../api.js';
import { CertificateDownload } from '../components.js';
import { formatDate } from '../format.js';
import { getLang, t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import './messages.js';

export function PortalCertificate({ r, session }: { r: CandidateRecord; session?: Session | undefined }) {
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
      {/* R17: the PDF, valid or revoked (the check page tells its status); a replaced one gives way */}
      {session && c.status !== 'replaced' && (
        <CertificateDownload
          path={`/api/exams/${encodeURIComponent(r.examId)}/certificate.pdf`}
          session={session}
          number={c.number}
        />
      )}
      <p>{t('pcert.equal')}</p>
      <p>{t('pcert.noReissue')}</p>
      <p class="hint">
        {t('pcert.check')} <a href={getLang() === 'en' ? '/en/check/' : '/check/'}>{t('pcert.checkLink')}</a>
      </p>
    </section>
  );
}
