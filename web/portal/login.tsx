/**
 * Candidate sign-in, in the order a person answers: ID number, name → send code → code → sign in.
 * Enter in any field does the next step: send the code while none is typed, else sign in.
 * Both steps are API calls, the same on AWS and locally (web/portal/sign-in.ts). The answer to "send
 * code" is the same whether or not the details are on record, and so is what the page says.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { normalizeIdNumber } from '../../functions/domain/id-number.js';
import type { Session } from '../api.js';
import { ErrorSummary, errorFor, errorsFrom, Field, type FormError, useTitle } from '../components.js';
import { type MessageKey, t } from '../i18n.js';
import type { CodeSent } from '../types.js';
import './messages.js';
import { startSignIn, verifySignIn } from './sign-in.js';

/**
 * The checks use the server's zod schemas; zod is most of their weight, so they load just after the
 * form shows instead of delaying it. If they cannot load, the server's checks still apply.
 */
type Validators = typeof import('./validate.js');
let validators: Promise<Validators | null> | undefined;
const loadValidators = () => {
  validators ??= import('./validate.js').catch(() => {
    validators = undefined;
    return null;
  });
  return validators;
};

const required = (field: string, value: string, key: MessageKey): FormError | null =>
  value.trim() ? null : { field, message: t(key) };

const RESEND_SECONDS = 60;
const FIELDS = ['idNumber', 'name', 'code'] as const;

export function Login({ session, onSignedIn }: { session: Session; onSignedIn: () => void }) {
  useTitle(t('portal.loginHeading'));
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<(CodeSent & { at: number }) | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);
  const [now, setNow] = useState(Date.now());
  const codeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const timer = setTimeout(() => void loadValidators(), 0);
    return () => clearTimeout(timer);
  }, []);

  const waitLeft = sent ? Math.max(0, Math.ceil((sent.at + RESEND_SECONDS * 1000 - now) / 1000)) : 0;
  useEffect(() => {
    if (!waitLeft) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [waitLeft, now]);

  async function sendCode() {
    const v = await loadValidators();
    const problems = (
      v
        ? [v.checkIdNumber(idNumber), v.checkName(name)]
        : [
            required('idNumber', idNumber, 'field.idNumber.required'),
            required('name', name, 'field.name.required'),
          ]
    ).filter((e): e is FormError => e !== null);
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const r: CodeSent = await startSignIn(normalizeIdNumber(idNumber), name.trim(), setChecking);
      setSent({ ...r, at: Date.now() });
      setNow(Date.now());
      setErrors([]);
      requestAnimationFrame(() => codeRef.current?.querySelector('input')?.focus());
    } catch (e) {
      setErrors(errorsFrom(e, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  async function signIn() {
    const v = await loadValidators();
    const problems = (v ? [v.checkCode(code)] : [required('code', code, 'field.code.required')]).filter(
      (e): e is FormError => e !== null,
    );
    if (!sent) problems.push({ field: 'code', message: t('portal.codeFirst') });
    setErrors(problems);
    if (problems.length || !sent) return;
    setBusy(true);
    try {
      const r = await verifySignIn(sent.attempt, code.replace(/\s+/g, ''));
      session.save(r.token, r.expiresAt);
      onSignedIn();
    } catch (e) {
      setErrors(errorsFrom(e, FIELDS));
      setBusy(false);
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 class="page-title">{t('portal.loginHeading')}</h1>
      <p class="lead">{t('portal.loginIntro')}</p>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          // a code typed from an earlier message signs in; otherwise Enter first sends the code
          void (code.trim() || sent ? signIn() : sendCode());
        }}
      >
        <Field
          id="idNumber"
          label={t('field.idNumber')}
          hint={t('field.idNumber.hint')}
          error={errorFor(errors, 'idNumber')}
          value={idNumber}
          onValue={setIdNumber}
          inputMode="text"
          autoCapitalize="characters"
          autoComplete="off"
          spellcheck={false}
          maxLength={22}
          width="medium"
        />
        <Field
          id="name"
          label={t('field.name')}
          hint={t('field.name.hint')}
          error={errorFor(errors, 'name')}
          value={name}
          onValue={setName}
          autoComplete="name"
          spellcheck={false}
          maxLength={30}
          width="medium"
        />
        <div class="field">
          <button
            type="button"
            class="button button--secondary"
            disabled={busy || waitLeft > 0}
            onClick={() => void sendCode()}
          >
            {sent ? t('portal.resend') : t('portal.getCode')}
          </button>
          {/* announced once when the code is sent; the countdown below stays out of the live region */}
          <p class="hint sent-note" role="status">
            {checking
              ? t('portal.checking')
              : sent && t('portal.codeSent', { min: Math.round(sent.expiresInSeconds / 60) })}
          </p>
          {waitLeft > 0 && <p class="hint">{t('portal.resendIn', { s: waitLeft })}</p>}
        </div>
        <div ref={codeRef}>
          <Field
            id="code"
            label={t('field.code')}
            hint={t('field.code.hint')}
            error={errorFor(errors, 'code')}
            value={code}
            onValue={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            width="short"
          />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {t('portal.login')}
        </button>
      </form>
    </>
  );
}
