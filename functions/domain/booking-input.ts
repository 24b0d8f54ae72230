/**
 * What a mail booking submission must be (R18, issue 12): a recipient (a name, not digits), a mobile
 * phone typed twice alike, a county anywhere in China by its six-digit code (not a province or city
 * code), a street of at most STREET_MAX characters, a six-digit postcode, and that postage is paid on
 * delivery. Each problem is a 400 naming its field. Server side only: the county is checked against the
 * codes of all China (./division-kind.ts); the portal loads the whole table as a static file. The
 * address a booking records, with the names, is ./booking-address.ts's.
 */
import { STREET_MAX } from './booking.js';
import { chineseNameSchema, mobileSchema } from './candidate.js';
import { divisionKind } from './division-kind.js';
import * as z from './zod.js';

export const districtMessages = {
  province: '请选择到区县：这是省级代码，区县代码为6位且后两位不全为0',
  city: '请选择到区县：这是地市代码，还需选择区县',
  unknown: '没有这个区县代码，请从省、市、区县列表中选择',
} as const;

/** PUT /api/exams/{examId}/booking. */
export const bookingInputSchema = z
  .strictObject({
    // a name (汉字、字母、间隔号): digits only are refused
    recipient: z.pipe(z.string({ error: '请填写收件人姓名' }), chineseNameSchema),
    phone: z.pipe(z.string({ error: '请填写手机号' }).check(z.trim()), mobileSchema),
    phoneConfirm: z
      .string({ error: '请再次填写手机号' })
      .check(z.trim(), z.maxLength(20, '两次填写的手机号不一致')),
    districtCode: z.string({ error: '请选择区县' }).check(
      z.regex(/^\d{6}$/, '区县代码应为6位数字'),
      z.superRefine((code, ctx) => {
        // the format's own message only (a check after a failed one still runs)
        if (!/^\d{6}$/.test(code)) return;
        const kind = divisionKind(code);
        // Stryker disable next-line StringLiteral: zod takes any issue code for a custom issue; the message is tested
        if (kind !== 'county') ctx.addIssue({ code: 'custom', message: districtMessages[kind] });
      }),
    ),
    street: z
      .string({ error: '请填写详细地址' })
      .check(
        z.trim(),
        z.minLength(4, '请填写详细地址（街道、门牌号），至少4个字'),
        z.maxLength(STREET_MAX, `详细地址不能超过${STREET_MAX}个字`),
      ),
    postcode: z
      .string({ error: '请填写邮政编码' })
      .check(z.trim(), z.regex(/^\d{6}$/, '邮政编码应为6位数字')),
    codAcknowledged: z.literal(true, { error: '请确认邮费由您在收件时支付（到付）' }),
  })
  .check(
    z.superRefine((v, ctx) => {
      // a phone refused on its own is fixed first (the check runs after a failed field too)
      if (mobileSchema.safeParse(v.phone).success && v.phoneConfirm !== v.phone)
        // Stryker disable next-line StringLiteral: zod takes any issue code for a custom issue; the path and message are tested
        ctx.addIssue({ code: 'custom', path: ['phoneConfirm'], message: '两次填写的手机号不一致' });
    }),
  );
export type BookingInput = z.infer<typeof bookingInputSchema>;
