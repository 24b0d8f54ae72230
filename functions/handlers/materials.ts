/**
 * A candidate's materials (functions/acts/materials.ts): the list, and one file as a download, for
 * staff who see the candidate (R1); anyone else gets 404.
 */
import { staffActorOf } from '../acts/actor.js';
import { listMaterials as list, materialFile } from '../acts/materials.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes.js';

/** GET /api/exams/{examId}/candidates/{personId}/materials — the candidate's materials. */
export const listMaterials = httpHandler(api.listMaterials, async ({ who, path }) =>
  list(await staffActorOf(who), path.examId, path.personId),
);

/** GET …/materials/{materialId} — the file, with its own content type, as an attachment. */
export const getMaterial = httpHandler(api.getMaterial, async ({ who, path }) => {
  const { material, bytes } = await materialFile(
    await staffActorOf(who),
    path.examId,
    path.personId,
    path.materialId,
  );
  const ascii = `material-${material.materialId}.${material.type}`;
  return {
    status: 200,
    bytes,
    headers: {
      'content-type': material.mime,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(material.name)}`,
    },
  };
});
