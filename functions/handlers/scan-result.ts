/**
 * GuardDuty Malware Protection for S3's "Malware Protection Object Scan Result" (through EventBridge:
 * infra/constructs/files.ts `onScanResult`) for a file under `materials/`: its result recorded on the
 * material (functions/acts/materials.ts `materialScanned`, R23). A file the scan could not look into is
 * ruled out like a threat (the candidate is told to upload another); a scan that failed or was denied
 * access is logged as an error for operations and changes nothing (the material stays unscanned, not
 * opened by staff).
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { materialScanned } from '../acts/materials.js';
import { scanResultOf } from '../domain/materials.js';
import { logger } from '../lib/logger.js';

type ScanResultDetail = {
  scanStatus?: string;
  resourceType?: string;
  s3ObjectDetails?: { bucketName?: string; objectKey?: string };
  scanResultDetails?: { scanResultStatus?: string } | null;
};

export const handler = async (
  event: EventBridgeEvent<'GuardDuty Malware Protection Object Scan Result', ScanResultDetail>,
): Promise<void> => {
  const key = event.detail.s3ObjectDetails?.objectKey ?? '';
  const result = scanResultOf(event.detail);
  if (!result) {
    logger.error('malware scan without a result', {
      scanStatus: event.detail.scanStatus ?? null,
      scanResultStatus: event.detail.scanResultDetails?.scanResultStatus ?? null,
    });
    return;
  }
  const r = await materialScanned(key, result);
  logger.info('material scanned', { materialId: r?.materialId ?? null, scan: r?.scan ?? null });
};
