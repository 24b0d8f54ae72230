/**
 * The registration materials handed over with the passing list (R5) as an import of a ZIP: the same
 * job kind as the list (`import`, file format `zip`), the same status and errors.csv; its steps are
 * ./materials-step.ts (the job runner's: only it carries the ZIP reader).
 *
 * And the staff's reading of a candidate's materials, for staff who see the candidate (R1, R24); the
 * list is the same function the candidate's own portal will call (issue 10).
 */
import { createHash } from 'node:crypto';
import { keys } from '../data/tables.js';
import { mayReadCandidate } from '../domain/departments.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import { SNIFF_BYTES } from '../domain/files.js';
import {
  checkArrival,
  checkUploadCount,
  MAX_UPLOAD_BYTES,
  MAX_UPLOADS,
  type Material,
  type MaterialView,
  materialDownloadHeaders,
  materialFileKey,
  materialKeyOf,
  materialView,
  offeredToStaff,
  openableByStaff,
  ruledOutByScan,
  ruledOutMessage,
  SCANNING_MESSAGE,
  type ScanResult,
  type UploadInput,
  uploadKeyOf,
  uploadLimitsText,
  uploadMaterialId,
  uploadTypes,
} from '../domain/materials.js';
import { readCandidate } from '../lib/candidates.js';
import { now } from '../lib/clock.js';
import { type TxItem, tableName, transact } from '../lib/db.js';
import { DOWNLOAD_URL_SECONDS, fileStore, INLINE_MAX } from '../lib/file-store.js';
import { newId } from '../lib/ids.js';
import {
  type MaterialUpload,
  materialsOf,
  readMaterial,
  readUpload,
  uploadItem,
  uploadsOf,
} from '../lib/materials.js';
import { type Actor, actorLabel } from './actor.js';
import { UPLOAD_URL_SECONDS } from './import-files.js';

/** The candidate, if the reader may see them (R1, R24): anyone else is told nothing exists. */
async function visibleCandidate(reader: Actor, examId: string, personId: string) {
  if (reader.kind === 'system') throw notFound('考生记录');
  if (reader.kind === 'candidate' && reader.personId !== personId) throw notFound('考生记录');
  const cand = await readCandidate(examId, personId);
  if (!cand || !mayReadCandidate(reader, cand)) throw notFound('考生记录');
  return cand;
}

/**
 * A candidate's materials for an exam, for whoever may read the candidate: staff in scope now, the
 * candidate themself in the portal later (issue 10), so the check is the candidate detail's own.
 */
export async function listMaterials(reader: Actor, examId: string, personId: string) {
  await visibleCandidate(reader, examId, personId);
  const all = await materialsOf(personId, examId);
  // R23: a threat is never offered; the candidate sees theirs in their own list (refused, with why)
  return { items: all.filter((m) => !ruledOutByScan(m)).map(materialView) };
}

/**
 * One material's file, for whoever may read the candidate; anyone else: 404, nothing revealed. Its
 * bytes — or, for a file larger than a Lambda answer holds (INLINE_MAX) where the store gives download
 * URLs (S3), a short-lived presigned URL to it, after the same checks.
 */
export async function materialFile(
  reader: Actor,
  examId: string,
  personId: string,
  materialId: string,
): Promise<
  { material: MaterialView; headers: { contentType: string; disposition: string } } & (
    | { bytes: Buffer }
    | { url: string }
  )
> {
  await visibleCandidate(reader, examId, personId);
  const m = await readMaterial(personId, examId, materialId);
  if (!m || !offeredToStaff(m)) throw notFound('材料');
  // R23: staff open only what the malware scan found clean (the candidate may open their own)
  if (reader.kind === 'staff' && !openableByStaff(m)) throw new DomainError('CONFLICT', SCANNING_MESSAGE);
  const store = fileStore();
  const key = materialFileKey(m);
  const headers = materialDownloadHeaders(m);
  if (store.downloadUrl) {
    const size = await store.size(key);
    if (size === undefined) throw notFound('材料');
    if (size > INLINE_MAX)
      return {
        material: materialView(m),
        headers,
        url: await store.downloadUrl(key, headers, DOWNLOAD_URL_SECONDS),
      };
  }
  const s = await store.read(key);
  if (!s) throw notFound('材料');
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return { material: materialView(m), headers, bytes: Buffer.concat(chunks) };
}

// ---- the candidate's own materials in the portal (R23, issue 10 §1) ----

/** The signed-in candidate's own record of the exam; staff and anyone else: 404 (the route is the candidate's). */
async function ownRecord(actor: Actor, examId: string) {
  if (actor.kind !== 'candidate') throw notFound('考生记录');
  return visibleCandidate(actor, examId, actor.personId);
}

/** Uploads that count against MAX_UPLOADS: recorded ones and URLs whose file may still arrive. */
function counted(uploads: readonly MaterialUpload[], at: number): number {
  return uploads.filter(
    (u) => !u.source && (u.state === 'recorded' || (u.state === 'awaiting' && u.expiresAt > at)),
  ).length;
}

/**
 * R23: a URL to PUT one file to (a presigned S3 PUT on AWS), under a key of the candidate's own; the
 * file is checked when it arrives (`materialUploadArrived`).
 */
export async function createMaterialUploadUrl(actor: Actor, examId: string, input: UploadInput) {
  await ownRecord(actor, examId);
  const personId = (actor as { personId: string }).personId;
  checkUploadCount(counted(await uploadsOf(personId, examId), now().getTime()));
  return handOutUploadUrl(actor, personId, examId, input);
}

/**
 * An upload URL for one file of a candidate's (the candidate's own, R23, or staff's at the counter, R19:
 * `source: 'staff'`), recorded as awaiting its file with an audit record; its arrival is checked and
 * recorded by `materialUploadArrived` and scanned like every material.
 */
export async function handOutUploadUrl(
  actor: Actor,
  personId: string,
  examId: string,
  input: UploadInput,
  source?: 'staff',
) {
  const at = now();
  const materialId = uploadMaterialId(newId(at));
  const type = uploadTypes[input.contentType];
  const upload: MaterialUpload = {
    personId,
    examId,
    materialId,
    name: input.name,
    type,
    bytes: input.bytes,
    state: 'awaiting',
    createdAt: at.toISOString(),
    expiresAt: at.getTime() + UPLOAD_URL_SECONDS * 1000,
    ...(source ? { source } : {}),
  };
  await transact(
    [
      {
        Put: {
          TableName: tableName('candidates'),
          Item: uploadItem(upload),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    {
      audit: {
        subject: keys.auditSubjectCandidate(examId, personId),
        action: 'material.uploadUrl',
        actor: actorLabel(actor),
        details: { materialId, type, bytes: input.bytes },
      },
    },
  );
  const url = await fileStore().uploadUrl(
    materialFileKey({ examId, personId, materialId, type }),
    input.contentType,
    UPLOAD_URL_SECONDS,
  );
  return { materialId, url, expiresInSeconds: UPLOAD_URL_SECONDS, maxBytes: MAX_UPLOAD_BYTES };
}

async function readAll(key: string): Promise<Buffer> {
  const s = await fileStore().read(key);
  const chunks: Buffer[] = [];
  if (s) for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A candidate's file arrived through its upload URL (S3's event on AWS; the local server's PUT): its
 * size and its type by content (the first bytes, never the name) are checked, and it is recorded as a
 * material (`source: 'candidate'`) or deleted and its upload recorded refused, with why. Once: a second
 * notice of the same file changes nothing; a key no upload URL was made for is ignored.
 */
export async function materialUploadArrived(
  key: string,
): Promise<{ materialId: string; state: 'recorded' | 'refused'; message?: string } | null> {
  const parts = uploadKeyOf(key);
  if (!parts) return null;
  const upload = await readUpload(parts.personId, parts.examId, parts.materialId);
  if (upload?.state !== 'awaiting' || upload.type !== parts.type) return null;
  const store = fileStore();
  const size = (await store.size(key)) ?? 0;
  const bytes = size > 0 && size <= MAX_UPLOAD_BYTES ? await readAll(key) : Buffer.alloc(0);
  const check = checkArrival(upload.type, size, bytes.subarray(0, SNIFF_BYTES));
  const arrivedAt = now().toISOString();
  if (!check.ok) {
    await store.remove(key);
    await settleWithAudit(
      { ...upload, state: 'refused', message: check.message, arrivedAt },
      [],
      'material.refused',
    );
    return { materialId: upload.materialId, state: 'refused', message: check.message };
  }
  const material: Material = {
    materialId: upload.materialId,
    examId: upload.examId,
    personId: upload.personId,
    name: upload.name,
    type: upload.type,
    bytes: size,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    source: upload.source ?? 'candidate',
    addedAt: arrivedAt,
  };
  const recorded = await settleWithAudit({ ...upload, state: 'recorded', arrivedAt }, [
    {
      Put: {
        TableName: tableName('candidates'),
        Item: { ...material, ...keys.material(material.personId, material.examId, material.materialId) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
  // a second notice of the same file, raced past the first: already recorded
  if (!recorded) return null;
  return { materialId: upload.materialId, state: 'recorded' };
}

/**
 * The upload settled (recorded with its material, or refused) and its audit record in one transaction,
 * on condition it still awaits its file: the candidate's timeline shows each arrival (R23). Only the
 * type and size are recorded, never the file's name (N4: it may name a person).
 */
async function settleWithAudit(
  u: MaterialUpload,
  items: TxItem[],
  action = 'material.recorded',
): Promise<boolean> {
  try {
    await transact(
      [
        ...items,
        {
          Put: {
            TableName: tableName('candidates'),
            Item: uploadItem(u),
            ConditionExpression: '#s = :awaiting',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':awaiting': 'awaiting' },
          },
        },
      ],
      {
        audit: {
          subject: keys.auditSubjectCandidate(u.examId, u.personId),
          action,
          actor: 'system:upload',
          details: { materialId: u.materialId, type: u.type },
        },
      },
    );
    return true;
  } catch (e) {
    if (e instanceof ConflictError) return false;
    throw e;
  }
}

/**
 * R23: the signed-in candidate's own materials for the exam — handed over and uploaded — to reuse by
 * choosing them, with the uploads refused (and why) and the limits as the page states them.
 */
export async function ownMaterials(actor: Actor, examId: string) {
  await ownRecord(actor, examId);
  const personId = (actor as { personId: string }).personId;
  const [materials, uploads] = await Promise.all([
    materialsOf(personId, examId),
    uploadsOf(personId, examId),
  ]);
  return {
    // R23: a file the scan found a threat in is not offered again; its upload is listed refused, with why
    items: materials.filter((m) => !ruledOutByScan(m)).map(materialView),
    refused: uploads
      .filter((u) => u.state === 'refused')
      .map((u) => ({
        materialId: u.materialId,
        name: u.name,
        message: u.message ?? '',
        at: u.arrivedAt ?? u.createdAt,
      })),
    limits: {
      types: Object.keys(uploadTypes),
      maxBytes: MAX_UPLOAD_BYTES,
      maxFiles: MAX_UPLOADS,
      uploaded: counted(uploads, now().getTime()),
      text: uploadLimitsText,
    },
  };
}

// ---- the malware scan of a material's file (R23) ----

const SCANNER = 'system:malware-scan';

/**
 * R23: the malware scan's result for a material's file (GuardDuty Malware Protection for S3 on AWS,
 * through functions/handlers/scan-result.ts; the local scanner locally), recorded on the material
 * (`scan`) with an audit record. Clean: staff may open it. A threat: never offered again — the file is
 * deleted, and a candidate's upload is recorded refused with why, so the candidate is told in their
 * list and may upload another. A threat is final (a later clean result does not undo it); a result
 * already recorded changes nothing. A scan that finished before the file's arrival was handled is
 * refused (thrown) so that it is delivered again later; a key of no material is ignored.
 */
export async function materialScanned(
  key: string,
  result: ScanResult,
): Promise<{ materialId: string; scan: ScanResult } | null> {
  const parts = materialKeyOf(key);
  if (!parts) return null;
  const { examId, personId, materialId } = parts;
  const m = await readMaterial(personId, examId, materialId);
  if (!m) {
    const upload = materialId.endsWith('-u') ? await readUpload(personId, examId, materialId) : undefined;
    if (upload?.state === 'awaiting')
      throw new Error(`material ${materialId}: scanned before its arrival was recorded; try again`);
    return null;
  }
  if (ruledOutByScan(m) || m.scan === result) {
    if (ruledOutByScan(m)) await fileStore().remove(key);
    return { materialId, scan: m.scan as ScanResult };
  }
  const at = now().toISOString();
  const items: TxItem[] = [
    {
      Update: {
        TableName: tableName('candidates'),
        Key: keys.material(personId, examId, materialId),
        UpdateExpression: 'SET #scan = :r, scannedAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(#scan) OR (#scan <> :threat AND #scan <> :unscannable))',
        ExpressionAttributeNames: { '#scan': 'scan' },
        ExpressionAttributeValues: {
          ':r': result,
          ':at': at,
          ':threat': 'threat',
          ':unscannable': 'unscannable',
        },
      },
    },
  ];
  const ruledOut = result !== 'clean';
  if (ruledOut && m.source !== 'handover')
    items.push({
      Update: {
        TableName: tableName('candidates'),
        Key: keys.materialUpload(personId, examId, materialId),
        UpdateExpression: 'SET #s = :refused, message = :why',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':refused': 'refused', ':why': ruledOutMessage(result) },
      },
    });
  await transact(items, {
    audit: {
      subject: keys.auditSubjectCandidate(examId, personId),
      action: {
        threat: 'material.threatFound',
        unscannable: 'material.unscannable',
        clean: 'material.scannedClean',
      }[result],
      actor: SCANNER,
      details: { materialId, scan: result },
    },
  });
  // the record first: a file ruled out is never offered from then on, then it goes
  if (ruledOut) await fileStore().remove(key);
  return { materialId, scan: result };
}
