/**
 * A candidate's materials (functions/acts/materials.ts): the list, and one file as a download, for
 * the candidate themself or staff who see the candidate (R1); the candidate's own upload URL and list
 * (R23); anyone else gets 404.
 */
import { actorOf } from '../acts/actor.js';
import {
  createMaterialUploadUrl,
  listMaterials as list,
  materialFile,
  ownMaterials,
} from '../acts/materials.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/materials.js';

/** GET /api/exams/{examId}/candidates/{personId}/materials — the candidate's materials. */
export const listMaterials = httpHandler(api.listMaterials, async ({ who, path }) =>
  list(await actorOf(who), path.examId, path.personId),
);

/**
 * GET …/materials/{materialId} — the file, with its own content type, as an attachment; a file too
 * large for a Lambda answer is a 303 to a short-lived presigned URL (AWS), which answers the same headers.
 */
export const getMaterial = httpHandler(api.getMaterial, async ({ who, path }) => {
  const file = await materialFile(await actorOf(who), path.examId, path.personId, path.materialId);
  if ('url' in file) return { status: 303, text: '', headers: { location: file.url } };
  return {
    status: 200,
    bytes: file.bytes,
    headers: { 'content-type': file.headers.contentType, 'content-disposition': file.headers.disposition },
  };
});

/** POST /api/exams/{examId}/materials/upload-url — the candidate's URL to PUT one file to (R23). */
export const postMaterialUploadUrl = httpHandler(api.postMaterialUploadUrl, async ({ who, path, body }) => ({
  status: 201,
  body: await createMaterialUploadUrl(await actorOf(who), path.examId, body),
}));

/** GET /api/exams/{examId}/materials — the candidate's own materials, to reuse (R23). */
export const listOwnMaterials = httpHandler(api.listOwnMaterials, async ({ who, path }) =>
  ownMaterials(await actorOf(who), path.examId),
);
