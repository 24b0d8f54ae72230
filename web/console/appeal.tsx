/**
 * The candidate page's appeal (R10, R11): what the candidate filed — reference, when, the statement, how
 * many materials (listed below with the candidate's materials), the deadline — and the decision once made
 * (outcome, the reasons the candidate is told, department, time, 逾期作出 after `supplementaryDue`). A
 * verifier in scope decides: upheld or rejected with the reasons → check → confirm. The server decides
 * again (scope, phase, once).
 */
import { useState } from 'preact/hooks';
import { APPEAL_NOTE_MAX, type AppealOutcome, appealOutcomes } from '../../functions/domain/appeals.js';
import { api } from '../api.js';
import {
  DeadlineText,
  ErrorSummary,
  errorFor,
  errorsFrom,
  type FormError,
  RadioField,
  ServerText,
  TextAreaField,
} from '../components.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateView, Department } from '../types.js';
import { consoleSession } from './data.js';
import { CheckPanel } from './decision.js';
import './messages.js';

type Appeal = NonNullable<CandidateView['appeal']>;

export function CandidateAppeal({
  c,
  department,
  onChanged,
}: {
  c: CandidateView;
  department: Department;
  onChanged: (c: CandidateView) => void;
}) {
  const [done, setDone] = useState(false);
  const a = c.appeal;
  if (!a) return null;
  const open = !a.outcome && c.phase === 'appealDecision';
  return (
    <section class="section" aria-labelledby="appeal-title" data-testid="appeal">
      <h2 id="appeal-title">{t('apd.heading')}</h2>
      {done && (
        <div class="panel--confirmation" data-testid="appeal-done" role="status">
          <h3>{t('apd.doneTitle')}</h3>
          <p>{t('apd.doneNext')}</p>
        </div>
      )}
      <dl class="facts">
        <div>
          <dt>{t('sub.reference')}</dt>
          <dd class="mono">{a.reference}</dd>
        </div>
        <div>
          <dt>{t('sub.at')}</dt>
          <dd>{formatDateTime(a.at)}</dd>
        </div>
        <div>
          <dt>{t('apd.statement')}</dt>
          <dd class="decision-note">
            <ServerText text={a.statement} />
          </dd>
        </div>
        <div>
          <dt>{t('sub.materials')}</dt>
          <dd>{t('sub.count', { n: a.materialIds.length })}</dd>
        </div>
        {open && c.deadline && (
          <div>
            <dt>{t('apd.deadline')}</dt>
            <dd>
              <DeadlineText deadline={c.deadline} provisional={c.deadline.provisional} />
            </dd>
          </div>
        )}
      </dl>
      {a.outcome ? <AppealDecisionFacts a={a} /> : <p data-testid="appeal-undecided">{t('apd.undecided')}</p>}
      {open && department.kind !== 'hr' && (
        <AppealDecisionForm
          c={c}
          onDecided={(next) => {
            onChanged(next);
            setDone(true);
          }}
        />
      )}
    </section>
  );
}

function AppealDecisionFacts({ a }: { a: Appeal }) {
  return (
    <dl class="facts">
      <div>
        <dt>{t('apd.outcome')}</dt>
        <dd data-testid="appeal-outcome">
          <strong>{t(`apd.outcome.${a.outcome ?? 'upheld'}`)}</strong>
          {a.overdue ? (
            <>
              {' '}
              <strong class="tag tag--pending" data-testid="appeal-overdue">
                {t('apd.overdue')}
              </strong>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t('apd.note')}</dt>
        <dd class="decision-note">
          <ServerText text={a.note ?? ''} />
        </dd>
      </div>
      <div>
        <dt>{t('dec.by')}</dt>
        <dd>
          <ServerText text={a.decidedBy?.deptName ?? ''} />
        </dd>
      </div>
      <div>
        <dt>{t('dec.at')}</dt>
        <dd>{a.decidedAt ? formatDateTime(a.decidedAt) : ''}</dd>
      </div>
    </dl>
  );
}

function AppealDecisionForm({ c, onDecided }: { c: CandidateView; onDecided: (c: CandidateView) => void }) {
  const [outcome, setOutcome] = useState<AppealOutcome | ''>('');
  const [note, setNote] = useState('');
  const [step, setStep] = useState<'form' | 'check'>('form');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  function check(e: Event) {
    e.preventDefault();
    const p: FormError[] = [];
    if (!outcome) p.push({ field: 'appeal-outcome', message: t('apd.outcomeRequired') });
    if (!note.trim()) p.push({ field: 'appeal-note', message: t('apd.noteRequired') });
    if (note.trim().length > APPEAL_NOTE_MAX)
      p.push({ field: 'appeal-note', message: t('dec.noteTooLong', { n: APPEAL_NOTE_MAX }) });
    setErrors(p);
    if (!p.length) setStep('check');
  }

  async function confirm() {
    setBusy(true);
    setErrors([]);
    try {
      const url = `/api/exams/${encodeURIComponent(c.examId)}/candidates/${encodeURIComponent(c.personId)}/appeal-decision`;
      onDecided(
        await api<CandidateView>(url, {
          method: 'POST',
          body: { outcome, note: note.trim() },
          session: consoleSession,
        }),
      );
    } catch (err) {
      setErrors(
        errorsFrom(err, ['outcome', 'note']).map((x) => (x.field ? { ...x, field: `appeal-${x.field}` } : x)),
      );
      setStep('form');
    } finally {
      setBusy(false);
    }
  }

  if (step === 'check')
    return (
      <CheckPanel
        c={c}
        testid="appeal-check"
        title={t('apd.checkTitle')}
        lead={t('apd.checkLead')}
        busy={busy}
        onConfirm={() => void confirm()}
        onChange={() => setStep('form')}
      >
        <div>
          <dt>{t('apd.outcome')}</dt>
          <dd>{outcome ? t(`apd.outcome.${outcome}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('apd.note')}</dt>
          <dd class="decision-note">{note.trim()}</dd>
        </div>
      </CheckPanel>
    );

  return (
    <form class="panel" onSubmit={check} noValidate data-testid="appeal-form">
      <h3>{t('apd.formTitle')}</h3>
      <ErrorSummary errors={errors} />
      <RadioField
        id="appeal-outcome"
        legend={t('apd.outcome')}
        options={appealOutcomes.map((o) => [o, t(`apd.outcome.${o}`)] as const)}
        value={outcome}
        onValue={setOutcome}
        error={errorFor(errors, 'appeal-outcome')}
      />
      <TextAreaField
        id="appeal-note"
        label={t('apd.note')}
        hint={t('apd.noteHint', { n: APPEAL_NOTE_MAX })}
        error={errorFor(errors, 'appeal-note')}
        value={note}
        onValue={setNote}
        rows={4}
        maxLength={APPEAL_NOTE_MAX}
      />
      <button type="submit" class="button">
        {t('dec.continue')}
      </button>
    </form>
  );
}
