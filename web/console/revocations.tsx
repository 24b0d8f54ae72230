/**
 * The candidate page's revocation cases (R14, R15, N1): open a case (facts, ground, the articles of
 * 人社部令第31号, a referral, evidence) after a check step; serve the proposed decision (letter + SMS);
 * decide once the defence period is over (or waived); approve as a second staff member of the deciding
 * department (four eyes). Each case shows its stage, the candidate's answer and the letters served.
 * The server decides every rule; its refusals (with the period's end) are shown.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import {
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  type FormError,
  Loading,
  Problem,
  RadioField,
  ServerText,
  TextAreaField,
} from '../components.js';
import { formatDateTime, formatDeadline } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import { type CaseView, Letters } from '../portal/revocation.js';
import type { CandidateView, Department } from '../types.js';
import { consoleSession, useApi } from './data.js';
import './messages.js';

type StaffRef = { username: string; deptId: string; deptName: string };
interface StaffCase extends CaseView {
  facts: string;
  evidence?: string;
  referredToJudiciary: boolean;
  openedBy: StaffRef;
  openedAt: string;
  proposal?: { defenceDue: string; defence: { workingDays: number; source: string }; servedAt: string };
  decision?: { outcome: 'revoke' | 'close'; reasons: string; at: string; by: StaffRef };
  approval?: { at: string; by: StaffRef };
}

const mayRevoke = (d: Department) =>
  d.kind === 'hr' || d.kind === 'provincialVerifier' || d.kind === 'association';

/** The case's place on the candidate page (the work list and the queue link to it). */
export const caseAnchor = (caseId: string) => `case-${caseId.replace(/[^A-Za-z0-9-]/g, '-')}`;

export function CandidateRevocations({ c, department }: { c: CandidateView; department: Department }) {
  const [tick, setTick] = useState(0);
  const url = `/api/exams/${encodeURIComponent(c.examId)}/candidates/${encodeURIComponent(c.personId)}`;
  const { data, error, loading } = useApi<{ revocations?: StaffCase[]; status: string }>(
    url,
    {},
    `${c.updatedAt}#${tick}`,
  );
  const reload = () => setTick((n) => n + 1);
  const cases = data?.revocations ?? [];
  const open = cases.some((x) => x.stage !== 'approved');
  return (
    <section class="section" aria-labelledby="revocations-title" data-testid="revocations">
      <h2 id="revocations-title">
        {t('crev.heading')} <span class="rule">R14 · R15 · N1</span>
      </h2>
      {loading && !data && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {data && !cases.length && <p>{t('crev.none')}</p>}
      {cases.map((x) => (
        <StaffCaseView key={x.caseId} x={x} department={department} onChanged={reload} />
      ))}
      {data && mayRevoke(department) && data.status !== 'revoked' && !open && (
        <OpenCase c={c} onOpened={reload} />
      )}
    </section>
  );
}

function StaffCaseView({
  x,
  department,
  onChanged,
}: {
  x: StaffCase;
  department: Department;
  onChanged: () => void;
}) {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<'proposal' | 'approval' | null>(null);
  const own = x.openedBy.deptId === department.id;
  async function act(step: 'proposal' | 'approval') {
    setBusy(true);
    setErrors([]);
    try {
      await api(`/api/revocations/${encodeURIComponent(x.caseId)}/${step}`, {
        method: 'POST',
        body: {},
        session: consoleSession,
      });
      setConfirming(null);
      onChanged();
    } catch (err) {
      setErrors(errorsFrom(err, []));
    } finally {
      setBusy(false);
    }
  }
  const decidable = own && ['proposed', 'defended', 'waived', 'defencePeriodOver'].includes(x.stage);
  return (
    <article
      class="panel case"
      id={caseAnchor(x.caseId)}
      tabIndex={-1}
      data-testid="revocation-case"
      aria-label={`${t('crev.case')} ${x.caseId}`}
    >
      <h3>
        {t('crev.case')} <span class="mono">{x.caseId.split('.').at(-1)}</span>{' '}
        <span class="tag tag--pending" data-testid="case-stage">
          {x.stage === 'approved' && x.decision
            ? t(`rev.outcome.${x.decision.outcome}`)
            : t(`rev.stage.${x.stage}` as MessageKey)}
        </span>
      </h3>
      <dl class="facts">
        <div>
          <dt>{t('rev.groundLabel')}</dt>
          <dd>
            {t(`rev.ground.${x.ground}`)}
            {x.articles.length > 0 && ` · ${t('crev.articlesOf', { a: x.articles.join('、') })}`}
            {x.referredToJudiciary && ` · ${t('crev.referred')}`}
          </dd>
        </div>
        <div>
          <dt>{t('crev.facts')}</dt>
          <dd class="decision-note">
            <ServerText text={x.facts} />
          </dd>
        </div>
        {x.evidence && (
          <div>
            <dt>{t('crev.evidence')}</dt>
            <dd class="decision-note">
              <ServerText text={x.evidence} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('crev.opened')}</dt>
          <dd>
            <ServerText text={x.openedBy.deptName} /> · {formatDateTime(x.openedAt)}
          </dd>
        </div>
        {x.proposal && (
          <div>
            <dt>{t('rev.defenceDue')}</dt>
            <dd>
              {formatDeadline(x.proposal.defenceDue)} · <ServerText text={x.proposal.defence.source} />
            </dd>
          </div>
        )}
        {x.defence && (
          <div>
            <dt>{t('crev.defence')}</dt>
            <dd class="decision-note">
              {x.defence.waived ? t('rev.choice.waive') : <ServerText text={x.defence.statement ?? ''} />}
              {x.defence.materialIds.length > 0 &&
                ` · ${t('crev.materials', { n: x.defence.materialIds.length })}`}
            </dd>
          </div>
        )}
        {x.decision && (
          <div>
            <dt>{t('crev.decision')}</dt>
            <dd class="decision-note">
              {t(`rev.outcome.${x.decision.outcome}`)}：<ServerText text={x.decision.reasons} />（
              {x.decision.by.username} · {formatDateTime(x.decision.at)}）
            </dd>
          </div>
        )}
        {x.approval && (
          <div>
            <dt>{t('crev.approval')}</dt>
            <dd>
              {x.approval.by.username} · {formatDateTime(x.approval.at)}
            </dd>
          </div>
        )}
      </dl>
      <ErrorSummary errors={errors} />
      {own && x.stage === 'opened' && (
        <Confirmable
          label={t('crev.serve')}
          lead={t('crev.serveLead')}
          confirmLabel={t('crev.serveConfirm')}
          open={confirming === 'proposal'}
          busy={busy}
          onOpen={() => setConfirming('proposal')}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void act('proposal')}
        />
      )}
      {decidable && <DecideForm x={x} onDecided={onChanged} />}
      {x.stage === 'decided' && x.decision?.by.deptId === department.id && (
        <Confirmable
          label={t('crev.approve')}
          lead={t('crev.approveLead', { by: x.decision.by.username })}
          confirmLabel={t('crev.approveConfirm')}
          open={confirming === 'approval'}
          busy={busy}
          onOpen={() => setConfirming('approval')}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void act('approval')}
        />
      )}
      <Letters letters={x.letters} level={4} />
    </article>
  );
}

/** A legal act is never one click away: the button, then what it does and a confirm. */
function Confirmable(p: {
  label: string;
  lead: string;
  confirmLabel: string;
  open: boolean;
  busy: boolean;
  onOpen: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  if (!p.open)
    return (
      <p>
        <button type="button" class="button button--secondary" onClick={p.onOpen}>
          {p.label}
        </button>
      </p>
    );
  return (
    <div class="panel">
      <p>{p.lead}</p>
      <CheckActions
        busy={p.busy}
        confirm={p.confirmLabel}
        change={t('crev.cancel')}
        working={t('crev.working')}
        onConfirm={p.onConfirm}
        onChange={p.onCancel}
      />
    </div>
  );
}

/** N1: revoke or close, with reasons, then a check step. */
function DecideForm({ x, onDecided }: { x: StaffCase; onDecided: () => void }) {
  const [outcome, setOutcome] = useState<'revoke' | 'close' | ''>('');
  const [reasons, setReasons] = useState('');
  const [check, setCheck] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  function next(e: Event) {
    e.preventDefault();
    const p: FormError[] = [];
    if (!outcome) p.push({ field: `outcome-${x.caseId}`, message: t('crev.outcomeRequired') });
    if (!reasons.trim()) p.push({ field: `reasons-${x.caseId}`, message: t('crev.reasonsRequired') });
    setErrors(p);
    setCheck(!p.length);
  }
  async function confirm() {
    setBusy(true);
    try {
      await api(`/api/revocations/${encodeURIComponent(x.caseId)}/decision`, {
        method: 'POST',
        body: { outcome, reasons },
        session: consoleSession,
      });
      onDecided();
    } catch (err) {
      setErrors(errorsFrom(err, []));
      setCheck(false);
    } finally {
      setBusy(false);
    }
  }
  if (check)
    return (
      <div class="panel" data-testid="case-decision-check">
        <h4>{t('crev.checkTitle')}</h4>
        <p>
          {outcome && t(`rev.outcome.${outcome}`)}：{reasons.trim()}
        </p>
        <p>{t('crev.checkLead')}</p>
        <CheckActions
          busy={busy}
          confirm={t('crev.decideConfirm')}
          change={t('crev.cancel')}
          working={t('crev.working')}
          onConfirm={() => void confirm()}
          onChange={() => setCheck(false)}
        />
      </div>
    );
  const outcomeError = errorFor(errors, `outcome-${x.caseId}`);
  return (
    <form class="panel" onSubmit={next} noValidate data-testid="case-decision-form">
      <h4>{t('crev.decideTitle')}</h4>
      <ErrorSummary errors={errors} />
      <fieldset
        class={`fieldset${outcomeError ? ' field--error' : ''}`}
        id={`outcome-${x.caseId}`}
        tabIndex={-1}
      >
        <legend class="label">{t('crev.decision')}</legend>
        {outcomeError && <p class="field-error">{outcomeError.message}</p>}
        {(['revoke', 'close'] as const).map((o) => (
          <div class="checkbox" key={o}>
            <input
              id={`o-${x.caseId}-${o}`}
              type="radio"
              name={`o-${x.caseId}`}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            <label for={`o-${x.caseId}-${o}`}>{t(`rev.outcome.${o}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextAreaField
        id={`reasons-${x.caseId}`}
        label={t('crev.reasons')}
        hint={t('crev.reasonsHint')}
        error={errorFor(errors, `reasons-${x.caseId}`)}
        value={reasons}
        onValue={setReasons}
        rows={4}
        maxLength={2000}
      />
      <button type="submit" class="button">
        {t('crev.continue')}
      </button>
    </form>
  );
}

/** R14, R15: open a case, then check it before it is recorded. */
function OpenCase({ c, onOpened }: { c: CandidateView; onOpened: () => void }) {
  const [shown, setShown] = useState(false);
  const [facts, setFacts] = useState('');
  const [ground, setGround] = useState<'R14' | 'R15' | ''>('');
  const [articles, setArticles] = useState<number[]>([]);
  const [referred, setReferred] = useState(false);
  const [evidence, setEvidence] = useState('');
  const [check, setCheck] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  if (!shown)
    return (
      <p>
        <button type="button" class="button button--secondary" onClick={() => setShown(true)}>
          {t('crev.open')}
        </button>
      </p>
    );
  function next(e: Event) {
    e.preventDefault();
    const p: FormError[] = [];
    if (!facts.trim()) p.push({ field: 'facts', message: t('crev.factsRequired') });
    if (!ground) p.push({ field: 'ground', message: t('crev.groundRequired') });
    if (ground === 'R15' && !articles.length)
      p.push({ field: 'articles', message: t('crev.articlesRequired') });
    setErrors(p);
    setCheck(!p.length);
  }
  async function confirm() {
    setBusy(true);
    try {
      await api(
        `/api/exams/${encodeURIComponent(c.examId)}/candidates/${encodeURIComponent(c.personId)}/revocations`,
        {
          method: 'POST',
          body: {
            facts,
            ground,
            ...(ground === 'R15' ? { articles, referredToJudiciary: referred } : {}),
            ...(evidence.trim() ? { evidence } : {}),
          },
          session: consoleSession,
        },
      );
      onOpened();
    } catch (err) {
      setErrors(errorsFrom(err, ['facts', 'ground', 'articles', 'evidence']));
      setCheck(false);
    } finally {
      setBusy(false);
    }
  }
  if (check)
    return (
      <div class="panel" data-testid="open-case-check">
        <h3>{t('crev.checkOpenTitle')}</h3>
        <dl class="facts">
          <div>
            <dt>{t('rev.groundLabel')}</dt>
            <dd>
              {ground && t(`rev.ground.${ground}`)}
              {ground === 'R15' && ` · ${t('crev.articlesOf', { a: articles.join('、') })}`}
              {ground === 'R15' && referred && ` · ${t('crev.referred')}`}
            </dd>
          </div>
          <div>
            <dt>{t('crev.facts')}</dt>
            <dd class="decision-note">{facts.trim()}</dd>
          </div>
          <div>
            <dt>{t('crev.evidence')}</dt>
            <dd class="decision-note">{evidence.trim() || '—'}</dd>
          </div>
        </dl>
        <p>{t('crev.checkOpenLead')}</p>
        <CheckActions
          busy={busy}
          confirm={t('crev.openConfirm')}
          change={t('crev.change')}
          working={t('crev.working')}
          onConfirm={() => void confirm()}
          onChange={() => setCheck(false)}
        />
      </div>
    );
  const groundError = errorFor(errors, 'ground');
  const articlesError = errorFor(errors, 'articles');
  return (
    <form class="panel" onSubmit={next} noValidate data-testid="open-case-form">
      <h3>{t('crev.openTitle')}</h3>
      <p class="hint">{t('crev.openLead')}</p>
      <ErrorSummary errors={errors} />
      <RadioField
        id="ground"
        legend={t('rev.groundLabel')}
        options={(['R14', 'R15'] as const).map((g) => [g, t(`rev.ground.${g}`)] as const)}
        value={ground}
        onValue={setGround}
        error={groundError}
      />
      {ground === 'R15' && (
        <fieldset class={`fieldset${articlesError ? ' field--error' : ''}`} id="articles" tabIndex={-1}>
          <legend class="label">{t('crev.articles')}</legend>
          {articlesError && <p class="field-error">{articlesError.message}</p>}
          {[10, 12].map((a) => (
            <div class="checkbox" key={a}>
              <input
                id={`article-${a}`}
                type="checkbox"
                checked={articles.includes(a)}
                onChange={() =>
                  setArticles((xs) => (xs.includes(a) ? xs.filter((y) => y !== a) : [...xs, a].sort()))
                }
              />
              <label for={`article-${a}`}>{t('crev.articlesOf', { a })}</label>
            </div>
          ))}
          <div class="checkbox">
            <input id="referred" type="checkbox" checked={referred} onChange={() => setReferred(!referred)} />
            <label for="referred">{t('crev.referred')}</label>
          </div>
        </fieldset>
      )}
      <TextAreaField
        id="facts"
        label={t('crev.facts')}
        hint={t('crev.factsHint')}
        error={errorFor(errors, 'facts')}
        value={facts}
        onValue={setFacts}
        rows={4}
        maxLength={2000}
      />
      <TextAreaField
        id="evidence"
        label={t('crev.evidence')}
        hint={t('crev.evidenceHint')}
        error={errorFor(errors, 'evidence')}
        value={evidence}
        onValue={setEvidence}
        rows={3}
        maxLength={2000}
      />
      <div class="button-group">
        <button type="submit" class="button">
          {t('crev.continue')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => setShown(false)}>
          {t('crev.cancel')}
        </button>
      </div>
    </form>
  );
}
