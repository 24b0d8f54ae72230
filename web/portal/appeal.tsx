/**
 * Appeals in the portal (R10, R11, R12): a candidate found `unqualified` in round 1, in the appeal window,
 * sees the deadline and the form — the reasons (≤ 2,000 characters, counted as they type) and, if they
 * wish, materials of their own (chosen or uploaded, as for supplementary verification) — then check your
 * answers → confirm → the reference and what happens next. Once filed: the appeal and its decision with
 * the reasons. A supplementary-round result is final for the year (R12): the portal says so.
 */
import { useState } from 'preact/hooks';
import type { Session } from '../api.js';
import { CheckActions, ErrorSummary, errorFor, ServerText, TextAreaField } from '../components.js';
import { formatDateTime, formatDeadline } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import { MaterialsChooser, PickedList, type Receipt, ReceiptPanel, useMaterialsForm } from './materials.js';
import './messages.js';

/** As functions/domain/appeals.ts APPEAL_STATEMENT_MAX (the server checks it again). */
const STATEMENT_MAX = 2000;

/** The appeal part of a record: the form, the appeal filed and its decision, or why there is none (R12). */
export function PortalAppeal({ r, session }: { r: CandidateRecord; session: Session }) {
  if (r.appeal) return <AppealStatus a={r.appeal} />;
  if (r.status === 'unqualified' && r.phase === 'appeal') return <AppealForm r={r} session={session} />;
  if (r.round === 'supplementary' && r.status === 'unqualified')
    return (
      <p class="hint" data-testid="supplementary-final">
        {t('ap.final')}
      </p>
    );
  return null;
}

function AppealStatus({ a }: { a: NonNullable<CandidateRecord['appeal']> }) {
  return (
    <section class="section" aria-labelledby="appeal-status-title" data-testid="appeal-status">
      <h3 id="appeal-status-title">{t('ap.statusTitle')}</h3>
      <dl class="facts">
        <div>
          <dt>{t('ap.reference')}</dt>
          <dd class="mono">{a.reference}</dd>
        </div>
        <div>
          <dt>{t('ap.filedAt')}</dt>
          <dd>{formatDateTime(a.at)}</dd>
        </div>
        <div>
          <dt>{t('ap.statement')}</dt>
          <dd>
            <ServerText text={a.statement} />
          </dd>
        </div>
        <div>
          <dt>{t('ap.outcome')}</dt>
          <dd data-testid="appeal-outcome">
            <strong>{t(a.outcome ? `ap.outcome.${a.outcome}` : 'ap.outcome.pending')}</strong>
          </dd>
        </div>
        {a.outcome && (
          <>
            <div>
              <dt>{t('ap.note')}</dt>
              <dd>
                <ServerText text={a.note ?? ''} />
              </dd>
            </div>
            <div>
              <dt>{t('ap.decidedBy')}</dt>
              <dd>
                <ServerText text={a.decidedBy?.deptName ?? ''} />
              </dd>
            </div>
            <div>
              <dt>{t('ap.decidedAt')}</dt>
              <dd>{a.decidedAt ? formatDateTime(a.decidedAt) : ''}</dd>
            </div>
          </>
        )}
      </dl>
      {a.outcome === 'upheld' && <p>{t('ap.upheldNext')}</p>}
    </section>
  );
}

function AppealForm({ r, session }: { r: CandidateRecord; session: Session }) {
  const f = useMaterialsForm(r.examId, session);
  const [statement, setStatement] = useState('');
  const [step, setStep] = useState<'form' | 'check' | 'done'>('form');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const id = (x: string) => `ap-${r.examId}-${x}`;
  const deadline = r.deadline ? formatDeadline(r.deadline.date) : '';

  async function confirm() {
    const body = { statement: statement.trim(), materialIds: f.chosen };
    const done = await f.send('appeal', body, ['statement', 'materialIds'], id);
    setReceipt(done);
    setStep(done ? 'done' : 'form');
  }

  if (step === 'done' && receipt)
    return (
      <ReceiptPanel
        testid="appeal"
        title={t('ap.doneTitle')}
        receipt={receipt}
        next={t('ap.next', { deadline })}
      />
    );

  return (
    <section class="supplementary" aria-labelledby={id('title')} data-testid="appeal">
      <h3 id={id('title')}>{t('ap.title')}</h3>
      <p>{t('ap.lead')}</p>
      {r.deadline && (
        <p>
          {t('ap.deadline')}
          <strong class="deadline-when">{deadline}</strong>
        </p>
      )}
      <p class="hint">{t('ap.final')}</p>
      <ErrorSummary errors={f.errors} />
      {step === 'check' ? (
        <>
          <h4>{t('ap.checkTitle')}</h4>
          <dl class="facts">
            <div>
              <dt>{t('ap.statement')}</dt>
              <dd class="decision-note">{statement.trim()}</dd>
            </div>
            <div>
              <dt>{t('ap.materialsList')}</dt>
              <dd>
                <PickedList picked={f.picked} none={t('ap.noMaterials')} />
              </dd>
            </div>
          </dl>
          <p>{t('ap.checkLead')}</p>
          <CheckActions
            busy={f.busy}
            confirm={t('ap.confirm')}
            change={t('sup.change')}
            working={t('sup.working')}
            onConfirm={() => void confirm()}
            onChange={() => setStep('form')}
          />
        </>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const problems = !statement.trim()
              ? [{ field: id('statement'), message: t('ap.statementRequired') }]
              : statement.trim().length > STATEMENT_MAX
                ? [{ field: id('statement'), message: t('ap.statementTooLong', { n: STATEMENT_MAX }) }]
                : [];
            f.setErrors(problems);
            if (!problems.length) setStep('check');
          }}
        >
          <TextAreaField
            id={id('statement')}
            label={t('ap.statement')}
            hint={t('ap.statementHint', { n: STATEMENT_MAX })}
            error={errorFor(f.errors, id('statement'))}
            value={statement}
            onValue={setStatement}
            rows={6}
            maxLength={STATEMENT_MAX}
            counter
          />
          <MaterialsChooser f={f} id={id} legend={t('ap.materials')} hint={t('sup.materialsHint')} />
          <button type="submit" class="button" disabled={f.busy}>
            {t('sup.continue')}
          </button>
        </form>
      )}
    </section>
  );
}
