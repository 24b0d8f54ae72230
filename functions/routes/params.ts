/** Shapes of path and query parameters shared by the routes of several handler modules. */

import { isHenanCity } from '../domain/regions.js';
import * as z from '../domain/zod.js';

export const examIdPath = z.object({
  examId: z.string().check(z.regex(/^[A-Z0-9-]{3,40}$/, '考试编号格式不正确')),
});
export const candidatePath = z.extend(examIdPath, {
  personId: z.string().check(z.regex(/^[a-z2-9]{20}$/, '考生编号格式不正确')),
});
/** A page's size: 1–200, 50 unless asked. */
/** A Henan city code: four digits (4101 郑州市), or six for the province-administered 济源市 (419001). */
export const henanCity = z
  .string()
  .check(z.maxLength(6), z.refine(isHenanCity, '城市代码应为河南省地市代码，如 4101（郑州市）'));
/** Where the next page starts (a signed cursor, functions/lib/cursor.ts). */
export const pageCursor = z.optional(z.string().check(z.maxLength(2000)));
export const pageLimit = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50);
/** R21: a reissue request: why (lost, damaged, …), optional. */
export const reissueRequestBody = z.object({
  reason: z.optional(z.string().check(z.trim(), z.maxLength(200, '理由不超过200字'))),
});
/** N3: the city a batch of paper certificates arrived for (a municipal verifier: its own, if left out). */
export const certificateBatchQuery = z.object({
  city: z.optional(
    z
      .string()
      .check(
        z.maxLength(6, '地市应为河南省地市代码（如 4101）'),
        z.refine(isHenanCity, '地市应为河南省地市代码（如 4101）'),
      ),
  ),
});
