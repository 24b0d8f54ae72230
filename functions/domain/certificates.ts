/**
 * Certificates (R17, R25, N4), the pure part: the certificate number and its check characters, the
 * canonical certificate data that is signed, the record a candidate carries, its status transitions,
 * and the answer of the public certificate check.
 *
 * The number: `HN-{examType}-{year}-{seq}-{check}`, e.g. `HN-JZS2-2025-0000A-TI`:
 * - `examType` the exam type's code (2–8 characters `[A-Z0-9]`), `year` the exam's year (4 digits);
 * - `seq` the certificate's sequence number within that type and year, 5 Crockford base-32 characters
 *   (`0-9A-Z` without I, L, O, U; up to 33,554,431);
 * - `check` two check characters by ISO/IEC 7064 MOD 1271-36 over every letter and digit before it
 *   (hyphens left out). It catches every single changed character, every swap of two neighbours and
 *   every swap of two characters one apart; a one-character check (MOD 37,36) misses about one swap
 *   in 600, and MOD 37-2's check may be `*`, outside the public check's alphabet.
 * At most 25 characters, all within `[A-Z0-9-]`: inside the public check's limits (40).
 *
 * The signed data holds the holder's ID number only masked (N4): never the full number, nor a hash of
 * it (so few numbers fit a mask that any hash beside it is reversed offline in a second). Whether a
 * full number matches is answered by comparing it on the server (`checkAnswer`), never by the data.
 */
import { sameName } from './candidate.js';
import { DomainError } from './errors.js';
import { normalizeIdNumber } from './id-number.js';
import { maskIdNumber } from './masking.js';

// --- the number ---------------------------------------------------------------------------------

/** The public check's limits on what it is asked about (anything else is a 400). */
export const CERTIFICATE_NUMBER_MAX = 40;
const CHECKABLE = /^[A-Z0-9-]+$/;

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SEQ_LENGTH = 5;
export const SEQ_MAX = CROCKFORD.length ** SEQ_LENGTH - 1;
const MODULUS = 1271;
const RADIX = 36;
const NUMBER_FORMAT = /^HN-([A-Z0-9]{2,8})-(\d{4})-([0-9A-HJKMNP-TV-Z]{5})-([A-Z0-9]{2})$/;

/** ISO/IEC 7064 MOD 1271-36: the two check characters of an alphanumeric string. */
export function checkCharacters(data: string): string {
  let p = 0;
  for (const ch of data) p = ((p + ALNUM.indexOf(ch)) * RADIX) % MODULUS;
  p = (p * RADIX) % MODULUS;
  const v = (MODULUS + 1 - p) % MODULUS;
  return `${ALNUM[Math.floor(v / RADIX)]}${ALNUM[v % RADIX]}`;
}

/** Whether a string ending in its two check characters checks (the whole is ≡ 1 mod 1271). */
function checks(full: string): boolean {
  let p = 0;
  for (const ch of full) p = (p * RADIX + ALNUM.indexOf(ch)) % MODULUS;
  return p === 1;
}

export interface CertificateNumberParts {
  examType: string;
  year: number;
  seq: number;
}

/** The number of the `seq`-th certificate of an exam type and year. */
export function certificateNumber({ examType, year, seq }: CertificateNumberParts): string {
  if (!/^[A-Z0-9]{2,8}$/.test(examType)) throw new Error(`exam type code ${examType} is not 2–8 [A-Z0-9]`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`year ${year} is not 4 digits`);
  if (!Number.isInteger(seq) || seq < 0 || seq > SEQ_MAX) throw new Error(`seq ${seq} is out of range`);
  let s = '';
  for (let n = seq, i = 0; i < SEQ_LENGTH; i++, n = Math.floor(n / CROCKFORD.length))
    s = `${CROCKFORD[n % CROCKFORD.length]}${s}`;
  const body = `HN-${examType}-${year}-${s}`;
  return `${body}-${checkCharacters(body.replaceAll('-', ''))}`;
}

/** The parts of a well-formed number whose check characters check, else null. */
export function parseCertificateNumber(n: string): CertificateNumberParts | null {
  const m = NUMBER_FORMAT.exec(n);
  if (!m || !checks(n.replaceAll('-', ''))) return null;
  const [, examType, year, s] = m as unknown as [string, string, string, string];
  let seq = 0;
  for (const ch of s) seq = seq * CROCKFORD.length + CROCKFORD.indexOf(ch);
  return { examType, year: Number(year), seq };
}

export function validCertificateNumber(n: string): boolean {
  return parseCertificateNumber(n) !== null;
}

/** What someone typed, as the check reads it: spaces removed, letters upper case. */
export function normalizeCertificateNumber(raw: string): string {
  return raw.replace(/\s/g, '').toUpperCase();
}

/** R25: the public check takes at most 40 characters of `[A-Z0-9-]` (else 400); anything else is asked. */
export function checkableCertificateNumber(n: string): boolean {
  return n.length <= CERTIFICATE_NUMBER_MAX && CHECKABLE.test(n);
}

// --- the signed data ----------------------------------------------------------------------------

/** Everything the certificate says, as issued; the source of the signed claims. */
export interface CertificateFacts {
  number: string;
  holderName: string;
  /** the full ID number: only its mask goes into the claims */
  idNumber: string;
  exam: { id: string; name: string };
  specialty?: string;
  /** the issue date, YYYY-MM-DD (T1) */
  issuedAt: string;
  /** the issuing department's name */
  issuer: string;
}

/** The canonical certificate data signed as a compact JWS (ES256); `kid` goes in the JWS header. */
export interface CertificateClaims {
  /** the format of these claims */
  v: 1;
  kind: 'electronic';
  number: string;
  holder: { name: string; idNumberMasked: string };
  exam: { id: string; name: string };
  specialty?: string;
  issuedAt: string;
  issuer: string;
}

/** R17, N4: the claims of an electronic certificate; the ID number only masked. */
export function certificateClaims(f: CertificateFacts): CertificateClaims {
  if (!validCertificateNumber(f.number)) throw new Error('not a valid certificate number');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.issuedAt)) throw new Error('issuedAt is not YYYY-MM-DD');
  return {
    v: 1,
    kind: 'electronic',
    number: f.number,
    holder: { name: f.holderName, idNumberMasked: maskIdNumber(normalizeIdNumber(f.idNumber)) },
    exam: { id: f.exam.id, name: f.exam.name },
    ...(f.specialty ? { specialty: f.specialty } : {}),
    issuedAt: f.issuedAt,
    issuer: f.issuer,
  };
}

/** JSON with every object's keys sorted, no spaces: the same claims always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      // Stryker disable next-line EqualityOperator: an object's keys are unique, so < and <= sort alike
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// --- the record and its status ------------------------------------------------------------------

export type CertificateStatus = 'valid' | 'revoked' | 'replaced';

/** What a candidate record carries once a certificate is issued. */
export interface CertificateRecord {
  kind: 'electronic' | 'paper';
  number: string;
  /** the issue date, YYYY-MM-DD */
  issuedAt: string;
  status: CertificateStatus;
  /** the date a revocation took effect (R14) */
  revokedAt?: string;
  /** the date another certificate replaced this one */
  replacedAt?: string;
  /** an electronic certificate's compact JWS */
  signed?: string;
  /** a paper certificate reissued (补发) in place of a lost one, and the number it replaces */
  reissued?: true;
  replaces?: string;
}

/**
 * R17: the certificate whose PDF its holder and staff may download: an electronic one, valid or
 * revoked (the document never prints its status; the check page tells it). A paper certificate has no
 * PDF, and a replaced one gives way to the certificate that replaced it.
 */
export function downloadableCertificate(c: CertificateRecord | undefined): c is CertificateRecord & {
  kind: 'electronic';
} {
  return c?.kind === 'electronic' && (c.status === 'valid' || c.status === 'revoked');
}

/** R14: a revocation that takes effect makes the certificate `revoked` from that date; said once. */
export function revokeCertificate(c: CertificateRecord, on: string): CertificateRecord {
  if (c.status !== 'valid') return c;
  return { ...c, status: 'revoked', revokedAt: on };
}

/** A valid certificate replaced by another (a corrected one): `replaced` from that date. */
export function replaceCertificate(c: CertificateRecord, on: string): CertificateRecord {
  if (c.status !== 'valid') return c;
  return { ...c, status: 'replaced', replacedAt: on };
}

// --- the public check ---------------------------------------------------------------------------

export type CheckAnswer =
  | {
      status: CertificateStatus;
      kind: CertificateRecord['kind'];
      exam: { id: string; name: string };
      issuedAt: string;
      revokedAt?: string;
      /** the date another certificate replaced this one */
      replacedAt?: string;
      /** a reissued (补发) paper certificate */
      reissued?: true;
      signed?: string;
      idNumberMatches?: boolean;
    }
  | { status: 'not_found' };

export const NOT_FOUND: CheckAnswer = { status: 'not_found' };

/** A certificate as the check looks it up: its record and the holder it was issued to. */
export interface CheckedCertificate {
  certificate: CertificateRecord;
  holderName: string;
  idNumber: string;
  exam: { id: string; name: string };
}

/**
 * R25, R14: the public check's answer. A wrong name answers exactly as an unknown number (no
 * enumeration); a revoked certificate says so with its date, not its reason; a full ID number given by
 * the asker is only compared (N4): the answer says whether it matches, never what it is.
 */
export function checkAnswer(
  found: CheckedCertificate | undefined,
  ask: { name: string; idNumber?: string },
): CheckAnswer {
  if (!found || !sameName(found.holderName, ask.name)) return NOT_FOUND;
  const c = found.certificate;
  return {
    status: c.status,
    kind: c.kind,
    exam: { id: found.exam.id, name: found.exam.name },
    issuedAt: c.issuedAt,
    ...(c.status === 'revoked' && c.revokedAt ? { revokedAt: c.revokedAt } : {}),
    ...(c.status === 'replaced' && c.replacedAt ? { replacedAt: c.replacedAt } : {}),
    ...(c.reissued ? { reissued: true as const } : {}),
    ...(c.kind === 'electronic' && c.signed ? { signed: c.signed } : {}),
    ...(ask.idNumber === undefined
      ? {}
      : { idNumberMatches: normalizeIdNumber(ask.idNumber) === normalizeIdNumber(found.idNumber) }),
  };
}

/** R25: the public check's limits: per client (its network) in a fixed window, and the whole service. */
export const CHECK_LIMITS = {
  client: { windowMs: 15 * 60_000, max: 60 },
  overall: { ratePerSecond: 50, burst: 100 },
} as const;

/** The longest name the check compares (a Chinese name is far shorter; longer is a 400, not a lookup). */
export const CHECK_NAME_MAX = 60;

/** R21: an electronic certificate is never reissued on paper; the holder downloads it again instead. */
export const NO_REISSUE_MESSAGE =
  '电子证书与纸质证书具有同等效力；电子证书不补发纸质证书，也无需补发，请直接下载电子证书（R21）';

/**
 * R21: a reissue request for a certificate: refused (409 quoting R21) for an electronic one; a paper
 * certificate's reissue is the paper-certificate issue's. Null when the request may go on.
 */
export function reissueRefusal(
  c: Pick<CertificateRecord, 'kind'> | undefined,
  electronicExam: boolean,
): DomainError | null {
  if (c?.kind === 'electronic' || (!c && electronicExam))
    return new DomainError('CONFLICT', NO_REISSUE_MESSAGE, { rule: 'R21' });
  return null;
}

// --- the issuing department's seal --------------------------------------------------------------

/** R17: the seal image hr gives with the issuance: a PNG of at most this many bytes. */
export const SEAL_MAX_BYTES = 200 * 1024;
/** …and this many pixels wide and high, at least and at most (it is printed 120 pt square). */
export const SEAL_PIXELS = { min: 64, max: 2000 } as const;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

/**
 * R17: why a seal image cannot be used, or null: it must be a PNG by its bytes (the signature, then the
 * IHDR chunk, whatever its name or declared type), at most SEAL_MAX_BYTES, its sides within SEAL_PIXELS.
 */
export function sealProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return '请选择印章图片';
  if (bytes.length > SEAL_MAX_BYTES) return `印章图片不超过 ${SEAL_MAX_BYTES / 1024} KB`;
  const png =
    bytes.length >= 24 &&
    PNG_SIGNATURE.every((b, i) => bytes[i] === b) &&
    IHDR.every((b, i) => bytes[12 + i] === b);
  if (!png) return '印章图片应为 PNG 格式';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [w, h] = [view.getUint32(16), view.getUint32(20)];
  if ([w, h].some((n) => n < SEAL_PIXELS.min || n > SEAL_PIXELS.max))
    return `印章图片的宽和高应在 ${SEAL_PIXELS.min} 至 ${SEAL_PIXELS.max} 像素之间`;
  return null;
}
