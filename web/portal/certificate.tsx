/**
 * The holder's certificate on the portal (R17, R14): its number, issue date and status, that paper and
 * electronic certificates have equal effect (N3) and that no paper reissue is available (R21); the
 * certificate's PDF to download (R17). A paper certificate (N3): its number, marked 补发 when
 * reissued, and the reissue request for a lost one — the form, check your answers, then its state.
 */
import { useState } from 'preact/hooks';
import type { ReissueRequest } from '../../functions/domain/arrival.js';
import { api, type Session } from '../api.js';
import {
  CertificateDownload,
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  type FormError,
  TextAreaField,
} from '../components.js';
import { formatDate, formatDateTime } from '../format.js';
import { getLang, t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import './messages.js';

export function PortalCertificate({ r, session }: { r: CandidateRecord; session?: Session | undefined }) {
  const c = r.certificate;
  if (c?.kind === 'paper') return <PaperCertificate r={r} session={session} />;
  if (c?.kind !== 'electronic') return null;
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

/** N3: a paper certificate, and its reissue (补发) when lost. */
function PaperCertificate({ r, session }: { r: CandidateRecord; session?: Session | undefined }) {
  const c = r.certificate as NonNullable<CandidateRecord['certificate']>;
  const [asked, setAsked] = useState<ReissueRequest | null>(null);
  const reissue = asked ?? r.reissue ?? null;
  const id = `pcert-${r.examId}`;
  return (
    <section class="panel" aria-labelledby={id} data-testid="paper-certificate">
      <h3 id={id}>{t('ppaper.heading')}</h3>
      <dl class="facts">
        <div>
          <dt>{t('pcert.number')}</dt>
          <dd class="mono" data-testid="certificate-number">
            {c.number}
            {c.reissued && (
              <>
                {' '}
                <span class="tag tag--qualified">{t('ppaper.reissued')}</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('ppaper.issuedAt')}</dt>
          <dd>{formatDate(c.issuedAt)}</dd>
        </div>
        <div>
          <dt>{t('pcert.status')}</dt>
          <dd data-testid="certificate-status">
            {c.status === 'revoked'
              ? t('pcert.status.revoked', { date: formatDate(c.revokedAt ?? c.issuedAt) })
              : t('pcert.status.valid')}
          </dd>
        </div>
      </dl>
      {reissue?.status === 'requested' ? (
        <p role="status" data-testid="reissue-state">
          {t('ppaper.requested', {
            date: formatDateTime(reissue.requestedAt),
            number: reissue.number,
          })}
        </p>
      ) : (
        <>
          {reissue?.status === 'completed' && (
            <p data-testid="reissue-state">
              {t('ppaper.completed', { old: reissue.number, number: reissue.newNumber ?? c.number })}
            </p>
          )}
          {session && c.status === 'valid' && (
            <ReissueForm examId={r.examId} session={session} onAsked={setAsked} />
          )}
        </>
      )}
      <p class="hint">{t('pcert.check')}</p>
    </section>
  );
}

function ReissueForm({
  examId,
  session,
  onAsked,
}: {
  examId: string;
  session: Session;
  onAsked: (r: ReissueRequest) => void;
}) {
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<'form' | 'check'>('form');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <p>
        <button
          type="button"
          class="button button--secondary"
          onClick={() => setOpen(true)}
          data-testid="reissue-open"
        >
          {t('ppaper.lost')}
        </button>
      </p>
    );
  async function confirm() {
    setBusy(true);
    try {
      const r = await api<{ status: 'requested'; requestedAt: string; number: string }>(
        `/api/exams/${encodeURIComponent(examId)}/reissue-requests`,
        { method: 'POST', body: reason.trim() ? { reason: reason.trim() } : {}, session },
      );
      onAsked({ ...r, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    } catch (e) {
      setStep('form');
      setErrors(errorsFrom(e, ['reason']).map((x) => (x.field ? { ...x, field: 'reissue-reason' } : x)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="reissue-request">
      <h4 id={`reissue-${examId}`}>{t('ppaper.formHeading')}</h4>
      <p>{t('ppaper.formIntro')}</p>
      <ErrorSummary errors={errors} />
      {step === 'form' ? (
        <form
          class="form"
          noValidate
          aria-labelledby={`reissue-${examId}`}
          onSubmit={(e) => {
            e.preventDefault();
            setErrors([]);
            setStep('check');
          }}
        >
          <TextAreaField
            id="reissue-reason"
            label={t('ppaper.reason')}
            hint={t('ppaper.reasonHint')}
            error={errorFor(errors, 'reissue-reason')}
            value={reason}
            onValue={setReason}
            rows={3}
            maxLength={200}
            counter
          />
          <button type="submit" class="button">
            {t('ppaper.continue')}
          </button>
        </form>
      ) : (
        <>
          <dl class="facts" data-testid="reissue-check">
            <div>
              <dt>{t('ppaper.reason')}</dt>
              <dd>{reason.trim() || t('ppaper.noReason')}</dd>
            </div>
          </dl>
          <p>{t('ppaper.checkNote')}</p>
          <CheckActions
            busy={busy}
            confirm={t('ppaper.confirm')}
            change={t('ppaper.change')}
            working={t('ppaper.sending')}
            onConfirm={() => void confirm()}
            onChange={() => setStep('form')}
          />
        </>
      )}
    </div>
  );
}
