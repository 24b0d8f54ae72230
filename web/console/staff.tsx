/**
 * 账号管理 (hr): departments and staff accounts (R1: who verifies what; R24: hr supervises). Lists both;
 * creates a department (kind, exam types, a municipal verifier's city) and an account in a department
 * (its role follows from the department); moves an account or disables it, after a confirmation.
 * The server's errors come back to the fields.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DepartmentKind } from '../../functions/domain/departments.js';
import { examTypes } from '../../functions/domain/exams.js';
import { henanCities } from '../../functions/domain/regions.js';
import { api } from '../api.js';
import { authClient } from '../auth.js';
import {
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  type FormError,
  Loading,
  Problem,
  SelectField,
  type SelectFieldProps,
  TableScroll,
  useTitle,
} from '../components.js';
import { getLang, type MessageKey, t } from '../i18n.js';
import type { StaffRole } from '../types.js';
import { consoleSession, useApi } from './data.js';
import './messages.js';

interface Dept {
  id: string;
  name: string;
  kind: DepartmentKind;
  examTypes: string[];
  city?: string;
}
interface Account {
  username: string;
  deptId: string;
  role: StaffRole;
  email?: string;
  disabled?: boolean;
}
interface Directory {
  departments: Dept[];
  staff: Account[];
}

const KINDS: DepartmentKind[] = ['provincialVerifier', 'municipalVerifier', 'association', 'hr'];
const typeName = (code: string) => {
  const x = examTypes.find((e) => e.code === code);
  return x ? (getLang() === 'en' ? x.nameEn : x.name) : code;
};

export function StaffPage({ allowed, me }: { allowed: boolean; me: string }) {
  useTitle(t('staff.heading'));
  const [version, setVersion] = useState(0);
  const { data: fresh, error, loading } = useApi<Directory>('/api/staff', {}, version);
  // while the lists reload after a change, keep showing them (and the forms, with their messages)
  const last = useRef<Directory | undefined>(undefined);
  if (fresh) last.current = fresh;
  const data = fresh ?? last.current;
  if (!allowed) return <p class="notice">{t('staff.hrOnly')}</p>;
  const reload = () => setVersion((v) => v + 1);
  return (
    <>
      <h1 class="page-title">{t('staff.heading')}</h1>
      {loading && !data && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {data && (
        <>
          <Accounts dir={data} me={me} onChanged={reload} />
          <NewAccount departments={data.departments} onCreated={reload} />
          <Departments departments={data.departments} />
          <NewDepartment onCreated={reload} />
        </>
      )}
    </>
  );
}

type AccountChange = { disabled?: boolean; deptId?: string; resetTotp?: true };

function Accounts({ dir, me, onChanged }: { dir: Directory; me: string; onChanged: () => void }) {
  /** the change waiting for its confirmation: which account, and disable/enable or reset the authenticator */
  const [confirming, setConfirming] = useState<{ username: string; what: 'status' | 'totp' } | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  // staff sign in with TOTP on AWS only (local mode has no MFA, so nothing to reset there)
  const [totp, setTotp] = useState(false);
  useEffect(() => {
    authClient()
      .then((c) => setTotp(c.kind === 'cognito'))
      .catch(() => setTotp(false));
  }, []);
  const deptName = (id: string) => dir.departments.find((d) => d.id === id)?.name ?? id;
  async function change(username: string, body: AccountChange) {
    try {
      await api(`/api/staff/${encodeURIComponent(username)}`, {
        method: 'PUT',
        body,
        session: consoleSession,
      });
      setErrors([]);
      setConfirming(null);
      setDone(body.resetTotp ? t('staff.totpResetDone', { u: username }) : null);
      onChanged();
    } catch (e) {
      setErrors(errorsFrom(e, []));
    }
  }
  const asking = (username: string, what: 'status' | 'totp') =>
    confirming?.username === username && confirming.what === what;
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('staff.accounts')}</h2>
      <ErrorSummary errors={errors} />
      <p class="hint" role="status">
        {done}
      </p>
      <TableScroll labelledBy="accounts-title">
        <table class="table" data-testid="staff-accounts">
          <thead>
            <tr>
              <th scope="col">{t('field.username')}</th>
              <th scope="col">{t('staff.department')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col">{t('staff.status')}</th>
              <th scope="col">{t('staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {dir.staff.map((a) => (
              <tr key={a.username} data-username={a.username}>
                <th scope="row">{a.username}</th>
                <td>{deptName(a.deptId)}</td>
                <td>{t(`role.${a.role}` as MessageKey)}</td>
                <td>
                  <span class={`tag ${a.disabled ? 'tag--revoked' : 'tag--qualified'}`}>
                    {a.disabled ? t('staff.disabled') : t('staff.enabled')}
                  </span>
                </td>
                <td class="nowrap">
                  {a.username === me ? (
                    <span class="hint">{t('staff.self')}</span>
                  ) : confirming?.username === a.username ? (
                    <span class="button-group">
                      <button
                        type="button"
                        class="button"
                        onClick={() =>
                          void change(
                            a.username,
                            asking(a.username, 'totp') ? { resetTotp: true } : { disabled: !a.disabled },
                          )
                        }
                      >
                        {asking(a.username, 'totp')
                          ? t('staff.confirmTotpReset', { u: a.username })
                          : a.disabled
                            ? t('staff.confirmEnable', { u: a.username })
                            : t('staff.confirmDisable', { u: a.username })}
                      </button>
                      <button
                        type="button"
                        class="button button--secondary"
                        onClick={() => setConfirming(null)}
                      >
                        {t('ev.cancel')}
                      </button>
                    </span>
                  ) : (
                    <span class="button-group">
                      <button
                        type="button"
                        class="button button--secondary"
                        onClick={() => setConfirming({ username: a.username, what: 'status' })}
                      >
                        {a.disabled ? t('staff.enable') : t('staff.disable')}
                        <span class="visually-hidden">：{a.username}</span>
                      </button>
                      {totp && !a.disabled && (
                        <button
                          type="button"
                          class="button button--secondary"
                          onClick={() => setConfirming({ username: a.username, what: 'totp' })}
                        >
                          {t('staff.totpReset')}
                          <span class="visually-hidden">：{a.username}</span>
                        </button>
                      )}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function NewAccount({ departments, onCreated }: { departments: Dept[]; onCreated: () => void }) {
  const [v, setV] = useState({ username: '', deptId: '', email: '', password: '' });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  async function submit() {
    setBusy(true);
    try {
      const body = {
        username: v.username,
        deptId: v.deptId,
        password: v.password,
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
      };
      await api('/api/staff', { method: 'POST', body, session: consoleSession });
      setErrors([]);
      setDone(v.username.trim().toLowerCase());
      setV({ username: '', deptId: '', email: '', password: '' });
      onCreated();
    } catch (e) {
      setErrors(errorsFrom(e, ['username', 'deptId', 'email', 'password']));
      setDone(null);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="new-account-title">
      <h2 id="new-account-title">{t('staff.newAccount')}</h2>
      {done && (
        <p class="notice" role="status" data-testid="account-created">
          {t('staff.accountCreated', { u: done })}
        </p>
      )}
      <ErrorSummary errors={errors} />
      <form
        class="form"
        noValidate
        data-testid="new-account"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <Field
          id="username"
          label={t('field.username')}
          hint={t('staff.usernameHint')}
          error={errorFor(errors, 'username')}
          value={v.username}
          onValue={set('username')}
          autoCapitalize="none"
          spellcheck={false}
          width="medium"
        />
        <Select
          id="deptId"
          label={t('staff.department')}
          error={errorFor(errors, 'deptId')}
          value={v.deptId}
          onValue={set('deptId')}
          options={departments.map((d) => [d.id, d.name])}
        />
        <Field
          id="email"
          type="email"
          label={t('staff.email')}
          error={errorFor(errors, 'email')}
          value={v.email}
          onValue={set('email')}
          width="medium"
        />
        <Field
          id="password"
          type="password"
          label={t('staff.password')}
          hint={t('staff.passwordHint')}
          error={errorFor(errors, 'password')}
          value={v.password}
          onValue={set('password')}
          autoComplete="new-password"
          width="medium"
        />
        <button type="submit" class="button" disabled={busy}>
          {t('staff.createAccount')}
        </button>
      </form>
    </section>
  );
}

function Departments({ departments }: { departments: Dept[] }) {
  return (
    <section aria-labelledby="departments-title">
      <h2 id="departments-title">{t('staff.departments')}</h2>
      <TableScroll labelledBy="departments-title">
        <table class="table" data-testid="departments">
          <thead>
            <tr>
              <th scope="col">{t('staff.deptName')}</th>
              <th scope="col">{t('staff.kind')}</th>
              <th scope="col">{t('staff.examTypes')}</th>
              <th scope="col">{t('staff.city')}</th>
            </tr>
          </thead>
          <tbody>
            {departments.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {d.name} <span class="muted">{d.id}</span>
                </th>
                <td>{t(`staff.kind.${d.kind}` as MessageKey)}</td>
                <td>{d.examTypes.length ? d.examTypes.map(typeName).join('、') : t('staff.allTypes')}</td>
                <td>{d.city ? (henanCities.get(d.city) ?? d.city) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function NewDepartment({ onCreated }: { onCreated: () => void }) {
  const [v, setV] = useState({ id: '', name: '', kind: '' as DepartmentKind | '', city: '' });
  const [types, setTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  async function submit() {
    setBusy(true);
    try {
      const body = {
        id: v.id,
        name: v.name,
        kind: v.kind,
        examTypes: v.kind === 'hr' ? [] : types,
        ...(v.kind === 'municipalVerifier' && v.city ? { city: v.city } : {}),
      };
      await api('/api/departments', { method: 'POST', body, session: consoleSession });
      setErrors([]);
      setV({ id: '', name: '', kind: '', city: '' });
      setTypes([]);
      onCreated();
    } catch (e) {
      setErrors(errorsFrom(e, ['id', 'name', 'kind', 'examTypes', 'city']));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="new-dept-title">
      <h2 id="new-dept-title">{t('staff.newDepartment')}</h2>
      <ErrorSummary errors={errors} />
      <form
        class="form"
        noValidate
        data-testid="new-department"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <Field
          id="id"
          label={t('staff.deptId')}
          hint={t('staff.deptIdHint')}
          error={errorFor(errors, 'id')}
          value={v.id}
          onValue={set('id')}
          autoCapitalize="none"
          spellcheck={false}
          width="medium"
        />
        <Field
          id="name"
          label={t('staff.deptName')}
          error={errorFor(errors, 'name')}
          value={v.name}
          onValue={set('name')}
        />
        <Select
          id="kind"
          label={t('staff.kind')}
          error={errorFor(errors, 'kind')}
          value={v.kind}
          onValue={set('kind')}
          options={KINDS.map((k) => [k, t(`staff.kind.${k}` as MessageKey)])}
        />
        {v.kind && v.kind !== 'hr' && (
          <fieldset
            class={`fieldset${errorFor(errors, 'examTypes') ? ' field--error' : ''}`}
            id="examTypes"
            tabIndex={-1}
          >
            <legend class="label">{t('staff.examTypes')}</legend>
            {errorFor(errors, 'examTypes') && (
              <p class="field-error">{errorFor(errors, 'examTypes')?.message}</p>
            )}
            {examTypes.map((x) => (
              <div class="checkbox" key={x.code}>
                <input
                  id={`type-${x.code}`}
                  type="checkbox"
                  checked={types.includes(x.code)}
                  onChange={(e) =>
                    setTypes((ts) =>
                      (e.currentTarget as HTMLInputElement).checked
                        ? [...ts, x.code]
                        : ts.filter((c) => c !== x.code),
                    )
                  }
                />
                <label for={`type-${x.code}`}>{typeName(x.code)}</label>
              </div>
            ))}
          </fieldset>
        )}
        {v.kind === 'municipalVerifier' && (
          <Select
            id="city"
            label={t('staff.city')}
            error={errorFor(errors, 'city')}
            value={v.city}
            onValue={set('city')}
            options={[...henanCities]}
          />
        )}
        <button type="submit" class="button" disabled={busy}>
          {t('staff.createDepartment')}
        </button>
      </form>
    </section>
  );
}

const Select = (p: Omit<SelectFieldProps, 'placeholder'>) => (
  <SelectField {...p} placeholder={t('examForm.choose')} />
);
