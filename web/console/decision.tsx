/**
 * The candidate page's verification decision (R7, R22) and its reopening (R24): the standing decision
 * (outcome, reason, note, department, time) and those reopened; for a verifier who may decide, the form
 * — outcome, reason, note — then a check step before it is sent (a legal decision is never one click
 * away from a mistake); for the provincial verifier, a reopening with its reason. The server decides
 * (scope, round, deadline); its refusals are shown at the field.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { NOTE_MAX, reasonCodes } from '../../functions/domain/decisions.js';
import { api } from '../api.js';
import {
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  type FormError,
  RadioField,
  SelectField,
  ServerText,
  StatusTag,
  TextAreaField,
} from '../components.js';
import { formatDateTime } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { CandidateView, Department } from '../types.js';
import { consoleSession } from './data.js';
import './messages.js';

type Outcome = 'qualified' | 'unqualified';
type Shown = NonNullable<CandidateView['decision']>;

const reasonText = (code: string | undefined) => (code ? t(`dec.reason.${code}` as MessageKey) : '—');

/** One decision's facts. */
function DecisionFacts({ d }: { d: Shown }) {
  return (
    <dl class="facts">
      <div>
        <dt>{t('dec.outcome')}</dt>
        <dd data-testid="decision-outcome">
          <StatusTag status={d.outcome} />
        </dd>
      </div>
      <div>
        <dt>{t('dec.reason')}</dt>
        <dd data-testid="decision-reason">{reasonText(d.reasonCode)}</dd>
      </div>
      <div>
        <dt>{t('dec.note')}</dt>
        <dd class="decision-note">{d.note ? <ServerText text={d.note} /> : t('dec.noteEmpty')}</dd>
      </div>
      <div>
        <dt>{t('dec.round')}</dt>
        <dd>
          {t(`dec.round.${d.round}`)}
          {d.overdue ? (
            <>
              {' '}
              <strong class="tag tag--pending" data-testid="decision-overdue">
                {t('dec.overdue')}
              </strong>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t('dec.by')}</dt>
        <dd>
          <ServerText text={d.by.deptName} />
        </dd>
      </div>
      <div>
        <dt>{t('dec.at')}</dt>
        <dd>{formatDateTime(d.at)}</dd>
      </div>
    </dl>
  );
}

/** Whether this department may decide the candidate now (the server checks scope, round and deadline). */
const mayDecide = (c: CandidateView, dept: Department) =>
  dept.kind !== 'hr' && !c.decision && (c.status === 'verifying' || c.status === 'pending');

/** R24: the provincial verifier (association) reopens a round-1 decision of a municipal verifier or its own. */
const mayReopen = (c: CandidateView, dept: Department) =>
  (dept.kind === 'provincialVerifier' || dept.kind === 'association') &&
  c.decision?.round === 'first' &&
  c.phase === 'results' &&
  (c.decision.by.deptKind === 'municipalVerifier' || c.decision.by.deptId === dept.id);

export function CandidateDecision({
  c,
  department,
  onChanged,
}: {
  c: CandidateView;
  department: Department;
  onChanged: (c: CandidateView) => void;
}) {
  const [done, setDone] = useState<'decided' | 'reopened' | null>(null);
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    if (done) root.current?.querySelector<HTMLElement>('[data-testid="decision-done"]')?.focus();
  }, [done]);
  const changed = (kind: 'decided' | 'reopened') => (next: CandidateView) => {
    onChanged(next);
    setDone(kind);
  };
  return (
    <section class="section" aria-labelledby="decision-title" data-testid="decision" ref={root}>
      <h2 id="decision-title">{t('dec.heading')}</h2>
      {done && (
        <div class="panel--confirmation" data-testid="decision-done" tabIndex={-1} role="status">
          <h3>{t(done === 'decided' ? 'dec.doneTitle' : 'dec.reopenDone')}</h3>
          {done === 'decided' && <p>{t('dec.doneNext')}</p>}
        </div>
      )}
      {c.decision ? <DecisionFacts d={c.decision} /> : <p>{t('dec.none')}</p>}
      {mayReopen(c, department) && <Reopen c={c} onReopened={changed('reopened')} />}
      {mayDecide(c, department) && <DecisionForm c={c} onDecided={changed('decided')} />}
      {!!c.previousDecisions?.length && (
        <>
          <h3>{t('dec.previous')}</h3>
          <ul class="decision-history" data-testid="previous-decisions">
            {c.previousDecisions.map((p) => (
              <li key={p.reopened.at}>
                <DecisionFacts d={p} />
                <p>
                  {t('dec.reopenedBy', { dept: p.reopened.by.deptName, at: formatDateTime(p.reopened.at) })}{' '}
                  <ServerText text={p.reopened.reason} />
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const candidateUrl = (c: CandidateView, act: 'decision' | 'reopen') =>
  `/api/exams/${encodeURIComponent(c.examId)}/candidates/${encodeURIComponent(c.personId)}/${act}`;

/** The decision form, then its check step. */
function DecisionForm({ c, onDecided }: { c: CandidateView; onDecided: (c: CandidateView) => void }) {
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [step, setStep] = useState<'form' | 'check'>('form');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  /** The rules the server applies (functions/domain/decisions.ts), here to answer at once. */
  function problems(): FormError[] {
    const out: FormError[] = [];
    if (!outcome) out.push({ field: 'outcome', message: t('dec.outcomeRequired') });
    if (outcome === 'unqualified' && !reasonCode)
      out.push({ field: 'reasonCode', message: t('dec.reasonRequired') });
    if (reasonCode === 'other' && !note.trim()) out.push({ field: 'note', message: t('dec.noteRequired') });
    if (note.trim().length > NOTE_MAX)
      out.push({ field: 'note', message: t('dec.noteTooLong', { n: NOTE_MAX }) });
    return out;
  }

  function check(e: Event) {
    e.preventDefault();
    const p = problems();
    setErrors(p);
    if (!p.length) setStep('check');
  }

  async function confirm() {
    setBusy(true);
    setErrors([]);
    try {
      const next = await api<CandidateView>(candidateUrl(c, 'decision'), {
        method: 'POST',
        body: { outcome, ...(reasonCode ? { reasonCode } : {}), ...(note.trim() ? { note } : {}) },
        session: consoleSession,
      });
      onDecided(next);
    } catch (err) {
      setErrors(errorsFrom(err, ['outcome', 'reasonCode', 'note']));
      setStep('form');
    } finally {
      setBusy(false);
    }
  }

  if (step === 'check')
    return (
      <CheckPanel
        c={c}
        testid="decision-check"
        title={t('dec.checkTitle')}
        lead={t('dec.checkLead')}
        busy={busy}
        onConfirm={() => void confirm()}
        onChange={() => setStep('form')}
      >
        <div>
          <dt>{t('dec.outcome')}</dt>
          <dd data-testid="check-outcome">{outcome ? t(`dec.outcome.${outcome}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('dec.reason')}</dt>
          <dd>{reasonText(reasonCode || undefined)}</dd>
        </div>
        <div>
          <dt>{t('dec.note')}</dt>
          <dd class="decision-note">{note.trim() || t('dec.noteEmpty')}</dd>
        </div>
      </CheckPanel>
    );

  return (
    <form class="panel" onSubmit={check} noValidate data-testid="decision-form">
      <h3>{t('dec.formTitle')}</h3>
      <p class="hint">{t('dec.formLead')}</p>
      <ErrorSummary errors={errors} />
      <DecisionFields
        prefix=""
        errors={errors}
        outcome={outcome}
        onOutcome={setOutcome}
        reasonCode={reasonCode}
        onReasonCode={setReasonCode}
        note={note}
        onNote={setNote}
      />
      <button type="submit" class="button">
        {t('dec.continue')}
      </button>
    </form>
  );
}

/**
 * The check step of a decision on one candidate (a verification decision, an appeal decision): the
 * candidate, what will be recorded (`children`: rows of the list), what it does, then confirm or change.
 * The heading takes the focus when it opens.
 */
export function CheckPanel(p: {
  c: CandidateView;
  testid: string;
  title: string;
  lead: string;
  busy: boolean;
  onConfirm: () => void;
  onChange: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="panel" data-testid={p.testid}>
      <h3 ref={ref} tabIndex={-1}>
        {p.title}
      </h3>
      <dl class="facts">
        <div>
          <dt>{t('dec.candidate')}</dt>
          <dd>
            {p.c.name}
            {p.c.candidateNo ? `（${p.c.candidateNo}）` : ''}
          </dd>
        </div>
        {p.children}
      </dl>
      <p>{p.lead}</p>
      <CheckActions
        busy={p.busy}
        confirm={t('dec.confirm')}
        change={t('dec.change')}
        working={t('dec.working')}
        onConfirm={p.onConfirm}
        onChange={p.onChange}
      />
    </div>
  );
}

/** R24: reopen, with the reason, after reading what it does. */
function Reopen({ c, onReopened }: { c: CandidateView; onReopened: (c: CandidateView) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) titleRef.current?.focus();
  }, [open]);

  async function confirm(e: Event) {
    e.preventDefault();
    if (!reason.trim()) {
      setErrors([{ field: 'reason', message: t('dec.reopenReasonRequired') }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      onReopened(
        await api<CandidateView>(candidateUrl(c, 'reopen'), {
          method: 'POST',
          body: { reason },
          session: consoleSession,
        }),
      );
      setOpen(false);
      setReason('');
    } catch (err) {
      setErrors(errorsFrom(err, ['reason']));
    } finally {
      setBusy(false);
    }
  }

  if (!open)
    return (
      <p>
        <button type="button" class="button button--secondary" onClick={() => setOpen(true)}>
          {t('dec.reopen')}
        </button>
      </p>
    );
  return (
    <form class="panel" onSubmit={(e) => void confirm(e)} noValidate data-testid="reopen-form">
      <h3 ref={titleRef} tabIndex={-1}>
        {t('dec.reopenTitle')} <span class="rule">R24</span>
      </h3>
      <p>{t('dec.reopenLead')}</p>
      <ErrorSummary errors={errors} />
      <TextAreaField
        id="reason"
        label={t('dec.reopenReason')}
        hint={t('dec.reopenReasonHint', { n: NOTE_MAX })}
        error={errorFor(errors, 'reason')}
        value={reason}
        onValue={setReason}
        rows={3}
        maxLength={NOTE_MAX}
      />
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          {t('dec.reopenConfirm')}
        </button>
        <button
          type="button"
          class="button button--secondary"
          disabled={busy}
          onClick={() => {
            setOpen(false);
            setErrors([]);
          }}
        >
          {t('dec.reopenCancel')}
        </button>
      </div>
    </form>
  );
}

/** The outcome, reason and note of a decision (R22), for one candidate or many (`prefix` keeps ids apart). */
export function DecisionFields(p: {
  prefix: '' | 'bulk-';
  errors: FormError[];
  outcome: Outcome | '';
  onOutcome: (o: Outcome) => void;
  reasonCode: string;
  onReasonCode: (v: string) => void;
  note: string;
  onNote: (v: string) => void;
}) {
  const id = (f: string) => `${p.prefix}${f}`;
  return (
    <>
      <RadioField
        id={id('outcome')}
        legend={t('dec.outcome')}
        options={(['qualified', 'unqualified'] as const).map((o) => [o, t(`dec.outcome.${o}`)] as const)}
        value={p.outcome}
        onValue={p.onOutcome}
        error={errorFor(p.errors, id('outcome'))}
      />
      <SelectField
        id={id('reasonCode')}
        label={t('dec.reason')}
        hint={t('dec.reasonHint')}
        error={errorFor(p.errors, id('reasonCode'))}
        value={p.reasonCode}
        onValue={p.onReasonCode}
        placeholder={t('dec.reasonPlaceholder')}
        options={reasonCodes.map((r) => [r, t(`dec.reason.${r}`)])}
      />
      <TextAreaField
        id={id('note')}
        label={t('dec.note')}
        hint={t('dec.noteHint', { n: NOTE_MAX })}
        error={errorFor(p.errors, id('note'))}
        value={p.note}
        onValue={p.onNote}
        rows={4}
        maxLength={NOTE_MAX}
      />
    </>
  );
}
