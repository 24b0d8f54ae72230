/** The one schema of a real calendar date typed as YYYY-MM-DD (T4), shared by the schemas that take one. */
import { isIsoDate } from './calendar.js';
import * as z from './zod.js';

export const ISO_DATE_MESSAGE = '日期格式应为 YYYY-MM-DD 且须为真实日期';

/** At most 10 characters (a 1 MB value is refused before it is read as a date), then a real date. */
export const isoDateSchema = (params?: { error: string }) =>
  z.string(params).check(z.maxLength(10, ISO_DATE_MESSAGE), z.refine(isIsoDate, ISO_DATE_MESSAGE));
