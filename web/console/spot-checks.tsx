/**
 * Random spot checks (R23, R24) on an exam's page: the provincial verifier (or association) draws N
 * candidates from a filter, with a seed that is recorded (the same seed and filter draw the same
 * sample); everyone who sees the exam reads the draws and their samples (a city's verifier: its city's).
 */
import { useState } from 'preact/hooks';
import { henanCities } from '../../functions/domain/regions.js';
import { MAX_SPOT_SAMPLE } from '../../functions/domain/spot-checks.js';
import { api } from '../api.js';
import {
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  type FormError,
  SelectField,
  ServerText,
  StatusTag,
  TableScroll,
} from '../components.js';
import { formatDateTime, formatNumber } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateStatus } from '../types.js';
import { consoleSession, useApi } from './data.js';
import { Link } from './link.js';
import { href } from './router.js';
import './messages.js';

interface DrawSummary {
  drawId: string;
  seed: string;
  size: number;
  filter: { city?: string; status?: string; check?: string };
  reason?: string;
  by: { deptName: string };
  at: string;
  status: 'drawing' | 'marking' | 'done';
  drawn: number | null;
  considered?: number;
}
interface DrawDetail extends DrawSummary {
  sample: {
    personId: string;
    candidateNo: string | null;
    name: string;
    idNumberMasked: string;
    cityName: string;
    status: CandidateStatus;
  }[];
}

const CHECKS = ['any', 'education', 'major', 'workYears'] as const;
const RESULTS = ['failed', 'manual', 'passed'] as const;
/** `any:manual` → 任一项：需人工核查 */
const checkLabel = (v: string) => {
  const [item, result] = v.split(':');
  return `${t(`spot.item.${item as (typeof CHECKS)[number]}`)}：${t(`check.${result as (typeof RESULTS)[number]}`)}`;
};

export function ExamSpotChecks({ examId, mayDraw }: { examId: string; mayDraw: boolean }) {
  const [version, setVersion] = useState(0);
  const base = `/api/exams/${encodeURIComponent(examId)}/spot-checks`;
  const { data } = useApi<{ items: DrawSummary[] }>(base, {}, version);
  const [open, setOpen] = useState<string | null>(null);
  const [size, setSize] = useState('20');
  const [seed, setSeed] = useState('');
  const [city, setCity] = useState('');
  const [check, setCheck] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    try {
      const r = await api<{ drawId: string }>(base, {
        method: 'POST',
        body: {
          size: Number(size),
          ...(seed.trim() ? { seed: seed.trim() } : {}),
          filter: { ...(city ? { city } : {}), ...(check ? { check } : {}) },
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
        session: consoleSession,
      });
      setErrors([]);
      setOpen(r.drawId);
      // the job draws in the background: look again shortly
      setTimeout(() => setVersion((v) => v + 1), 1500);
      setVersion((v) => v + 1);
    } catch (e) {
      setErrors(errorsFrom(e, ['size', 'seed', 'filter.city', 'filter.check', 'reason']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="spot-title" class="section" data-testid="spot-checks">
      <h2 id="spot-title">{t('spot.heading')}</h2>
      <p class="hint">{t('spot.intro')}</p>
      {mayDraw && (
        <form
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void submit();
          }}
        >
          <ErrorSummary errors={errors} />
          <Field
            id="size"
            label={t('spot.size')}
            hint={t('spot.sizeHint', { max: formatNumber(MAX_SPOT_SAMPLE) })}
            value={size}
            onValue={setSize}
            inputMode="numeric"
            width="short"
            error={errorFor(errors, 'size')}
          />
          <SelectField
            id="filter.city"
            label={t('spot.city')}
            value={city}
            onValue={setCity}
            placeholder={t('spot.allCities')}
            options={[...henanCities]}
            error={errorFor(errors, 'filter.city')}
          />
          <SelectField
            id="filter.check"
            label={t('spot.check')}
            value={check}
            onValue={setCheck}
            placeholder={t('spot.anyCheck')}
            options={CHECKS.flatMap((c) =>
              RESULTS.map(
                (r) => [`${c}:${r}`, `${t(`spot.item.${c}`)}：${t(`check.${r}`)}`] as [string, string],
              ),
            )}
            error={errorFor(errors, 'filter.check')}
          />
          <Field
            id="seed"
            label={t('spot.seed')}
            hint={t('spot.seedHint')}
            value={seed}
            onValue={setSeed}
            width="medium"
            spellcheck={false}
            error={errorFor(errors, 'seed')}
          />
          <Field
            id="reason"
            label={t('spot.reason')}
            value={reason}
            onValue={setReason}
            maxLength={500}
            error={errorFor(errors, 'reason')}
          />
          <button type="submit" class="button" disabled={busy}>
            {t('spot.draw')}
          </button>
        </form>
      )}
      {data && data.items.length > 0 ? (
        <ul class="spot-draws" data-testid="spot-draws">
          {data.items.map((d) => (
            <li key={d.drawId}>
              <p>
                <strong>{formatDateTime(d.at)}</strong> · <ServerText text={d.by.deptName} /> ·{' '}
                {d.status === 'done'
                  ? t('spot.drawnOf', { n: formatNumber(d.drawn ?? 0), of: formatNumber(d.considered ?? 0) })
                  : t('spot.working')}
              </p>
              <p class="hint">
                {t('spot.seedIs')} <span class="mono">{d.seed}</span>
                {d.filter.city ? ` · ${henanCities.get(d.filter.city) ?? d.filter.city}` : ''}
                {d.filter.check ? ` · ${checkLabel(d.filter.check)}` : ''}
                {d.reason ? ' · ' : ''}
                {d.reason && <ServerText text={d.reason} />}
              </p>
              <button
                type="button"
                class="button button--secondary"
                aria-expanded={open === d.drawId}
                onClick={() => setOpen(open === d.drawId ? null : d.drawId)}
              >
                {open === d.drawId ? t('spot.hide') : t('spot.show')}
              </button>
              {open === d.drawId && <DrawSample examId={examId} drawId={d.drawId} version={version} />}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('spot.none')}</p>
      )}
    </section>
  );
}

function DrawSample({ examId, drawId, version }: { examId: string; drawId: string; version: number }) {
  const { data } = useApi<DrawDetail>(
    `/api/exams/${encodeURIComponent(examId)}/spot-checks/${encodeURIComponent(drawId)}`,
    {},
    version,
  );
  if (!data) return null;
  if (data.status !== 'done') return <p class="hint">{t('spot.working')}</p>;
  const id = `sample-${drawId}`;
  return (
    <TableScroll labelledBy={id}>
      <table class="table" data-testid="spot-sample">
        <caption id={id} class="visually-hidden">
          {t('spot.sample')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('rec.candidateNo')}</th>
            <th scope="col">{t('rec.name')}</th>
            <th scope="col">{t('rec.idNumber')}</th>
            <th scope="col">{t('rec.city')}</th>
            <th scope="col">{t('rec.status')}</th>
          </tr>
        </thead>
        <tbody>
          {data.sample.map((s) => (
            <tr key={s.personId}>
              <td class="mono">{s.candidateNo ?? '—'}</td>
              <td>
                <Link to={href({ view: 'candidate', exam: examId, person: s.personId })}>{s.name}</Link>
              </td>
              <td class="mono">{s.idNumberMasked}</td>
              <td>{s.cityName}</td>
              <td>
                <StatusTag status={s.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
