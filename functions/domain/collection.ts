/**
 * R19, R20: on-site collection and custody. A certificate not booked for mail (or whose delivery failed
 * twice) is handed out at the collection site of the candidate's city, during the site's dates and
 * hours; staff record the collection after checking the ID card (the last six characters typed back),
 * or by a proxy with their ID number and the candidate's authorisation letter. Uncollected once the
 * site's period has ended, it is kept (代为保管, the custody register) until custody ends — five years
 * from the exam's end (R20) — and then put on the transfer register and handed to `hr` (已移交 once hr
 * has recorded receipt). Pure: the schemas, the checks, the status words' keys and the registers' lines.
 */
import { endsAtOf } from './calendar.js';
import type { Candidate } from './candidate.js';
import { DomainError } from './errors.js';
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from './id-number.js';
import { isoDateSchema } from './iso-date.js';
import type { Phase } from './lifecycle.js';
import { maskIdNumber } from './masking.js';
import { MATERIAL_ID } from './materials.js';
import { cityName } from './regions.js';
import * as z from './zod.js';

/** What the candidate (or a proxy) brings, unless the site says otherwise. */
export const DEFAULT_BRING =
  '本人身份证原件；委托他人代领的，代领人须携带本人身份证原件和考生签名的代领委托书';

const isoDate = isoDateSchema({ error: '请填写日期（YYYY-MM-DD）' });
const text = (min: number, max: number, what: string) =>
  z
    .string({ error: `请填写${what}` })
    .check(
      z.trim(),
      z.minLength(min, `请填写${what}（至少${min}个字）`),
      z.maxLength(max, `${what}不超过${max}个字`),
    );

/** R19: a collection site of one exam in one city, as staff enter it. */
export const siteInputSchema = z
  .strictObject({
    name: text(2, 60, '领取点名称'),
    address: text(4, 120, '领取地址'),
    opensOn: isoDate,
    closesOn: isoDate,
    hours: text(2, 60, '办理时间'),
    bring: z.optional(text(2, 200, '携带材料')),
    phone: z.optional(
      z
        .string()
        .check(z.trim(), z.regex(/^[0-9-]{7,20}$/, '咨询电话应为7–20位数字或连字符，如 0371-12345678')),
    ),
  })
  .check(
    z.refine((s) => s.closesOn >= s.opensOn, {
      path: ['closesOn'],
      message: '领取截止日期不能早于开始日期',
    }),
  );
export type SiteInput = z.infer<typeof siteInputSchema>;

export interface CollectionSite extends SiteInput {
  examId: string;
  city: string;
  bring: string;
  updatedAt: string;
  /** the department that last set it */
  updatedBy: string;
  version: number;
}

/** The site as the portal and the console show it: its period as instants (T4) and the city's name. */
export function siteView(s: CollectionSite) {
  return {
    ...s,
    cityName: cityName(s.city),
    opensAt: `${s.opensOn}T00:00:00+08:00`,
    closesAt: endsAtOf(s.closesOn),
  };
}

/** R19 → R20: whether the site's collection period is over (after 24:00 of its last day, T4). */
export const sitePeriodOver = (s: Pick<CollectionSite, 'closesOn'> | undefined, now: Date): boolean =>
  !!s && Date.parse(endsAtOf(s.closesOn)) <= now.getTime();

/** The last characters of an ID number typed back at the counter. */
export const ID_TAIL = 6;

/**
 * R19: how a certificate was handed out: to the candidate, after the ID card was checked (the last six
 * characters typed back), or to a proxy, with the proxy's name, ID number and the authorisation letter
 * (an upload, a material of the candidate's).
 */
export const collectionInputSchema = z
  .strictObject({
    by: z.enum(['self', 'proxy'], { error: '请选择领取方式：本人领取（self）或他人代领（proxy）' }),
    idLast6: z.optional(z.string().check(z.trim(), z.maxLength(ID_TAIL, `请输入身份证号码后${ID_TAIL}位`))),
    proxy: z.optional(
      z.strictObject({
        name: text(2, 30, '代领人姓名'),
        idNumber: z
          .string({ error: '请填写代领人身份证号码' })
          .check(z.trim(), z.maxLength(30, '身份证号码格式不正确')),
        letterMaterialId: z
          .string({ error: '请上传代领委托书' })
          .check(z.regex(MATERIAL_ID, '请上传代领委托书（PDF、JPG 或 PNG）')),
      }),
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.by === 'self' && !v.idLast6)
        ctx.addIssue({
          code: 'custom',
          path: ['idLast6'],
          message: `请核对考生身份证原件，并输入证件号码后${ID_TAIL}位`,
        });
      if (v.by !== 'proxy') return;
      if (!v.proxy) {
        ctx.addIssue({ code: 'custom', path: ['proxy', 'letterMaterialId'], message: '请上传代领委托书' });
        return;
      }
      const problem = idNumberProblem(v.proxy.idNumber);
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['proxy', 'idNumber'], message: idNumberMessages[problem] });
    }),
  );
export type CollectionInput = z.infer<typeof collectionInputSchema>;

/** R19: the ID check at the counter — the last six characters typed back must be the candidate's. */
export function checkIdTail(idNumber: string, typed: string | undefined): void {
  const tail = normalizeIdNumber(idNumber).slice(-ID_TAIL);
  if (normalizeIdNumber(typed ?? '') !== tail)
    throw new DomainError('VALIDATION', '身份证号码后六位与考生记录不符，请核对身份证原件', {
      fields: [{ field: 'idLast6', message: '身份证号码后六位与考生记录不符，请核对身份证原件' }],
    });
}

/** What is recorded of a collection: never a proxy's full ID number — masked, and a keyed hash of it. */
export interface CollectionRecord {
  by: 'self' | 'proxy';
  at: string;
  city: string;
  siteName?: string;
  /** the department whose staff handed it out */
  deptName: string;
  proxy?: { name: string; idMasked: string; idHash: string; letterMaterialId: string };
}

/** The record of a collection; `idHash` is the keyed hash of the proxy's ID number (functions/lib/ids.ts). */
export function collectionRecord(
  input: CollectionInput,
  at: string,
  where: { city: string; siteName?: string | undefined; deptName: string },
  idHash: (idNumber: string) => string,
): CollectionRecord {
  const base = {
    by: input.by,
    at,
    city: where.city,
    ...(where.siteName ? { siteName: where.siteName } : {}),
    deptName: where.deptName,
  };
  if (input.by === 'self' || !input.proxy) return base;
  const id = normalizeIdNumber(input.proxy.idNumber);
  return {
    ...base,
    proxy: {
      name: input.proxy.name,
      idMasked: maskIdNumber(id),
      idHash: idHash(id),
      letterMaterialId: input.proxy.letterMaterialId,
    },
  };
}

export const paperStatuses = [
  'awaitingCollection',
  'inCustody',
  'transferListed',
  'transferred',
  'collected',
] as const;
export type PaperStatus = (typeof paperStatuses)[number];

/** hr's receipt of an exam's transfer register: its reference and when (R20). */
export interface TransferReceipt {
  reference: string;
  receivedAt: string;
  /** the register it received: everyone put on it up to this instant */
  listedUpTo: string;
}

/**
 * R19, R20: where an on-site certificate stands — 待现场领取 while the site's period runs (or before a
 * site is set), 代为保管 once it ended uncollected, on the transfer register at custodyEnds, 已移交 once
 * hr has recorded receipt of a register holding it; 已领取 once collected. Null for other candidates.
 */
export function paperStatusOf(
  c: Pick<Candidate, 'lifecycle'>,
  phase: Phase,
  site: Pick<CollectionSite, 'closesOn'> | undefined,
  receipt: TransferReceipt | undefined,
  now: Date,
): PaperStatus | null {
  const f = c.lifecycle;
  if (f?.collectedAt) return 'collected';
  if (f?.transferListedAt)
    return receipt && f.transferListedAt <= receipt.listedUpTo ? 'transferred' : 'transferListed';
  if (phase !== 'collection') return null;
  return sitePeriodOver(site, now) ? 'inCustody' : 'awaitingCollection';
}

type RegisterCandidate = Pick<
  Candidate,
  'candidateNo' | 'name' | 'idNumber' | 'city' | 'certificate' | 'lifecycle'
>;

/** The custody register's columns (R20): every uncollected certificate and the day its custody ends. */
export const custodyColumns = [
  '准考证号',
  '姓名',
  '身份证号',
  '地市',
  '证书编号',
  '领取点',
  '现场领取截止',
  '保管期至',
] as const;

/** The transfer register's columns (R20): what is handed to hr. */
export const transferColumns = [
  '准考证号',
  '姓名',
  '身份证号',
  '地市',
  '证书编号',
  '保管期至',
  '列入移交登记时间',
] as const;

/** A register line's first columns: who holds which certificate, the ID number masked (N4). */
const holder = (c: RegisterCandidate): string[] => [
  c.candidateNo ?? '',
  c.name,
  maskIdNumber(c.idNumber),
  cityName(c.city),
  c.certificate?.number ?? '',
];

/** One line of the custody register. */
export function custodyLine(
  c: RegisterCandidate,
  site: Pick<CollectionSite, 'name' | 'closesOn'> | undefined,
  custodyEnds: string,
): string[] {
  return [...holder(c), site?.name ?? '', site?.closesOn ?? '', custodyEnds];
}

/** One line of the transfer register (its number is given when the register is joined). */
export function transferLine(c: RegisterCandidate, custodyEnds: string, listedAt: string): string[] {
  return [...holder(c), custodyEnds, listedAt];
}

/**
 * R20: whether a candidate is on the exam's transfer register: put on it by the lifecycle at
 * custodyEnds, or still uncollected on site once custodyEnds has passed (the lifecycle's wake-up may
 * come a moment later): so the register is the uncollected set at custodyEnds.
 */
export function onTransferRegister(
  c: Pick<Candidate, 'lifecycle'>,
  phase: Phase,
  custodyEndsAt: string,
  now: Date,
): boolean {
  if (c.lifecycle?.transferListedAt) return true;
  return phase === 'collection' && Date.parse(custodyEndsAt) <= now.getTime();
}

/** hr's receipt of the transfer register: its reference (the hand-over document's number). */
export const transferReceiptSchema = z.strictObject({
  reference: z
    .string({ error: '请填写移交接收凭证编号' })
    .check(
      z.trim(),
      z.minLength(3, '移交接收凭证编号至少3个字符'),
      z.maxLength(60, '移交接收凭证编号不超过60个字符'),
    ),
});
