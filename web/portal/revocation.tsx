/**
 * Revocation cases as the candidate sees them (R14, R15, N1): the case's stage, the letters served (the
 * proposed decision, then the decision), printable on A4; while the defence period runs, the statement
 * and defence form — answer or waive, check, confirm — then a confirmation with the case number and what
 * happens next. The console's candidate page shows the same letters (./../console/revocations.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Letter } from '../../functions/domain/revocations.js';
import { api, type Session } from '../api.js';
import {
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  type FormError,
  RadioField,
  ServerText,
  TextAreaField,
} from '../components.js';
import { formatDateTime, formatDeadline } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { CandidateRecord } from '../types.js';
import { MaterialsChooser, useMaterialsForm } from './materials.js';
import './messages.js';

/** The statement's limit (functions/domain/revocations.ts STATEMENT_MAX, not imported: the portal stays small). */
const STATEMENT_MAX = 2000;

export interface CaseView {
  caseId: string;
  examId: string;
  stage: string;
  ground: 'R14' | 'R15';
  articles: number[];
  defenceDue?: string;
  defenceEndsAt?: string;
  letters: Letter[];
  defence?: { at: string; waived: boolean; statement?: string; materialIds: string[] };
  outcome?: 'revoke' | 'close';
}

/** Print only the letters (print CSS: body.print-letters), each on its own A4 page. */
function printLetters(e: Event) {
  const box = (e.currentTarget as HTMLElement).closest('.letters');
  box?.classList.add('letters--printing');
  document.body.classList.add('print-letters');
  window.print();
  document.body.classList.remove('print-letters');
  box?.classList.remove('letters--printing');
}

/** A letter's place on the page (the portal's list of letters served links to it). */
export const letterAnchor = (l: { title: string; servedAt: string }) =>
  `letter-${Date.parse(l.servedAt).toString(36)}-${l.title.length}`;

/** The letters served, each an A4 page when printed (print CSS: .letter). */
export function Letters({ letters, level = 3 }: { letters: Letter[]; level?: 3 | 4 }) {
  const H = level === 3 ? 'h3' : 'h4';
  if (!letters.length) return null;
  return (
    <div class="letters">
      <H>{t('rev.letters')}</H>
      {letters.map((l) => (
        <article
          class="letter"
          key={l.title + l.servedAt}
          id={letterAnchor(l)}
          tabIndex={-1}
          lang="zh-CN"
          data-testid="letter"
        >
          <h2 class="letter-title">{l.title}</h2>
          {l.sections.map((s) => (
            <section key={s.heading}>
              <h3 class="letter-heading">{s.heading}</h3>
              <p>
                <ServerText text={s.text} />
              </p>
            </section>
          ))}
          <p class="letter-served">{t('rev.servedAt', { at: formatDateTime(l.servedAt) })}</p>
        </article>
      ))}
      <p>
        <button type="button" class="button button--secondary" onClick={printLetters}>
          {t('rev.print')}
        </button>
      </p>
    </div>
  );
}

/** The candidate's cases for one exam, read from their own record. */
export function PortalRevocations({ r, session }: { r: CandidateRecord; session: Session }) {
  const [cases, setCases] = useState<CaseView[]>([]);
  useEffect(() => {
    let live = true;
    api<{ revocations?: CaseView[] }>(
      `/api/exams/${encodeURIComponent(r.examId)}/candidates/${encodeURIComponent(r.personId)}`,
      { session },
    )
      .then((d) => live && setCases(d.revocations ?? []))
      .catch(() => live && setCases([]));
    return () => {
      live = false;
    };
  }, [r.examId, r.personId]);
  return (
    <>
      {cases.map((c) => (
        <PortalCase
          key={c.caseId}
          c={c}
          session={session}
          onChanged={(n) => setCases((all) => all.map((x) => (x.caseId === n.caseId ? n : x)))}
        />
      ))}
    </>
  );
}

function PortalCase({
  c,
  session,
  onChanged,
}: {
  c: CaseView;
  session: Session;
  onChanged: (c: CaseView) => void;
}) {
  const id = `case-${c.caseId}`;
  return (
    <section class="case" id={id} tabIndex={-1} aria-labelledby={`${id}-h`} data-testid="revocation-case">
      <h3 id={`${id}-h`}>{t('rev.heading')}</h3>
      <p>
        <span
          class={`tag ${c.stage === 'approved' && c.outcome === 'revoke' ? 'tag--revoked' : 'tag--pending'}`}
        >
          {c.stage === 'approved' && c.outcome
            ? t(`rev.outcome.${c.outcome}`)
            : t(`rev.stage.${c.stage}` as MessageKey)}
        </span>
      </p>
      {c.stage === 'proposed' && c.defenceDue && (
        <p class="next-action" data-testid="revocation-next">
          {t('rev.act', { deadline: formatDeadline(c.defenceDue) })}
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>{t('rev.caseNo')}</dt>
          <dd class="mono">{c.caseId}</dd>
        </div>
        <div>
          <dt>{t('rev.groundLabel')}</dt>
          <dd>{t(`rev.ground.${c.ground}`)}</dd>
        </div>
        {c.defenceDue && (
          <div>
            <dt>{t('rev.defenceDue')}</dt>
            <dd>{formatDeadline(c.defenceDue)}</dd>
          </div>
        )}
      </dl>
      {c.defence && (
        <div>
          <h4>{t('rev.yourDefence')}</h4>
          {c.defence.waived ? <p>{t('rev.waived')}</p> : <p class="decision-note">{c.defence.statement}</p>}
        </div>
      )}
      {c.stage === 'proposed' && <DefenceForm c={c} session={session} onDone={onChanged} />}
      <Letters letters={c.letters} level={4} />
    </section>
  );
}

/** N1: answer or waive → check → confirm → the case number and what happens next. */
function DefenceForm({
  c,
  session,
  onDone,
}: {
  c: CaseView;
  session: Session;
  onDone: (c: CaseView) => void;
}) {
  const [choice, setChoice] = useState<'statement' | 'waive' | ''>('');
  const [statement, setStatement] = useState('');
  const [step, setStep] = useState<'form' | 'check' | 'done'>('form');
  const [sent, setSent] = useState<CaseView | null>(null);
  const focus = useRef<HTMLHeadingElement>(null);
  const id = (f: string) => `def-${c.caseId.replace(/[^A-Za-z0-9-]/g, '-')}-${f}`;
  // N1: the statement may come with the candidate's own materials, chosen or uploaded as for R10; the
  // form's errors and busy state are the materials part's, so an upload's refusal shows in its summary
  const own = useMaterialsForm(c.examId, session);
  const { errors, setErrors, busy, setBusy, chosen, picked } = own;
  useEffect(() => {
    if (step !== 'form') focus.current?.focus();
  }, [step]);

  function check(e: Event) {
    e.preventDefault();
    const p: FormError[] = [];
    if (!choice) p.push({ field: 'choice', message: t('rev.choiceRequired') });
    if (choice === 'statement' && !statement.trim())
      p.push({ field: 'statement', message: t('rev.statementRequired') });
    if (statement.trim().length > STATEMENT_MAX)
      p.push({ field: 'statement', message: t('rev.statementTooLong', { n: STATEMENT_MAX }) });
    setErrors(p);
    if (!p.length) setStep('check');
  }

  async function confirm() {
    setBusy(true);
    setErrors([]);
    try {
      const next = await api<CaseView>(`/api/revocations/${encodeURIComponent(c.caseId)}/defence`, {
        method: 'POST',
        body: choice === 'waive' ? { waive: true } : { statement, materialIds: chosen },
        session,
      });
      setSent(next);
      setStep('done');
    } catch (err) {
      setErrors(
        errorsFrom(err, ['statement', 'choice', 'materialIds']).map((x) =>
          x.field?.startsWith('materialIds') ? { ...x, field: id('materialIds') } : x,
        ),
      );
      setStep('form');
    } finally {
      setBusy(false);
    }
  }

  if (step === 'done' && sent)
    return (
      <div class="panel--confirmation" role="status" data-testid="defence-done">
        <h4 ref={focus} tabIndex={-1}>
          {t('rev.doneTitle')}
        </h4>
        <p>{t('rev.doneRef', { ref: c.caseId })}</p>
        <p>{t('rev.doneNext')}</p>
        <p>
          <button type="button" class="button button--secondary" onClick={() => onDone(sent)}>
            {t('rev.continue')}
          </button>
        </p>
      </div>
    );
  if (step === 'check')
    return (
      <div class="panel" data-testid="defence-check">
        <h4 ref={focus} tabIndex={-1}>
          {t('rev.checkTitle')}
        </h4>
        <dl class="facts">
          <div>
            <dt>{t('rev.choice')}</dt>
            <dd>{t(choice === 'waive' ? 'rev.choice.waive' : 'rev.choice.statement')}</dd>
          </div>
          {choice === 'statement' && (
            <div>
              <dt>{t('rev.statement')}</dt>
              <dd class="decision-note">{statement.trim() || t('rev.none')}</dd>
            </div>
          )}
          {choice === 'statement' && (
            <div>
              <dt>{t('rev.materials')}</dt>
              <dd>
                {picked.length ? (
                  <ul>
                    {picked.map((m) => (
                      <li key={m.materialId}>{m.name}</li>
                    ))}
                  </ul>
                ) : (
                  t('rev.none')
                )}
              </dd>
            </div>
          )}
        </dl>
        <p>{t('rev.checkLead')}</p>
        <CheckActions
          busy={busy}
          confirm={t('rev.confirm')}
          change={t('rev.change')}
          working={t('rev.sending')}
          onConfirm={() => void confirm()}
          onChange={() => setStep('form')}
        />
      </div>
    );
  const choiceError = errorFor(errors, 'choice');
  return (
    <form class="panel" onSubmit={check} noValidate data-testid="defence-form">
      <h4>{t('rev.defenceTitle')}</h4>
      <p class="hint">{t('rev.defenceLead')}</p>
      <ErrorSummary errors={errors} />
      <RadioField
        id="choice"
        legend={t('rev.choice')}
        options={(['statement', 'waive'] as const).map((o) => [o, t(`rev.choice.${o}`)] as const)}
        value={choice}
        onValue={setChoice}
        error={choiceError}
      />
      {choice === 'statement' && (
        <TextAreaField
          id="statement"
          label={t('rev.statement')}
          hint={t('rev.statementHint', { n: STATEMENT_MAX })}
          error={errorFor(errors, 'statement')}
          value={statement}
          onValue={setStatement}
          rows={6}
          maxLength={STATEMENT_MAX}
        />
      )}
      {choice === 'statement' && (
        <MaterialsChooser f={own} id={id} legend={t('sup.materials')} hint={t('sup.materialsHint')} />
      )}
      <button type="submit" class="button">
        {t('rev.continue')}
      </button>
    </form>
  );
}
