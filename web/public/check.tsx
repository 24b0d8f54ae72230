/**
 * The public certificate check page `/check/` (R25, R14), prerendered per language (`/check/`,
 * `/en/check/`) so that its form works without JavaScript: a plain GET to the API's HTML answer
 * (`GET /api/public/certificate-check`). With JavaScript the form asks the JSON check and shows the
 * answer in place, and the page is the QR code's landing: with `#<compact JWS>` in the fragment it
 * verifies the signature in the browser (web/public/verify-jws.ts, WebCrypto, the keys at
 * `/.well-known/jwks.json`), shows the holder's data from the signed claims, then asks the server for
 * the live status — saying which part came from where.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CertificateClaims, CheckAnswer } from '../../functions/domain/certificates.js';
import { ApiError, api } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, Field, type FormError, Frame } from '../components.js';
import { formatDate } from '../format.js';
import { type Lang, type MessageKey, t } from '../i18n.js';
import './messages.js';
import { jwsOfFragment, type NotVerified, verifyCertificateJws } from './verify-jws.js';

/** The same page in each language. */
export const checkHref = (l: Lang): string => (l === 'en' ? '/en/check/' : '/check/');

/** The JSON check of the API (functions/routes.ts getCertificateCheck). */
const checkPath = (number: string) => `/api/public/certificates/${encodeURIComponent(number)}`;

type Live = { state: 'loading' } | { state: 'answer'; answer: CheckAnswer } | { state: 'failed' };
type Landing =
  | { state: 'none' }
  | { state: 'verifying' }
  | { state: 'failed'; reason: NotVerified }
  | { state: 'verified'; claims: CertificateClaims; kid: string; live: Live };

const FIELDS = ['number', 'name', 'idNumber'] as const;

/** The API's field names (`path.number`, `query.name`) as the form's. */
function asFormError(e: unknown): FormError[] {
  if (!(e instanceof ApiError)) return errorsFrom(e, FIELDS);
  const fields = e.fields.map((f) => ({ ...f, field: f.field.replace(/^(path|query)\./, '') }));
  return errorsFrom(new ApiError(e.status, e.code, e.message, fields, e.fromServer), FIELDS);
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div>
      <dt>{t(label as MessageKey)}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The live status from the server: the answer of the JSON check. */
function Status({ answer, testId }: { answer: CheckAnswer; testId: string }) {
  if (answer.status === 'not_found')
    return (
      <p class="notice notice--warning" data-testid={testId}>
        <strong>{t('cc.status.not_found')}</strong>
      </p>
    );
  const text =
    answer.status === 'revoked'
      ? t('cc.status.revoked', { date: formatDate(answer.revokedAt ?? '') })
      : t(`cc.status.${answer.status}` as MessageKey);
  return (
    <div class={answer.status === 'valid' ? 'panel panel--confirmation' : 'notice notice--problem'}>
      <p>
        <strong data-testid={testId}>{text}</strong>
      </p>
      <dl class="facts">
        <Row label="cc.exam">
          <span lang="zh-CN">{answer.exam.name}</span>
        </Row>
        <Row label="cc.issuedAt">{formatDate(answer.issuedAt)}</Row>
        <Row label="cc.kind">{t(answer.kind === 'electronic' ? 'cert.electronic' : 'cert.paper')}</Row>
        {answer.idNumberMatches !== undefined && (
          <Row label="cc.idNumber">
            <span data-testid="check-id-match">
              {t(answer.idNumberMatches ? 'cc.idMatches' : 'cc.idDiffers')}
            </span>
          </Row>
        )}
      </dl>
    </div>
  );
}

function SignedData({ landing }: { landing: Exclude<Landing, { state: 'none' }> }) {
  return (
    <section aria-labelledby="signed-heading" data-testid="check-signed">
      <h2 id="signed-heading">{t('cc.signedHeading')}</h2>
      {landing.state === 'verifying' ? (
        <p role="status">{t('cc.verifying')}</p>
      ) : landing.state === 'failed' ? (
        <div class="notice notice--problem" role="alert">
          <p>
            <strong data-testid="signature-status">{t('cc.notVerified')}</strong>
          </p>
          <p data-testid="signature-reason">{t(`cc.reason.${landing.reason}` as MessageKey)}</p>
        </div>
      ) : (
        <>
          <p class="panel panel--confirmation">
            <strong data-testid="signature-status">{t('cc.verified')}</strong>
          </p>
          <p class="hint">{t('cc.signedFrom', { kid: landing.kid.slice(0, 12) })}</p>
          <dl class="facts" data-testid="signed-claims">
            <Row label="cc.number">
              <span class="mono">{landing.claims.number}</span>
            </Row>
            <Row label="cc.holder">
              <span lang="zh-CN">{landing.claims.holder.name}</span>
            </Row>
            <Row label="cc.idNumberMasked">
              <span class="mono">{landing.claims.holder.idNumberMasked}</span>
            </Row>
            <Row label="cc.exam">
              <span lang="zh-CN">{landing.claims.exam.name}</span>
            </Row>
            {landing.claims.specialty && (
              <Row label="cc.specialty">
                <span lang="zh-CN">{landing.claims.specialty}</span>
              </Row>
            )}
            <Row label="cc.issuedAt">{formatDate(landing.claims.issuedAt)}</Row>
            <Row label="cc.issuer">
              <span lang="zh-CN">{landing.claims.issuer}</span>
            </Row>
          </dl>
        </>
      )}
    </section>
  );
}

function LiveStatus({ live }: { live: Live }) {
  return (
    <section aria-labelledby="live-heading" data-testid="check-live" aria-live="polite">
      <h2 id="live-heading">{t('cc.liveHeading')}</h2>
      <p class="hint">{t('cc.liveFrom')}</p>
      {live.state === 'loading' ? (
        <p>{t('cc.liveLoading')}</p>
      ) : live.state === 'failed' ? (
        <p class="notice notice--warning">{t('cc.liveFailed')}</p>
      ) : (
        <Status answer={live.answer} testId="live-status" />
      )}
    </section>
  );
}

type Asked = { state: 'idle' } | { state: 'asking' } | { state: 'answer'; answer: CheckAnswer };

export function CheckPage() {
  const [landing, setLanding] = useState<Landing>({ state: 'none' });
  const [values, setValues] = useState({ number: '', name: '', idNumber: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [asked, setAsked] = useState<Asked>({ state: 'idle' });

  useEffect(() => {
    const land = () => {
      const jws = jwsOfFragment(location.hash);
      if (!jws) return setLanding({ state: 'none' });
      setLanding({ state: 'verifying' });
      void land2(jws);
    };
    const land2 = async (jws: string) => {
      const jwks = await fetch('/.well-known/jwks.json', { headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : null))
        .catch(() => null);
      const v = await verifyCertificateJws(jws, jwks);
      if (!v.ok) return setLanding({ state: 'failed', reason: v.reason });
      const base = { state: 'verified' as const, claims: v.claims, kid: v.kid };
      setLanding({ ...base, live: { state: 'loading' } });
      const live: Live = await api<CheckAnswer>(checkPath(v.claims.number), {
        query: { name: v.claims.holder.name },
      })
        .then((answer): Live => ({ state: 'answer', answer }))
        .catch((): Live => ({ state: 'failed' }));
      setLanding({ ...base, live });
    };
    land();
    window.addEventListener('hashchange', land);
    return () => window.removeEventListener('hashchange', land);
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    const missing: FormError[] = [];
    if (!values.number.trim()) missing.push({ field: 'number', message: t('cc.numberMissing') });
    if (!values.name.trim()) missing.push({ field: 'name', message: t('cc.nameMissing') });
    setErrors(missing);
    if (missing.length) return setAsked({ state: 'idle' });
    setAsked({ state: 'asking' });
    try {
      const answer = await api<CheckAnswer>(checkPath(values.number.replace(/\s/g, '').toUpperCase()), {
        query: { name: values.name, idNumber: values.idNumber.trim() || undefined },
      });
      setAsked({ state: 'answer', answer });
    } catch (err) {
      setAsked({ state: 'idle' });
      setErrors(asFormError(err));
    }
  }

  const set = (k: keyof typeof values) => (v: string) => setValues((x) => ({ ...x, [k]: v }));
  return (
    <Frame hrefFor={checkHref}>
      <h1 class="page-title">{t('cc.title')}</h1>
      <p class="lead">{t('cc.lead')}</p>
      {landing.state !== 'none' && <SignedData landing={landing} />}
      {landing.state === 'verified' && <LiveStatus live={landing.live} />}

      <section aria-labelledby="form-heading">
        <h2 id="form-heading">{t('cc.formHeading')}</h2>
        <ErrorSummary errors={errors} />
        <form
          class="form"
          method="get"
          action="/api/public/certificate-check"
          noValidate
          onSubmit={(e) => void submit(e)}
        >
          <Field
            id="number"
            label={t('cc.numberLabel')}
            hint={t('cc.numberHint')}
            value={values.number}
            onValue={set('number')}
            error={errorFor(errors, 'number')}
            autoCapitalize="characters"
            autoComplete="off"
            spellcheck={false}
            maxLength={40}
            width="medium"
          />
          <Field
            id="name"
            label={t('cc.nameLabel')}
            value={values.name}
            onValue={set('name')}
            error={errorFor(errors, 'name')}
            autoComplete="off"
            maxLength={60}
            width="medium"
          />
          <Field
            id="idNumber"
            label={t('cc.idLabel')}
            hint={t('cc.idHint')}
            value={values.idNumber}
            onValue={set('idNumber')}
            error={errorFor(errors, 'idNumber')}
            autoComplete="off"
            maxLength={18}
            width="medium"
          />
          <button type="submit" class="button" disabled={asked.state === 'asking'}>
            {t('cc.submit')}
          </button>
        </form>
        <div aria-live="polite" data-testid="check-answer">
          {asked.state === 'asking' && <p>{t('cc.liveLoading')}</p>}
          {asked.state === 'answer' && (
            <>
              <p class="hint">{t('cc.liveFrom')}</p>
              <Status answer={asked.answer} testId="answer-status" />
            </>
          )}
        </div>
      </section>
    </Frame>
  );
}
