/**
 * S3's notice (through EventBridge: infra/constructs/files.ts) that an object was created in the files
 * bucket: a list PUT to its upload URL starts its import (functions/acts/imports.ts `uploadArrived`);
 * any other key is ignored.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { uploadArrived } from '../acts/imports.js';
import { logger } from '../lib/logger.js';

type ObjectCreated = { bucket: { name: string }; object: { key: string; size?: number } };

export const handler = async (event: EventBridgeEvent<'Object Created', ObjectCreated>): Promise<void> => {
  const key = event.detail.object.key;
  const job = await uploadArrived(key);
  logger.info('upload arrived', { key, importId: job?.jobId ?? null });
};
