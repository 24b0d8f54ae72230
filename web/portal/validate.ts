/**
 * The portal's checks before anything is sent, using the same zod schemas the server uses
 * (functions/domain). In Chinese the domain's wording is shown as is; in English the catalogue's.
 * Loaded lazily by the login form (zod is most of its weight).
 */
import { chineseNameSchema, idNumberSchema } from '../../functions/domain/candidate.js';
import { idNumberProblem } from '../../functions/domain/id-number.js';
import { OTP_DIGITS } from '../../functions/domain/otp.js';
import type { FormError } from '../components.js';
import { getLang, type MessageKey, t } from '../i18n.js';
import './messages.js';

export function checkIdNumber(raw: string): FormError | null {
  if (!raw.trim()) return { field: 'idNumber', message: t('field.idNumber.required') };
  const r = idNumberSchema.safeParse(raw);
  if (r.success) return null;
  const problem = idNumberProblem(raw) ?? 'format';
  const message =
    getLang() === 'zh-CN'
      ? (r.error.issues[0]?.message ?? t(`idNumber.${problem}`))
      : t(`idNumber.${problem}`);
  return { field: 'idNumber', message };
}

export function checkName(raw: string): FormError | null {
  if (!raw.trim()) return { field: 'name', message: t('field.name.required') };
  const r = chineseNameSchema.safeParse(raw);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const key = `name.${issue?.code ?? 'invalid_format'}` as MessageKey;
  const known = key === 'name.too_small' || key === 'name.too_big' || key === 'name.invalid_format';
  const message = getLang() === 'zh-CN' && issue ? issue.message : t(known ? key : 'name.invalid_format');
  return { field: 'name', message };
}

const codePattern = new RegExp(`^\\d{${OTP_DIGITS}}$`);

export function checkCode(raw: string): FormError | null {
  const v = raw.replace(/\s+/g, '');
  if (!v) return { field: 'code', message: t('field.code.required') };
  if (!codePattern.test(v)) return { field: 'code', message: t('field.code.format') };
  return null;
}
