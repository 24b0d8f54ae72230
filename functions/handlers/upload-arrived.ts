/**
 * S3's notice (through EventBridge: infra/constructs/files.ts) that an object was created in the files
 * bucket: a list PUT to its upload URL starts its import (functions/acts/imports.ts `uploadArrived`);
 * a candidate's material under `materials/` is checked and recorded or refused
 * (functions/acts/materials.ts `materialUploadArrived`); any other key is ignored.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { uploadArrived } from '../acts/imports.js';
import { materialUploadArrived } from '../acts/materials.js';
import { logger } from '../lib/logger.js';

type ObjectCreated = { bucket: { name: string }; object: { key: string; size?: number } };

export const handler = async (event: EventBridgeEvent<'Object Created', ObjectCreated>): Promise<void> => {
  const key = event.detail.object.key;
  if (key.startsWith('materials/')) {
    // a candidate's own upload (R23): checked by content and recorded, or deleted and refused
    const r = await materialUploadArrived(key);
    logger.info('material upload arrived', { materialId: r?.materialId ?? null, state: r?.state ?? null });
    return;
  }
  const job = await uploadArrived(key);
  logger.info('upload arrived', { key, importId: job?.jobId ?? null });
};
