/** The routes of functions/handlers/materials.ts, in the one route list (functions/routes.ts). */

import { MATERIAL_ID, uploadInputSchema } from '../domain/materials.js';
import * as z from '../domain/zod.js';
import { candidatePath, examIdPath, reissueRequestBody } from './params.js';
import type { RouteSpec } from './spec.js';

export const materialPath = z.extend(candidatePath, {
  materialId: z.string().check(z.regex(MATERIAL_ID, '材料编号格式不正确')),
});

export const api = {
  listMaterials: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/materials',
    module: 'materials',
    exportName: 'listMaterials',
    summary:
      "R5, R23: a candidate's materials for the exam (name, type, size, when, where from), for the candidate themself or staff who see the candidate (R1); anyone else 404",
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getMaterial: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/materials/{materialId}',
    module: 'materials',
    exportName: 'getMaterial',
    summary:
      'R5, R23: one material, the file itself (PDF, JPEG or PNG, as a download), for the candidate themself or staff who see the candidate (R1); anyone else 404',
    access: 'any',
    input: { path: materialPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['materials'],
  },
  postMaterialUploadUrl: {
    method: 'POST',
    path: '/api/exams/{examId}/materials/upload-url',
    module: 'materials',
    exportName: 'postMaterialUploadUrl',
    summary:
      'R23: the signed-in candidate, for their own record: a URL (valid 15 minutes) to PUT one PDF, JPEG or PNG (≤ 10 MB, ≤ 10 per exam) to; on arrival it is checked by content and recorded or refused → { materialId, url }',
    access: 'any',
    input: { path: examIdPath, body: uploadInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['materials'],
  },
  listOwnMaterials: {
    method: 'GET',
    path: '/api/exams/{examId}/materials',
    module: 'materials',
    exportName: 'listOwnMaterials',
    summary:
      "R23: the signed-in candidate's own materials for the exam (handed over and uploaded, to reuse by choosing them), the uploads refused and why, and the limits",
    access: 'any',
    input: { path: examIdPath, body: reissueRequestBody },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/materials.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
