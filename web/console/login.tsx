/**
 * Staff sign-in: username and password (local endpoint or Cognito, as /config.json says: web/auth.ts),
 * then the steps the sign-in may ask for: a new password at the first sign-in; on AWS the TOTP code of
 * the authenticator app, or, for an account that has none yet, its enrolment.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Session } from '../api.js';
import { type AuthClient, authClient } from '../auth.js';
import { ErrorSummary, errorFor, errorsFrom, Field, type FormError, useTitle } from '../components.js';
import { t } from '../i18n.js';
import type { NewPasswordNeeded, StaffLogin, StaffStep, TotpEnrolment, TotpNeeded } from '../types.js';
import './messages.js';

const FIELDS = ['username', 'password'] as const;

export function StaffLoginForm({
  session,
  onSignedIn,
}: {
  session: Session;
  onSignedIn: (r: StaffLogin) => void;
}) {
  useTitle(t('console.loginHeading'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<StaffStep | null>(null);
  // read the site config while the person types, so signing in waits for nothing more
  useEffect(() => void authClient().catch(() => {}), []);

  const signedIn = (r: StaffLogin) => {
    session.save(r.token, r.expiresAt);
    onSignedIn(r);
  };

  async function submit() {
    const problems: FormError[] = [];
    if (!username.trim()) problems.push({ field: 'username', message: t('field.username.required') });
    if (!password) problems.push({ field: 'password', message: t('field.password.required') });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const r = await (await authClient()).staffSignIn(username.trim(), password);
      if ('challenge' in r) {
        // a new password (the first sign-in with the password hr set); on AWS the TOTP code or enrolment
        setErrors([]);
        setStep(r);
        setBusy(false);
        return;
      }
      signedIn(r);
    } catch (e) {
      setErrors(errorsFrom(e, FIELDS));
      setPassword('');
      setBusy(false);
    }
  }

  /** back to username and password, saying why (Cognito's session or the enrolment ran out) */
  const restart = (e: unknown) => {
    setStep(null);
    setPassword('');
    setBusy(false);
    setErrors(errorsFrom(e, FIELDS));
  };

  if (step?.challenge === 'newPassword') {
    return (
      <NewPasswordForm
        username={username.trim()}
        password={password}
        step={step}
        onDone={(r) => {
          if ('challenge' in r) setStep(r);
          else signedIn(r);
        }}
      />
    );
  }
  if (step?.challenge === 'totp')
    return <TotpForm username={username.trim()} step={step} onSignedIn={signedIn} onRestart={restart} />;
  if (step?.challenge === 'enrolTotp')
    return <TotpEnrolForm username={username.trim()} step={step} onSignedIn={signedIn} onRestart={restart} />;

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 class="page-title">{t('console.loginHeading')}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <Field
          id="username"
          label={t('field.username')}
          error={errorFor(errors, 'username')}
          value={username}
          onValue={setUsername}
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          width="medium"
        />
        <Field
          id="password"
          type="password"
          label={t('field.password')}
          error={errorFor(errors, 'password')}
          value={password}
          onValue={setPassword}
          autoComplete="current-password"
          width="medium"
        />
        <button type="submit" class="button" disabled={busy}>
          {t('console.login')}
        </button>
      </form>
    </>
  );
}

/** The first sign-in: the new password twice, checked here for the two to agree and by the server for its policy. */
function NewPasswordForm({
  username,
  password,
  step,
  onDone,
}: {
  username: string;
  password: string;
  step: NewPasswordNeeded;
  onDone: (r: StaffLogin | TotpNeeded | TotpEnrolment) => void;
}) {
  useTitle(t('console.newPasswordHeading'));
  const [newPassword, setNewPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (newPassword !== again) {
      setErrors([{ field: 'againPassword', message: t('console.passwordsDiffer') }]);
      return;
    }
    setBusy(true);
    try {
      onDone(await (await authClient()).staffNewPassword(username, password, newPassword, step));
    } catch (e) {
      setErrors(errorsFrom(e, ['newPassword']));
      setBusy(false);
    }
  }
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 class="page-title">{t('console.newPasswordHeading')}</h1>
      <p>{t('console.newPasswordLead', { u: username })}</p>
      <form
        class="form"
        noValidate
        data-testid="new-password"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <Field
          id="newPassword"
          type="password"
          label={t('console.newPassword')}
          hint={t('console.newPasswordHint')}
          error={errorFor(errors, 'newPassword')}
          value={newPassword}
          onValue={setNewPassword}
          autoComplete="new-password"
          width="medium"
        />
        <Field
          id="againPassword"
          type="password"
          label={t('console.againPassword')}
          error={errorFor(errors, 'againPassword')}
          value={again}
          onValue={setAgain}
          autoComplete="new-password"
          width="medium"
        />
        <button type="submit" class="button" disabled={busy}>
          {t('console.setPassword')}
        </button>
      </form>
    </>
  );
}

/** The TOTP code as typed (spaces dropped), or the problem with it. */
function checkCode(code: string): { code: string; problem?: FormError } {
  const c = code.replace(/\s+/g, '');
  if (!c) return { code: c, problem: { field: 'code', message: t('console.totpRequired') } };
  if (!/^\d{6}$/.test(c)) return { code: c, problem: { field: 'code', message: t('console.totpFormat') } };
  return { code: c };
}

/** An answer that ends the attempt (a Cognito session or token that ran out, no role): sign in again. */
const endsSignIn = (e: unknown) => e instanceof ApiError && (e.status === 401 || e.status === 403);

/** The client's TOTP calls (AWS only: local mode never asks for a TOTP step). */
async function totpClient(): Promise<Required<Pick<AuthClient, 'staffTotp' | 'staffEnrolTotp'>>> {
  const c = await authClient();
  if (!c.staffTotp || !c.staffEnrolTotp) throw new ApiError(500, 'INTERNAL', t('error.generic'), [], false);
  return { staffTotp: c.staffTotp, staffEnrolTotp: c.staffEnrolTotp };
}

function CodeField({
  code,
  onValue,
  errors,
}: {
  code: string;
  onValue: (v: string) => void;
  errors: FormError[];
}) {
  return (
    <Field
      id="code"
      label={t('console.totpCode')}
      hint={t('console.totpCodeHint')}
      error={errorFor(errors, 'code')}
      value={code}
      onValue={onValue}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      width="short"
    />
  );
}

interface TotpStepProps<S> {
  username: string;
  step: S;
  onSignedIn: (r: StaffLogin) => void;
  onRestart: (e: unknown) => void;
}

/** A code form: checked here for its format, then sent; a wrong code stays here, an ended sign-in restarts. */
function useCodeForm(send: (code: string) => Promise<StaffLogin>, p: TotpStepProps<unknown>) {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  async function submit() {
    const checked = checkCode(code);
    if (checked.problem) {
      setErrors([checked.problem]);
      return;
    }
    setBusy(true);
    try {
      p.onSignedIn(await send(checked.code));
    } catch (e) {
      if (endsSignIn(e)) {
        p.onRestart(e);
        return;
      }
      setErrors(errorsFrom(e, ['code']));
      setCode('');
      setBusy(false);
    }
  }
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (!busy) void submit();
  };
  return { code, setCode, errors, busy, onSubmit };
}

/** AWS, an enrolled account: the authenticator app's current code (Cognito's SOFTWARE_TOKEN_MFA). */
function TotpForm(p: TotpStepProps<TotpNeeded>) {
  useTitle(t('console.totpHeading'));
  const f = useCodeForm(async (code) => (await totpClient()).staffTotp(p.username, code, p.step), p);
  return (
    <>
      <ErrorSummary errors={f.errors} />
      <h1 class="page-title">{t('console.totpHeading')}</h1>
      <p>{t('console.totpLead', { u: p.username })}</p>
      <form class="form" noValidate data-testid="totp" onSubmit={f.onSubmit}>
        <CodeField code={f.code} onValue={f.setCode} errors={f.errors} />
        <button type="submit" class="button" disabled={f.busy}>
          {t('console.totpSignIn')}
        </button>
      </form>
      <p class="muted">{t('console.totpLost')}</p>
    </>
  );
}

/** The secret in groups of four, easier to read out and type. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** AWS, an account without TOTP: add the secret to an authenticator app, then its first code. */
function TotpEnrolForm(p: TotpStepProps<TotpEnrolment>) {
  useTitle(t('console.totpEnrolHeading'));
  const f = useCodeForm(async (code) => (await totpClient()).staffEnrolTotp(code), p);
  return (
    <>
      <ErrorSummary errors={f.errors} />
      <h1 class="page-title">{t('console.totpEnrolHeading')}</h1>
      <p class="lead">{t('console.totpEnrolLead', { u: p.username })}</p>
      <ol class="steps" data-testid="totp-enrol">
        <li class="step">
          <p class="step-title">{t('console.totpEnrolApp')}</p>
        </li>
        <li class="step">
          <p class="step-title">{t('console.totpEnrolKey', { u: p.username })}</p>
          <p>
            <span class="visually-hidden">{t('console.totpEnrolSecret')} </span>
            <code class="mono lead" data-testid="totp-secret">
              {grouped(p.step.secret)}
            </code>
          </p>
          <p>
            <a href={p.step.uri}>{t('console.totpEnrolLink')}</a>
          </p>
        </li>
        <li class="step">
          <p class="step-title">{t('console.totpEnrolCode')}</p>
        </li>
      </ol>
      <form class="form" noValidate data-testid="totp-enrol-code" onSubmit={f.onSubmit}>
        <CodeField code={f.code} onValue={f.setCode} errors={f.errors} />
        <button type="submit" class="button" disabled={f.busy}>
          {t('console.totpEnrolSubmit')}
        </button>
      </form>
    </>
  );
}
