/**
 * Mail booking in the portal (R18, R19): for a qualified candidate of a paper-certificate exam, the
 * window (opens with the announcement that qualified them, closes at bookingCloses — both shown as every
 * deadline is shown), then recipient, phone twice, province → city → county, street, postcode and
 * postage paid on delivery (explained, with the usual amount) — check your answers → confirm → the
 * reference and what happens next. Change the address or cancel until the booking is locked for
 * dispatch or the window closes. China's divisions come from /divisions.json, loaded only when the
 * form opens (not part of the portal's script). The server checks everything again.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Booking } from '../../functions/domain/booking.js';
import { ApiError, api, type Session } from '../api.js';
import {
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  type FormError,
  Problem,
  SelectField,
} from '../components.js';
import { formatDateTime, formatDeadline } from '../format.js';
import { t } from '../i18n.js';
import type { CandidateRecord, Phase } from '../types.js';
import { ReceiptPanel } from './materials.js';
import './messages.js';

/** What GET, PUT and DELETE /api/exams/{examId}/booking answer. */
export interface BookingAnswer {
  booking: Booking | null;
  window: { opensAt: string; closesAt: string; closes: { date: string }; open: boolean } | null;
  cod: { min: number; max: number };
  next: string | null;
}

const fields = [
  'recipient',
  'phone',
  'phoneConfirm',
  'districtCode',
  'street',
  'postcode',
  'codAcknowledged',
] as const;
type Form = Record<Exclude<(typeof fields)[number], 'codAcknowledged'>, string> & {
  province: string;
  city: string;
  codAcknowledged: boolean;
};

/** The phases in which a booking is made, changed or shown (booked: waiting for arrival or dispatch). */
const bookingPhases: readonly Phase[] = ['booking', 'arrival', 'dispatch'];

let divisions: Promise<Record<string, string>> | null = null;
/** China's divisions, code → name, loaded once on demand. */
function loadDivisions(): Promise<Record<string, string>> {
  divisions ??= fetch('/divisions.json').then((r) => {
    if (!r.ok) throw new ApiError(r.status, 'INTERNAL', t('error.generic'), [], false);
    return r.json() as Promise<Record<string, string>>;
  });
  divisions.catch(() => {
    divisions = null;
  });
  return divisions;
}

/** The options under a parent code: provinces (2 digits), cities (4), counties (6; a city without counties is its own). */
function childrenOf(names: Record<string, string>, parent: string): [string, string][] {
  const len = parent.length === 0 ? 2 : parent.length === 2 ? 4 : 6;
  return Object.entries(names)
    .filter(([code]) => code.length === len && code.startsWith(parent))
    .sort(([a], [b]) => a.localeCompare(b));
}

const formOf = (r: CandidateRecord, b: Booking | null): Form => ({
  recipient: b?.recipient ?? r.name,
  phone: b?.phone ?? '',
  phoneConfirm: b?.phone ?? '',
  province: b ? b.districtCode.slice(0, 2) : '',
  city: b ? b.districtCode.slice(0, 4) : '',
  districtCode: b?.districtCode ?? '',
  street: b?.street ?? '',
  postcode: b?.postcode ?? '',
  codAcknowledged: false,
});

export function PortalBooking({
  r,
  session,
  onChanged,
}: {
  r: CandidateRecord;
  session: Session;
  /** the booking moved the lifecycle on (R18): the record's next step is read again */
  onChanged?: (() => void) | undefined;
}) {
  const shown =
    r.status === 'qualified' && r.certificateKind === 'paper' && !!r.phase && bookingPhases.includes(r.phase);
  const base = `/api/exams/${encodeURIComponent(r.examId)}/booking`;
  const [data, setData] = useState<BookingAnswer | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [step, setStep] = useState<'view' | 'form' | 'check' | 'done' | 'cancel'>('view');
  const [form, setForm] = useState<Form>(formOf(r, null));
  const [names, setNames] = useState<Record<string, string> | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const id = (x: string) => `bk-${r.examId}-${x}`;

  useEffect(() => {
    if (!shown) return;
    api<BookingAnswer>(base, { session }).then(setData, setProblem);
  }, [r.examId, shown]);

  if (!shown) return null;
  if (problem) return <Problem error={problem} />;
  if (!data) return null;
  const b = data.booking;
  const w = data.window;
  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  function open() {
    setForm(formOf(r, b));
    setErrors([]);
    setStep('form');
    loadDivisions().then(setNames, setProblem);
  }

  async function send(method: 'PUT' | 'DELETE') {
    setBusy(true);
    try {
      const { province: _p, city: _c, ...body } = form;
      const answer = await api<BookingAnswer>(base, {
        session,
        method,
        ...(method === 'PUT' ? { body } : {}),
      });
      setData(answer);
      setErrors([]);
      setStep(method === 'PUT' ? 'done' : 'view');
      onChanged?.();
    } catch (e) {
      const found = errorsFrom(e, fields).map((x) => (x.field ? { ...x, field: id(x.field) } : x));
      setErrors(found);
      setStep(method === 'PUT' && found.some((x) => x.field) ? 'form' : 'view');
    } finally {
      setBusy(false);
    }
  }

  /** The browser's own checks, so the person fixes what they can before sending (the server checks again). */
  function check(): FormError[] {
    const out: FormError[] = [];
    const need = (ok: boolean, field: string, key: Parameters<typeof t>[0]) => {
      if (!ok) out.push({ field: id(field), message: t(key) });
    };
    need(form.recipient.trim().length >= 2 && !/\d/.test(form.recipient), 'recipient', 'bk.err.recipient');
    need(/^1[3-9]\d{9}$/.test(form.phone.trim()), 'phone', 'bk.err.phone');
    need(form.phoneConfirm.trim() === form.phone.trim(), 'phoneConfirm', 'bk.err.phoneConfirm');
    need(/^\d{6}$/.test(form.districtCode), 'districtCode', 'bk.err.district');
    need(form.street.trim().length >= 4 && form.street.trim().length <= 120, 'street', 'bk.err.street');
    need(/^\d{6}$/.test(form.postcode.trim()), 'postcode', 'bk.err.postcode');
    need(form.codAcknowledged, 'codAcknowledged', 'bk.err.cod');
    return out;
  }

  const place = (x: Pick<Booking, 'provinceName' | 'cityName' | 'districtName' | 'street'>) =>
    [x.provinceName, x.cityName === x.districtName ? '' : x.cityName, x.districtName, ` ${x.street}`].join(
      '',
    );
  const chosen = names
    ? {
        provinceName: names[form.province] ?? '',
        cityName: names[form.city] ?? '',
        districtName: names[form.districtCode] ?? '',
        street: form.street.trim(),
      }
    : null;
  const cod = t('bk.codText', { min: data.cod.min, max: data.cod.max });

  if (step === 'done' && b)
    return (
      <>
        <ReceiptPanel
          testid="booking"
          title={t(b.changedAt ? 'bk.changedTitle' : 'bk.doneTitle')}
          receipt={{ reference: b.reference, submittedAt: b.changedAt ?? b.bookedAt, deadline: '', next: '' }}
          next={data.next ?? ''}
        />
        <button type="button" class="link-button" onClick={() => setStep('view')}>
          {t('bk.back')}
        </button>
      </>
    );

  return (
    <section class="booking" aria-labelledby={id('title')} data-testid="booking">
      <h3 id={id('title')}>{t('bk.title')}</h3>
      {w && (
        <p data-testid="booking-window">
          {t('bk.window', { opens: formatDateTime(w.opensAt) })}
          <strong class="deadline-when">{formatDeadline(w.closes.date)}</strong>
          {t('bk.windowEnd')}
        </p>
      )}
      <ErrorSummary errors={errors} />
      {step === 'view' &&
        (b ? (
          <>
            <dl class="facts" data-testid="booking-facts">
              <div>
                <dt>{t('bk.reference')}</dt>
                <dd class="mono" data-testid="booking-reference">
                  {b.reference}
                </dd>
              </div>
              <div>
                <dt>{t('bk.recipient')}</dt>
                <dd>
                  {b.recipient} · <span class="mono">{b.phone}</span>
                </dd>
              </div>
              <div>
                <dt>{t('bk.address')}</dt>
                <dd data-testid="booking-address">
                  {place(b)}（{b.postcode}）
                </dd>
              </div>
              <div>
                <dt>{t('bk.state')}</dt>
                <dd>{b.lockedAt ? t('bk.locked', { at: formatDateTime(b.lockedAt) }) : t('bk.unlocked')}</dd>
              </div>
            </dl>
            {!b.lockedAt && w?.open && (
              <div class="button-group">
                <button type="button" class="button button--secondary" onClick={open}>
                  {t('bk.change')}
                </button>
                <button type="button" class="button button--secondary" onClick={() => setStep('cancel')}>
                  {t('bk.cancel')}
                </button>
              </div>
            )}
          </>
        ) : w?.open ? (
          <>
            <p>{t('bk.intro')}</p>
            <p>{cod}</p>
            <button type="button" class="button" onClick={open}>
              {t('bk.start')}
            </button>
          </>
        ) : (
          <p>{t('bk.closed')}</p>
        ))}
      {step === 'cancel' && b && (
        <>
          <p>{t('bk.cancelAsk', { ref: b.reference })}</p>
          <CheckActions
            busy={busy}
            confirm={t('bk.cancelConfirm')}
            change={t('bk.cancelKeep')}
            working={t('sup.working')}
            onConfirm={() => void send('DELETE')}
            onChange={() => setStep('view')}
          />
        </>
      )}
      {step === 'check' && chosen && (
        <>
          <h4>{t('bk.checkTitle')}</h4>
          <dl class="facts">
            <div>
              <dt>{t('bk.recipient')}</dt>
              <dd>{form.recipient.trim()}</dd>
            </div>
            <div>
              <dt>{t('bk.phone')}</dt>
              <dd class="mono">{form.phone.trim()}</dd>
            </div>
            <div>
              <dt>{t('bk.address')}</dt>
              <dd>
                {place(chosen)}（{form.postcode.trim()}）
              </dd>
            </div>
            <div>
              <dt>{t('bk.cod')}</dt>
              <dd>{cod}</dd>
            </div>
          </dl>
          <CheckActions
            busy={busy}
            confirm={t('bk.confirm')}
            change={t('sup.change')}
            working={t('sup.working')}
            onConfirm={() => void send('PUT')}
            onChange={() => setStep('form')}
          />
        </>
      )}
      {step === 'form' && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const found = check();
            setErrors(found);
            if (!found.length) setStep('check');
          }}
        >
          <Field
            id={id('recipient')}
            label={t('bk.recipient')}
            hint={t('bk.recipientHint')}
            error={errorFor(errors, id('recipient'))}
            value={form.recipient}
            onValue={set('recipient')}
            autoComplete="name"
            maxLength={30}
            width="medium"
          />
          <Field
            id={id('phone')}
            label={t('bk.phone')}
            hint={t('bk.phoneHint')}
            error={errorFor(errors, id('phone'))}
            value={form.phone}
            onValue={set('phone')}
            type="tel"
            inputMode="numeric"
            autoComplete="tel"
            maxLength={11}
            width="medium"
          />
          <Field
            id={id('phoneConfirm')}
            label={t('bk.phoneConfirm')}
            error={errorFor(errors, id('phoneConfirm'))}
            value={form.phoneConfirm}
            onValue={set('phoneConfirm')}
            type="tel"
            inputMode="numeric"
            autoComplete="tel"
            maxLength={11}
            width="medium"
          />
          <SelectField
            id={id('province')}
            label={t('bk.province')}
            value={form.province}
            onValue={(v) => setForm((f) => ({ ...f, province: v, city: '', districtCode: '' }))}
            options={names ? childrenOf(names, '') : []}
            placeholder={names ? t('bk.choose') : t('bk.loading')}
            disabled={!names}
          />
          <SelectField
            id={id('city')}
            label={t('bk.city')}
            value={form.city}
            onValue={(v) => setForm((f) => ({ ...f, city: v, districtCode: '' }))}
            options={names && form.province ? childrenOf(names, form.province) : []}
            placeholder={t('bk.choose')}
            disabled={!form.province}
          />
          <SelectField
            id={id('districtCode')}
            label={t('bk.district')}
            error={errorFor(errors, id('districtCode'))}
            value={form.districtCode}
            onValue={set('districtCode')}
            options={
              names && form.city
                ? ((o) => (o.length ? o : [[`${form.city}00`, names[form.city] ?? form.city]]))(
                    childrenOf(names, form.city),
                  )
                : []
            }
            placeholder={t('bk.choose')}
            disabled={!form.city}
          />
          <Field
            id={id('street')}
            label={t('bk.street')}
            hint={t('bk.streetHint')}
            error={errorFor(errors, id('street'))}
            value={form.street}
            onValue={set('street')}
            autoComplete="street-address"
            maxLength={120}
          />
          <Field
            id={id('postcode')}
            label={t('bk.postcode')}
            hint={t('bk.postcodeHint')}
            error={errorFor(errors, id('postcode'))}
            value={form.postcode}
            onValue={set('postcode')}
            inputMode="numeric"
            autoComplete="postal-code"
            maxLength={6}
            width="short"
          />
          <fieldset
            class={`fieldset${errorFor(errors, id('codAcknowledged')) ? ' field--error' : ''}`}
            id={id('codAcknowledged')}
            tabIndex={-1}
          >
            <legend class="label">{t('bk.cod')}</legend>
            <p class="hint">{cod}</p>
            {errorFor(errors, id('codAcknowledged')) && (
              <p class="field-error">{errorFor(errors, id('codAcknowledged'))?.message}</p>
            )}
            <div class="checkbox">
              <input
                id={id('cod-agree')}
                type="checkbox"
                checked={form.codAcknowledged}
                onChange={(e) =>
                  setForm((f) => ({ ...f, codAcknowledged: (e.currentTarget as HTMLInputElement).checked }))
                }
              />
              <label for={id('cod-agree')}>{t('bk.codAgree')}</label>
            </div>
          </fieldset>
          <div class="button-group">
            <button type="submit" class="button">
              {t('sup.continue')}
            </button>
            <button type="button" class="button button--secondary" onClick={() => setStep('view')}>
              {t('bk.back')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
