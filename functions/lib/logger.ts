import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger. Never log a full ID number or phone number: log person ids or masked values. */
export const logger = new Logger({
  serviceName: 'cert-workflow',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
