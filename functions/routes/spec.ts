/**
 * What a route list entry is (functions/routes.ts lists them all; each handler module's own are in
 * functions/routes/<module>.ts): its method, path, handler, who may call it, the schemas of its inputs,
 * the tables it reads and writes, and what else its function is granted.
 */
import type * as z4 from 'zod/v4/core';
import type { TableId } from '../data/tables.js';

export type Access = 'public' | 'staff' | 'candidate' | 'any';

/**
 * The parts of the files store: `imports/` (an import's files, kept 30 days), `materials/` (kept),
 * `certificates/` (certificate PDFs rendered on first download, kept 90 days, then rendered again).
 */
export type FileArea = 'certificates' | 'imports' | 'materials' | 'objections' | 'reports' | 'seals' | 'work';

/**
 * What a route needs to do to lifecycle executions (its module's function gets the most any of its
 * routes needs): nothing; wake a waiting one
 * (SendTaskSuccess/Failure); or drive them (also start and stop executions). Long work that wakes or
 * starts executions for a whole exam is a job, run by the job worker, which has those grants instead.
 */
export type LifecyclePermission = 'none' | 'wake' | 'drive';

/** The handler modules under functions/handlers that serve HTTP routes. */
export type HandlerModule =
  | 'me'
  | 'exams'
  | 'candidates'
  | 'outbox'
  | 'calendar'
  | 'candidate-auth'
  | 'imports'
  | 'notices'
  | 'objections'
  | 'exam-events'
  | 'certificate-seals'
  | 'exam-schedule'
  | 'jobs'
  | 'exam-admin'
  | 'staff-admin'
  | 'materials'
  | 'spot-checks'
  | 'bulk-decisions'
  | 'reports'
  | 'revocations'
  | 'certificate-check'
  | 'certificates'
  | 'bookings'
  | 'certificate-batches'
  | 'collection'
  | 'dispatch'
  | 'openapi';

export interface RouteInput {
  path?: z4.$ZodType;
  query?: z4.$ZodType;
  body?: z4.$ZodType;
  /** prefix of body field names in error details (e.g. `overrides` → `overrides.noticeDays`) */
  bodyField?: string;
  /** the body is a file, not JSON: its content types and the most bytes taken (and, for a form, its fields' schema) */
  raw?: { types: readonly string[]; maxBytes: number; fields?: z4.$ZodType };
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** file under functions/handlers, without extension */
  module: HandlerModule;
  /** exported handler name in that module */
  exportName: string;
  /** one line for the API document */
  summary: string;
  /** who may call it: 'public' routes carry no authorizer */
  access: Access;
  input: RouteInput;
  reads: readonly TableId[];
  writes: readonly TableId[];
  /** true if it hashes ID numbers or login codes, or signs page cursors (functions/lib/ids.ts, cursor.ts) */
  personIdKey: boolean;
  lifecycle: LifecyclePermission;
  /** true if it starts long work (writes a job and announces it on the job queue) */
  startsJobs: boolean;
  /** true if it manages staff credentials (on AWS: the Cognito user pool's admin API) */
  staffDirectory?: true;
  /** true if it mints candidate tokens (on AWS: creates candidate users, admin custom-auth sign-in) */
  candidateTokens?: true;
  /** what it does with the files store (uploaded lists and what jobs make of them): read, or read and write */
  files?: 'read' | 'write';
  /** which parts of the files store (`files`): an import's own files (the default), or candidates' materials */
  fileAreas?: readonly FileArea[];
  /** true if it serves certificate PDFs (on AWS the file worker renders them: infra/constructs/file-worker.ts) */
  certificatePdf?: true;
  /**
   * true if it needs PDF or spreadsheet work in the request (an inline list's XLSX header, the seal's
   * PNG check): the file worker does it (functions/lib/file-worker.ts), which on AWS this route's
   * function may invoke (infra/constructs/file-worker.ts); the function itself carries neither library
   */
  fileWork?: true;
  /** this route's own rate (on AWS the API stage's route throttling), below the stage's */
  throttle?: { ratePerSecond: number; burst: number };
  /** true if it answers an HTML page, its refusals too (a 4xx page naming the field), not JSON */
  page?: true;
  /** the longest it may run, in seconds (15 unless said; its module's function gets its routes' longest) */
  timeoutSeconds?: number;
}
