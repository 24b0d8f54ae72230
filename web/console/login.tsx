/** Staff sign-in: username and password (local endpoint or Cognito, as /config.json says: web/auth.ts). */
import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../api.js';
import { authClient } from '../auth.js';
import { ErrorSummary, errorFor, errorsFrom, Field, type FormError, useTitle } from '../components.js';
import { t } from '../i18n.js';
import type { NewPasswordNeeded, StaffLogin } from '../types.js';
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
  const [step, setStep] = useState<NewPasswordNeeded | null>(null);
  // read the site config while the person types, so signing in waits for nothing more
  useEffect(() => void authClient().catch(() => {}), []);

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
        // the first sign-in with the password hr set: choose a new one
        setErrors([]);
        setStep(r);
        setBusy(false);
        return;
      }
      session.save(r.token, r.expiresAt);
      onSignedIn(r);
    } catch (e) {
      setErrors(errorsFrom(e, FIELDS));
      setPassword('');
      setBusy(false);
    }
  }

  if (step) {
    return (
      <NewPasswordForm
        username={username.trim()}
        password={password}
        step={step}
        onSignedIn={(r) => {
          session.save(r.token, r.expiresAt);
          onSignedIn(r);
        }}
      />
    );
  }

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
  onSignedIn,
}: {
  username: string;
  password: string;
  step: NewPasswordNeeded;
  onSignedIn: (r: StaffLogin) => void;
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
      onSignedIn(await (await authClient()).staffNewPassword(username, password, newPassword, step));
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
