/**
 * On-site collection (R19) and custody (R20) in the console: the exam's collection sites (set by the
 * city's verifier or the province) with a printable A4 list per site; on the candidate page, where the
 * certificate stands and the record of a collection — in person after the ID check (the last six
 * characters typed back) or by a proxy with the proxy's ID number and the uploaded authorisation
 * letter — checked on one page before it is confirmed; and the printable registers.
 */
import { useEffect, useState } from 'preact/hooks';
import { cityName, henanCities } from '../../functions/domain/regions.js';
import { ApiError, api, download } from '../api.js';
import { SiteFacts, type SiteView } from '../collection-site.js';
import {
  CheckActions,
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  FileField,
  type FormError,
  Loading,
  Problem,
  RadioField,
  SelectField,
  ServerText,
  StatusTag,
  TableScroll,
} from '../components.js';
import { formatDateTime } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { Department } from '../types.js';
import { consoleSession, useApi } from './data.js';
import { Link } from './link.js';
import { href } from './router.js';
import './messages.js';

export interface CollectionView {
  status: 'awaitingCollection' | 'inCustody' | 'transferListed' | 'transferred' | 'collected' | null;
  statusWords: string | null;
  site: SiteView | null;
  custodyEnds: { date: string; endsAt: string };
  collection: {
    by: 'self' | 'proxy';
    at: string;
    deptName: string;
    siteName?: string;
    proxy?: { name: string; idMasked: string };
  } | null;
  transfer: { reference: string; receivedAt: string } | null;
}

const SITE_FIELDS = ['city', 'name', 'address', 'opensOn', 'closesOn', 'hours', 'bring', 'phone'] as const;
type SiteField = (typeof SITE_FIELDS)[number];
const siteId = (f: string) => `site-${f}`;
/** The site form's text fields after the city, in order: each one's hint and size. */
const SITE_FORM: {
  field: Exclude<SiteField, 'city'>;
  hint?: MessageKey;
  width?: 'short' | 'medium';
  inputMode?: 'numeric' | 'tel';
}[] = [
  { field: 'name' },
  { field: 'address' },
  { field: 'opensOn', hint: 'col.site.dateHint', width: 'short', inputMode: 'numeric' },
  { field: 'closesOn', hint: 'col.site.closesHint', width: 'short', inputMode: 'numeric' },
  { field: 'hours', hint: 'col.site.hoursHint' },
  { field: 'bring', hint: 'col.site.bringHint' },
  { field: 'phone', width: 'medium', inputMode: 'tel' },
];

/** R19: the exam's collection sites, and the form to set one (the city's verifier, or the province). */
export function CollectionSites({ examId, department }: { examId: string; department: Department }) {
  const [version, setVersion] = useState(0);
  const base = `/api/exams/${encodeURIComponent(examId)}/collection-sites`;
  const { data, error, loading } = useApi<{ items: SiteView[] }>(base, {}, version);
  const own = department.kind === 'municipalVerifier' ? department.city : undefined;
  const mayEdit = department.kind !== 'hr';
  const blank = Object.fromEntries(SITE_FIELDS.map((f) => [f, f === 'city' ? (own ?? '') : ''])) as Record<
    SiteField,
    string
  >;
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (f: SiteField) => (v: string) => setForm((x) => ({ ...x, [f]: v }));

  async function save(e: Event) {
    e.preventDefault();
    if (!form.city) {
      setErrors([{ field: siteId('city'), message: t('col.site.cityMissing') }]);
      return;
    }
    setBusy(true);
    try {
      const body = Object.fromEntries(
        SITE_FIELDS.filter((f) => f !== 'city' && form[f].trim()).map((f) => [f, form[f].trim()]),
      );
      await api(`${base}/${encodeURIComponent(form.city)}`, { method: 'PUT', body, session: consoleSession });
      setErrors([]);
      setSaved(form.city);
      setVersion((v) => v + 1);
    } catch (err) {
      setErrors(
        errorsFrom(
          err,
          SITE_FIELDS.map((f) => f),
        ).map((x) => (x.field ? { ...x, field: siteId(x.field) } : x)),
      );
    } finally {
      setBusy(false);
    }
  }

  function edit(s: SiteView) {
    setForm({
      city: s.city,
      name: s.name,
      address: s.address,
      opensOn: s.opensOn,
      closesOn: s.closesOn,
      hours: s.hours,
      bring: s.bring,
      phone: s.phone ?? '',
    });
    setSaved(null);
    document.getElementById(siteId('name'))?.focus();
  }

  const items = data?.items ?? [];
  return (
    <section class="section" aria-labelledby="sites-title" data-testid="collection-sites">
      <h2 id="sites-title">{t('col.sites.heading')}</h2>
      <p class="hint">{t('col.sites.intro')}</p>
      {loading && !data && <Loading />}
      {error !== undefined && <Problem error={error} />}
      {items.length ? (
        <TableScroll labelledBy="sites-title">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('rec.city')}</th>
                <th scope="col">{t('col.site.name')}</th>
                <th scope="col">{t('col.site.period')}</th>
                <th scope="col">{t('col.site.hours')}</th>
                <th scope="col">{t('col.site.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.city}>
                  <th scope="row">{s.cityName}</th>
                  <td>
                    <ServerText text={s.name} />
                    <br />
                    <span class="meta">
                      <ServerText text={s.address} />
                    </span>
                  </td>
                  <td>{t('col.site.periodText', { from: s.opensOn, to: s.closesOn })}</td>
                  <td>
                    <ServerText text={s.hours} />
                  </td>
                  <td>
                    <Link to={href({ view: 'siteList', exam: examId, city: s.city })}>
                      {t('col.site.print', { city: s.cityName })}
                    </Link>
                    {mayEdit && (
                      <>
                        {' · '}
                        <button type="button" class="link-button" onClick={() => edit(s)}>
                          {t('col.site.edit', { city: s.cityName })}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        data && <p class="empty">{t('col.sites.none')}</p>
      )}
      {mayEdit && (
        <form class="panel" onSubmit={(e) => void save(e)} noValidate>
          <h3>{t('col.site.formHeading')}</h3>
          <ErrorSummary errors={errors} />
          {saved && (
            <p role="status" class="notice">
              {t('col.site.saved', { city: cityName(saved) })}
            </p>
          )}
          <SelectField
            id={siteId('city')}
            label={t('rec.city')}
            value={form.city}
            onValue={set('city')}
            options={[...henanCities].filter(([c]) => !own || c === own)}
            placeholder={t('col.site.cityPlaceholder')}
            error={errorFor(errors, siteId('city'))}
            disabled={!!own}
          />
          {SITE_FORM.map((f) => (
            <Field
              key={f.field}
              id={siteId(f.field)}
              label={t(`col.site.${f.field}`)}
              {...(f.hint ? { hint: t(f.hint) } : {})}
              value={form[f.field]}
              onValue={set(f.field)}
              {...(f.width ? { width: f.width } : {})}
              {...(f.inputMode ? { inputMode: f.inputMode } : {})}
              {...(f.field === 'phone' ? { type: 'tel' as const } : {})}
              error={errorFor(errors, siteId(f.field))}
            />
          ))}
          <button type="submit" class="button" disabled={busy}>
            {t('col.site.save')}
          </button>
        </form>
      )}
    </section>
  );
}

/** R19: the printable A4 list of a site: every candidate still to collect there, with a column to sign. */
export function SiteListPage({ examId, city }: { examId: string; city: string }) {
  const base = `/api/exams/${encodeURIComponent(examId)}/collection-sites`;
  const sites = useApi<{ items: SiteView[] }>(base);
  const [rows, setRows] = useState<SiteRow[] | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    (async () => {
      const all: SiteRow[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: SiteRow[]; cursor: string | null } = await api(
          `${base}/${encodeURIComponent(city)}/candidates`,
          { session: consoleSession, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
        );
        all.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      if (live) setRows(all);
    })().catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [examId, city]);
  const site = sites.data?.items.find((s) => s.city === city);
  return (
    <div class="print-page" data-testid="site-list">
      <p class="back no-print">
        <Link to={href({ view: 'exam', exam: examId })}>{t('col.back')}</Link>
      </p>
      <h1 class="page-title">
        {t('col.list.heading', { city: site?.cityName ?? city })}
        <span class="page-subtitle">{examId}</span>
      </h1>
      {site && <SiteFacts s={site} />}
      <p class="no-print">
        <button type="button" class="button button--secondary" onClick={() => window.print()}>
          {t('col.print')}
        </button>
      </p>
      {error !== undefined && <Problem error={error} />}
      {!rows && error === undefined && <Loading />}
      {rows && <SiteTable rows={rows} />}
    </div>
  );
}

interface SiteRow {
  personId: string;
  candidateNo: string | null;
  name: string;
  idNumberMasked: string;
  certificateNumber: string | null;
}

function SiteTable({ rows }: { rows: SiteRow[] }) {
  if (!rows.length) return <p class="empty">{t('col.list.none')}</p>;
  return (
    <table class="table print-table" aria-labelledby="site-list-caption">
      <caption id="site-list-caption">{t('col.list.count', { n: rows.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('col.list.no')}</th>
          <th scope="col">{t('rec.candidateNo')}</th>
          <th scope="col">{t('rec.name')}</th>
          <th scope="col">{t('rec.idNumber')}</th>
          <th scope="col">{t('col.list.certificate')}</th>
          <th scope="col">{t('col.list.signature')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.personId}>
            <td>{i + 1}</td>
            <td>{r.candidateNo ?? ''}</td>
            <th scope="row">
              <ServerText text={r.name} />
            </th>
            <td>{r.idNumberMasked}</td>
            <td>{r.certificateNumber ?? ''}</td>
            <td class="signature-cell" />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
const colId = (f: string) => `col-${f.replace('proxy.', 'proxy-')}`;

/** The ID check's two fields: the candidate's last six characters, or the proxy's whole ID number. */
const ID_FIELDS = {
  idLast6: { label: 'col.idLast6', hint: 'col.idLast6.hint', width: 'short', maxLength: 6 },
  'proxy.idNumber': { label: 'col.proxyId', hint: 'col.proxyId.hint', width: 'medium', maxLength: 18 },
} as const;

/** An ID number's characters typed at the counter: capitals, never filled in by the browser. */
function IdField(p: {
  field: keyof typeof ID_FIELDS;
  value: string;
  onValue: (v: string) => void;
  errors: FormError[];
}) {
  const f = ID_FIELDS[p.field];
  return (
    <Field
      id={colId(p.field)}
      label={t(f.label)}
      hint={t(f.hint)}
      value={p.value}
      onValue={p.onValue}
      width={f.width}
      maxLength={f.maxLength}
      autoCapitalize="characters"
      autoComplete="off"
      error={errorFor(p.errors, colId(p.field))}
    />
  );
}
const COL_FIELDS = ['by', 'idLast6', 'proxy.name', 'proxy.idNumber', 'proxy.letterMaterialId'];

/**
 * R19: the candidate's on-site certificate on the candidate page: where it stands and the site; for
 * staff who hand out certificates, the record of a collection (check your answers, then confirm).
 */
export function CandidateCollection({
  examId,
  personId,
  mayHandOut,
  onChanged,
}: {
  examId: string;
  personId: string;
  mayHandOut: boolean;
  onChanged: () => void;
}) {
  const base = `/api/exams/${encodeURIComponent(examId)}/candidates/${encodeURIComponent(personId)}/collection`;
  const [version, setVersion] = useState(0);
  const { data, error } = useApi<CollectionView>(base, {}, version);
  const [by, setBy] = useState<'self' | 'proxy' | ''>('');
  const [idLast6, setIdLast6] = useState('');
  const [proxyName, setProxyName] = useState('');
  const [proxyId, setProxyId] = useState('');
  const [letter, setLetter] = useState<{ materialId: string; name: string } | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);
  if (error !== undefined) return null;
  if (!data?.status) return null;
  const open = data.status === 'awaitingCollection' || data.status === 'inCustody';

  async function upload(file: File | null) {
    if (!file) return;
    setBusy(true);
    setErrors([]);
    try {
      const made = await api<{ materialId: string; url: string }>(`${base}/letter-upload-url`, {
        method: 'POST',
        session: consoleSession,
        body: { contentType: file.type, name: file.name, bytes: file.size },
      });
      const put = await fetch(made.url, {
        method: 'PUT',
        headers: { 'content-type': file.type },
        body: file,
      }).catch(() => null);
      if (!put?.ok) throw new ApiError(put?.status ?? 0, 'UPLOAD', t('col.letter.failed'), [], false);
      setLetter({ materialId: made.materialId, name: file.name });
    } catch (e) {
      setErrors(errorsFrom(e, []).map((x) => ({ ...x, field: colId('proxy.letterMaterialId') })));
    } finally {
      setBusy(false);
    }
  }

  function check(e: Event) {
    e.preventDefault();
    const problems: FormError[] = [];
    if (!by) problems.push({ field: colId('by'), message: t('col.by.missing') });
    if (by === 'self' && idLast6.trim().length !== 6)
      problems.push({ field: colId('idLast6'), message: t('col.idLast6.missing') });
    if (by === 'proxy') {
      if (!proxyName.trim())
        problems.push({ field: colId('proxy.name'), message: t('col.proxyName.missing') });
      if (!proxyId.trim())
        problems.push({ field: colId('proxy.idNumber'), message: t('col.proxyId.missing') });
      if (!letter)
        problems.push({ field: colId('proxy.letterMaterialId'), message: t('col.letter.missing') });
    }
    setErrors(problems);
    if (!problems.length) setChecking(true);
  }

  async function confirm() {
    setBusy(true);
    try {
      const body =
        by === 'self'
          ? { by, idLast6: idLast6.trim() }
          : {
              by,
              proxy: {
                name: proxyName.trim(),
                idNumber: proxyId.trim(),
                letterMaterialId: letter?.materialId,
              },
            };
      await api(base, { method: 'POST', body, session: consoleSession });
      setChecking(false);
      setErrors([]);
      setVersion((v) => v + 1);
      onChanged();
    } catch (e) {
      setChecking(false);
      setErrors(errorsFrom(e, COL_FIELDS).map((x) => (x.field ? { ...x, field: colId(x.field) } : x)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="section" aria-labelledby="collection-title" data-testid="collection">
      <h2 id="collection-title">{t('col.heading')}</h2>
      <p>
        <StatusTag status="qualified" paper={data.status} />
      </p>
      {data.site ? <SiteFacts s={data.site} /> : <p class="hint">{t('col.noSite')}</p>}
      <p class="hint">{t('col.custodyEnds', { date: data.custodyEnds.date })}</p>
      {data.collection && (
        <p role="status" class="notice" data-testid="collected">
          {data.collection.proxy
            ? t('col.done.proxy', {
                at: formatDateTime(data.collection.at),
                name: data.collection.proxy.name,
                id: data.collection.proxy.idMasked,
              })
            : t('col.done.self', { at: formatDateTime(data.collection.at) })}
        </p>
      )}
      {data.transfer && <p>{t('col.transferred', { reference: data.transfer.reference })}</p>}
      {open && mayHandOut && !checking && (
        <form class="panel" onSubmit={check} noValidate>
          <h3>{t('col.record')}</h3>
          <ErrorSummary errors={errors} />
          <RadioField
            id={colId('by')}
            legend={t('col.by')}
            options={[
              ['self', t('col.by.self')],
              ['proxy', t('col.by.proxy')],
            ]}
            value={by}
            onValue={setBy}
            error={errorFor(errors, colId('by'))}
          />
          {by === 'self' && <IdField field="idLast6" value={idLast6} onValue={setIdLast6} errors={errors} />}
          {by === 'proxy' && (
            <>
              <Field
                id={colId('proxy.name')}
                label={t('col.proxyName')}
                value={proxyName}
                onValue={setProxyName}
                width="medium"
                autoComplete="off"
                error={errorFor(errors, colId('proxy.name'))}
              />
              <IdField field="proxy.idNumber" value={proxyId} onValue={setProxyId} errors={errors} />
              <FileField
                id={colId('proxy.letterMaterialId')}
                label={t('col.letter')}
                hint={letter ? t('col.letter.uploaded', { name: letter.name }) : t('col.letter.hint')}
                accept={ACCEPT}
                onFile={(f) => void upload(f)}
                error={errorFor(errors, colId('proxy.letterMaterialId'))}
              />
            </>
          )}
          <button type="submit" class="button" disabled={busy}>
            {t('col.continue')}
          </button>
        </form>
      )}
      {open && mayHandOut && checking && (
        <div class="panel" data-testid="collection-check">
          <h3>{t('col.check')}</h3>
          <dl class="facts">
            <div>
              <dt>{t('col.by')}</dt>
              <dd>{by === 'self' ? t('col.by.self') : t('col.by.proxy')}</dd>
            </div>
            {by === 'self' ? (
              <div>
                <dt>{t('col.idLast6')}</dt>
                <dd>{idLast6.trim().toUpperCase()}</dd>
              </div>
            ) : (
              <>
                <div>
                  <dt>{t('col.proxyName')}</dt>
                  <dd>{proxyName.trim()}</dd>
                </div>
                <div>
                  <dt>{t('col.proxyId')}</dt>
                  <dd>{proxyId.trim().toUpperCase()}</dd>
                </div>
                <div>
                  <dt>{t('col.letter')}</dt>
                  <dd>{letter?.name}</dd>
                </div>
              </>
            )}
          </dl>
          <CheckActions
            busy={busy}
            confirm={t('col.confirm')}
            change={t('col.change')}
            working={t('col.working')}
            onConfirm={() => void confirm()}
            onChange={() => setChecking(false)}
          />
        </div>
      )}
    </section>
  );
}

/** CSV text (RFC 4180: quoted fields, doubled quotes) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** R20: a register (custody or transfer) as a printable A4 page, read from its CSV. */
export function RegisterPage({ examId, report, kind }: { examId: string; report: string; kind: string }) {
  const [rows, setRows] = useState<string[][] | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const path = `/api/exams/${encodeURIComponent(examId)}/reports/${encodeURIComponent(report)}/${kind === 'transfer' ? 'transfer' : 'custody'}.csv`;
    download(path, consoleSession)
      .then(async (b) => setRows(parseCsv(await b.text())))
      .catch(setError);
  }, [examId, report, kind]);
  const [head, ...body] = rows ?? [];
  return (
    <div class="print-page" data-testid="register">
      <p class="back no-print">
        <Link to={href({ view: 'exam', exam: examId })}>{t('col.back')}</Link>
      </p>
      <h1 class="page-title">
        {kind === 'transfer' ? t('col.register.transfer') : t('col.register.custody')}
        <span class="page-subtitle">{examId}</span>
      </h1>
      <p class="no-print">
        <button type="button" class="button button--secondary" onClick={() => window.print()}>
          {t('col.print')}
        </button>
      </p>
      {error !== undefined && <Problem error={error} />}
      {!rows && error === undefined && <Loading />}
      {head && (
        <table class="table print-table" aria-labelledby="register-caption">
          <caption id="register-caption">{t('col.list.count', { n: body.length })}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
              {kind === 'transfer' && <th scope="col">{t('col.register.received')}</th>}
            </tr>
          </thead>
          <tbody>
            {body.map((r) => (
              <tr key={r.join('|')}>
                {r.map((c, i) => (
                  <td key={`${i}:${c}`}>{c}</td>
                ))}
                {kind === 'transfer' && <td class="signature-cell" />}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
