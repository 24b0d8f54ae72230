/**
 * What a mail booking submission must be (R18, issue 12): a recipient (a name, not digits), a mobile
 * phone typed twice alike, a county anywhere in China by its six-digit code (not a province or city
 * code), a street of at most STREET_MAX characters, a six-digit postcode, and that postage is paid on
 * delivery. Each problem is a 400 naming its field. Server side only: it carries the all-China division
 * table (./divisions.ts); the portal loads the same data as a static file.
 */
import * as z from 'zod';
import { type Booking, STREET_MAX } from './booking.js';
import { chineseNameSchema, mobileSchema } from './candidate.js';
import { counties, divisionKind } from './divisions.js';
import { DomainError } from './errors.js';

const districtMessages = {
  province: '请选择到区县：这是省级代码，区县代码为6位且后两位不全为0',
  city: '请选择到区县：这是地市代码，还需选择区县',
  unknown: '没有这个区县代码，请从省、市、区县列表中选择',
} as const;

/** PUT /api/exams/{examId}/booking. */
export const bookingInputSchema = z
  .object({
    // a name (汉字、字母、间隔号): digits only are refused
    recipient: z.string({ error: '请填写收件人姓名' }).pipe(chineseNameSchema),
    phone: z.string({ error: '请填写手机号' }).trim().pipe(mobileSchema),
    phoneConfirm: z.string({ error: '请再次填写手机号' }).trim(),
    districtCode: z
      .string({ error: '请选择区县' })
      .regex(/^\d{6}$/, '区县代码应为6位数字')
      .superRefine((code, ctx) => {
        // the format's own message only (a check after a failed one still runs)
        if (!/^\d{6}$/.test(code)) return;
        const kind = divisionKind(code);
        // Stryker disable next-line StringLiteral: zod takes any issue code for a custom issue; the message is tested
        if (kind !== 'county') ctx.addIssue({ code: 'custom', message: districtMessages[kind] });
      }),
    street: z
      .string({ error: '请填写详细地址' })
      .trim()
      .min(4, '请填写详细地址（街道、门牌号），至少4个字')
      .max(STREET_MAX, `详细地址不能超过${STREET_MAX}个字`),
    postcode: z
      .string({ error: '请填写邮政编码' })
      .trim()
      .regex(/^\d{6}$/, '邮政编码应为6位数字'),
    codAcknowledged: z.literal(true, { error: '请确认邮费由您在收件时支付（到付）' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    // a phone refused on its own is fixed first (the check runs after a failed field too)
    if (mobileSchema.safeParse(v.phone).success && v.phoneConfirm !== v.phone)
      // Stryker disable next-line StringLiteral: zod takes any issue code for a custom issue; the path and message are tested
      ctx.addIssue({ code: 'custom', path: ['phoneConfirm'], message: '两次填写的手机号不一致' });
  });
export type BookingInput = z.infer<typeof bookingInputSchema>;

/** The address a booking sends to, from a checked input (province and city follow from the county). */
function addressOf(input: BookingInput) {
  const county = counties.get(input.districtCode);
  if (!county) throw new DomainError('VALIDATION', districtMessages.unknown);
  return {
    recipient: input.recipient,
    phone: input.phone,
    districtCode: county.code,
    provinceName: county.province.name,
    cityName: county.city.name,
    districtName: county.name,
    street: input.street,
    postcode: input.postcode,
    codAcknowledged: true as const,
  };
}

/** A new booking with its reference. */
export function newBooking(input: BookingInput, reference: string, at: string): Booking {
  return { reference, ...addressOf(input), bookedAt: at, lockedAt: null };
}

/** The booking with the address changed (same reference, still unlocked). */
export function changedBooking(b: Booking, input: BookingInput, at: string): Booking {
  return { ...b, ...addressOf(input), changedAt: at };
}

/** The same submission as the booking on record (so a repeat writes nothing). */
export function sameBooking(b: Booking, input: BookingInput): boolean {
  const a = addressOf(input);
  return (Object.keys(a) as (keyof typeof a)[]).every((k) => b[k] === a[k]);
}
