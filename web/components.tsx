/**
 * Pieces every page shares: the page frame (skip link, header with the language switch, footer),
 * labelled form fields with hint and error, the error summary, and status shown as words.
 */
import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PaperStatus } from '../functions/domain/collection.js';
import { statusTagOf } from '../functions/domain/status-tag.js';
import { type ApiError, type Session, saveDownload } from './api.js';
import { daysLeftIfNear, formatDeadline } from './format.js';
import { getLang, type Lang, type MessageKey, otherLang, setLang, t } from './i18n.js';
import type { CandidateDeadline, CandidateStatus, Phase } from './types.js';

/**
 * The language switch. `href` is the same page in the other language for static pages, so the switch
 * works without JavaScript; with JavaScript it switches in place and remembers the choice.
 */
export function LangToggle({ hrefFor }: { hrefFor?: (l: Lang) => string }) {
  const target = otherLang(getLang());
  const label = t('lang.switchLabel');
  const text = t('lang.switchTo');
  const onClick = (e: Event) => {
    e.preventDefault();
    setLang(target, true);
    if (hrefFor) history.replaceState(history.state, '', hrefFor(target) + location.search + location.hash);
  };
  if (hrefFor) {
    return (
      <a
        class="lang-toggle"
        href={hrefFor(target)}
        hreflang={target}
        lang={target}
        aria-label={label}
        onClick={onClick}
      >
        {text}
      </a>
    );
  }
  return (
    <button type="button" class="lang-toggle" lang={target} aria-label={label} onClick={onClick}>
      {text}
    </button>
  );
}

export interface FrameProps {
  /** the app's own title under the office name, e.g. 考生服务 */
  app?: string;
  appHref?: string;
  /** right side of the header: who is signed in, sign-out */
  account?: ComponentChildren;
  nav?: ComponentChildren;
  hrefFor?: (l: Lang) => string;
  homeHref?: string;
  children: ComponentChildren;
}

export function Frame({ app, appHref, account, nav, hrefFor, homeHref = '/', children }: FrameProps) {
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skip.main')}
      </a>
      <header class="site-header">
        <div class="container header-row">
          <div class="brand">
            <a class="brand-name" href={homeHref}>
              {t('site.name')}
            </a>
            {app && (
              <a class="brand-app" href={appHref}>
                {app}
              </a>
            )}
          </div>
          <div class="header-tools">
            {account}
            <LangToggle {...(hrefFor ? { hrefFor } : {})} />
          </div>
        </div>
        {nav}
      </header>
      <main id="main" class="container" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>{t('site.footer')}</p>
        </div>
      </footer>
    </>
  );
}

/** Text that came from the server (always Chinese): marked as such for screen readers in English mode. */
export function ServerText({ text }: { text: string }) {
  return getLang() === 'en' ? <span lang="zh-CN">{text}</span> : text;
}

export interface FormError {
  /** the input's id; omitted for errors that are not about one field */
  field?: string;
  message: string;
  fromServer?: boolean;
}

/**
 * GOV.UK-style error summary: takes focus when it appears, lists each problem as a link to its field.
 */
export function ErrorSummary({ errors }: { errors: FormError[] }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <section class="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" class="error-summary-title">
        {t('error.summaryTitle')}
      </h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field ?? ''}:${e.message}`}>
            {e.field ? (
              <a
                href={`#${e.field}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  document.getElementById(e.field as string)?.focus();
                }}
              >
                {e.fromServer ? <ServerText text={e.message} /> : e.message}
              </a>
            ) : e.fromServer ? (
              <ServerText text={e.message} />
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Server field names (`details.fields[].field`) → this form's input ids. Unknown fields go to the summary only. */
export function errorsFrom(e: unknown, fieldIds: readonly string[]): FormError[] {
  const err = e as ApiError;
  const fields = Array.isArray(err?.fields) ? err.fields : [];
  const fromServer = err?.fromServer !== false;
  const mapped: FormError[] = fields.map((f) => {
    const name = f.field.replace(/^body\./, '');
    return fieldIds.includes(name)
      ? { field: name, message: f.message, fromServer }
      : { message: f.message, fromServer };
  });
  if (!mapped.length) mapped.push({ message: err?.message ?? t('error.generic'), fromServer });
  // one message per field, as the person fixes one thing at a time
  return mapped.filter((m, i) => !m.field || mapped.findIndex((x) => x.field === m.field) === i);
}

export const errorFor = (errors: FormError[], field: string): FormError | undefined =>
  errors.find((e) => e.field === field);

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: FormError | undefined;
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'password' | 'tel' | 'email';
  inputMode?: string;
  autoComplete?: string;
  autoCapitalize?: string;
  maxLength?: number;
  width?: 'short' | 'medium' | 'long';
  disabled?: boolean;
  spellcheck?: boolean;
}

/** The frame every form control shares: label above, hint under the label, the error next to the field. */
function FieldFrame(p: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: FormError | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={`field${p.error ? ' field--error' : ''}`}>
      <label class="label" for={p.id}>
        {p.label}
      </label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          <span class="visually-hidden">{t('error.prefix')}</span>
          {p.error.fromServer ? <ServerText text={p.error.message} /> : p.error.message}
        </p>
      )}
      {p.children}
    </div>
  );
}

/** The control's aria attributes: described by its hint and error, invalid while it has an error. */
function ariaOf(p: { id: string; hint?: string | undefined; error?: FormError | undefined }) {
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return {
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(p.error ? { 'aria-invalid': 'true' as const } : {}),
  };
}

/** A labelled input (see FieldFrame). */
export function Field(p: FieldProps) {
  return (
    <FieldFrame id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <input
        class={`input input--${p.width ?? 'long'}`}
        id={p.id}
        name={p.id}
        type={(p.type ?? 'text') as 'text'}
        value={p.value}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        {...(p.inputMode ? { inputMode: p.inputMode } : {})}
        {...(p.autoComplete ? { autocomplete: p.autoComplete } : {})}
        {...(p.autoCapitalize ? { autoCapitalize: p.autoCapitalize as 'characters' } : {})}
        {...(p.maxLength ? { maxLength: p.maxLength } : {})}
        {...(p.spellcheck === false ? { spellcheck: false } : {})}
        {...ariaOf(p)}
        disabled={p.disabled}
      />
    </FieldFrame>
  );
}

/** A labelled file chooser (see FieldFrame). */
export function FileField(p: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: FormError | undefined;
  accept: string;
  onFile: (f: File | null) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <FieldFrame id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <input
        ref={p.inputRef}
        id={p.id}
        name={p.id}
        type="file"
        accept={p.accept}
        onChange={(e) => p.onFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        {...ariaOf(p)}
      />
    </FieldFrame>
  );
}

/** A labelled text area (see FieldFrame). */
export function TextAreaField(p: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: FormError | undefined;
  value: string;
  onValue: (v: string) => void;
  rows?: number;
  maxLength?: number;
  /** show how many characters are entered of `maxLength` under the box */
  counter?: boolean;
}) {
  const count = p.counter && p.maxLength ? `${p.id}-count` : null;
  const aria = ariaOf(p);
  const describedBy = [aria['aria-describedby'], count].filter(Boolean).join(' ');
  return (
    <FieldFrame id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <textarea
        id={p.id}
        name={p.id}
        class="input input--long"
        rows={p.rows ?? 6}
        value={p.value}
        onInput={(e) => p.onValue((e.currentTarget as HTMLTextAreaElement).value)}
        {...(p.maxLength ? { maxLength: p.maxLength } : {})}
        {...aria}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      />
      {count && (
        <p class="hint field-count" id={count}>
          {t('field.count', { n: p.value.length, max: p.maxLength ?? 0 })}
        </p>
      )}
    </FieldFrame>
  );
}

export interface SelectFieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: FormError | undefined;
  value: string;
  onValue: (v: string) => void;
  /** [value, label] pairs, after the placeholder option (value '') */
  options: [string, string][];
  placeholder: string;
  disabled?: boolean;
}

/** A labelled choice (see FieldFrame). */
export function SelectField(p: SelectFieldProps) {
  return (
    <FieldFrame id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <select
        id={p.id}
        name={p.id}
        class="select"
        value={p.value}
        disabled={p.disabled}
        onChange={(e) => p.onValue((e.currentTarget as HTMLSelectElement).value)}
        {...ariaOf(p)}
      >
        <option value="">{p.placeholder}</option>
        {p.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * The last step of a consequential act (check your answers): confirm, or go back and change; while it
 * is sent, both are disabled and the status line says so.
 */
export function CheckActions(p: {
  busy: boolean;
  confirm: string;
  change: string;
  working: string;
  onConfirm: () => void;
  onChange: () => void;
}) {
  return (
    <>
      <div class="button-group">
        <button type="button" class="button" disabled={p.busy} onClick={p.onConfirm}>
          {p.confirm}
        </button>
        <button type="button" class="button button--secondary" disabled={p.busy} onClick={p.onChange}>
          {p.change}
        </button>
      </div>
      <p role="status" class="hint">
        {p.busy ? p.working : ''}
      </p>
    </>
  );
}

/** A choice of one among a few, as radio buttons under a legend, with its error (a field named `id`). */
export function RadioField<T extends string>(p: {
  id: string;
  legend: string;
  options: readonly (readonly [T, string])[];
  value: T | '' | undefined;
  onValue: (v: T) => void;
  error?: FormError | undefined;
}) {
  return (
    <fieldset
      class={`fieldset${p.error ? ' field--error' : ''}`}
      id={p.id}
      tabIndex={-1}
      {...(p.error ? { 'aria-describedby': `${p.id}-error` } : {})}
    >
      <legend class="label">{p.legend}</legend>
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          <span class="visually-hidden">{t('error.prefix')}</span>
          {p.error.fromServer ? <ServerText text={p.error.message} /> : p.error.message}
        </p>
      )}
      {p.options.map(([v, label]) => (
        <div class="checkbox" key={v}>
          <input
            id={`${p.id}-${v}`}
            type="radio"
            name={p.id}
            value={v}
            checked={p.value === v}
            onChange={() => p.onValue(v)}
          />
          <label for={`${p.id}-${v}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * Status as a word in a tag; the colour only repeats what the word says. With the lifecycle phase, a
 * qualified candidate's certificate step shows as the word people look for: 已预约邮寄 / 已寄出 / 待现场领取;
 * with the on-site certificate's status (R19, R20: 代为保管, 已领取, 已移交), that — one function
 * decides (functions/domain/status-tag.ts statusTagOf), so the tag and the collection panel agree.
 */
export function StatusTag({
  status,
  phase,
  paper,
}: {
  status: CandidateStatus;
  phase?: Phase | undefined;
  /** R19, R20: the on-site certificate's status, when the server gave one */
  paper?: PaperStatus | null | undefined;
}) {
  return <strong class={`tag tag--${status}`}>{t(statusTagOf(status, phase, paper))}</strong>;
}

/** T3: a deadline computed on a calendar that lacks its year, marked in words (the explanation is near it). */
export function ProvisionalTag() {
  return <strong class="tag tag--provisional">{t('tag.provisional')}</strong>;
}

/**
 * A deadline the same way everywhere (T4): "2024年10月8日 24:00（北京时间）", where it helps "还剩 5 天",
 * the rule it comes from, and "暂定" when it is provisional (T3).
 */
export function DeadlineText({
  deadline,
  provisional,
  showRule = true,
}: {
  deadline: (Pick<CandidateDeadline, 'date' | 'endsAt'> & { rule?: string | null }) | null | undefined;
  provisional?: boolean | undefined;
  showRule?: boolean;
}) {
  if (!deadline) return <>—</>;
  const left = daysLeftIfNear(deadline);
  return (
    <span class="deadline">
      <span class="deadline-when">{formatDeadline(deadline.date)}</span>
      {left && <span class="deadline-left"> {left}</span>}
      {showRule && deadline.rule && (
        <span class="rule">
          {' '}
          <span class="visually-hidden">{t('rule.label')} </span>
          {deadline.rule}
        </span>
      )}
      {provisional && (
        <>
          {' '}
          <ProvisionalTag />
        </>
      )}
    </span>
  );
}

/** A commitment check result (N2) as a word. */
export function CheckTag({ result }: { result: 'passed' | 'failed' | 'manual' }) {
  return <span class={`check check--${result}`}>{t(`check.${result}` as MessageKey)}</span>;
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  );
}

/**
 * A wide table in a region that scrolls sideways on a phone; the region takes keyboard focus so that it
 * can be scrolled without a mouse (WCAG 2.1.1), and is named by the table's caption.
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll
    <section class="table-wrap" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  );
}

/** A notice for a failed load that is not a form error. */
export function Problem({ error }: { error: unknown }) {
  const e = error as ApiError;
  return (
    <div class="notice notice--problem" role="alert">
      {e?.fromServer === false ? e.message : <ServerText text={e?.message ?? t('error.generic')} />}
    </div>
  );
}

/**
 * R17: the electronic certificate's PDF as a download (`{number}.pdf`): a button, since the file needs
 * the session's token (a plain link cannot carry it); a failure said next to it.
 */
export function CertificateDownload({
  path,
  session,
  number,
}: {
  path: string;
  session: Session;
  number: string;
}) {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  async function save() {
    setState('busy');
    try {
      await saveDownload(path, session, `${number}.pdf`);
      setState('idle');
    } catch {
      setState('failed');
    }
  }
  return (
    <p class="certificate-download">
      <button
        type="button"
        class="button button--secondary"
        disabled={state === 'busy'}
        data-testid="certificate-download"
        onClick={() => void save()}
      >
        {t('certpdf.download')}
      </button>
      {state === 'failed' && (
        <span class="field-error" role="alert">
          {' '}
          {t('certpdf.failed')}
        </span>
      )}
    </p>
  );
}

/** Set the tab title: "<page> - <site>". */
export function useTitle(page: string): void {
  useEffect(() => {
    document.title = t('page.of', { page, site: t('site.name') });
  });
}

/** After a view change, move focus to the new page's heading so keyboard and screen-reader users follow. */
export function focusHeading(): void {
  requestAnimationFrame(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    if (!h) return;
    h.setAttribute('tabindex', '-1');
    h.focus();
  });
}
