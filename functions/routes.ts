/**
 * The HTTP API, defined once: the CDK stack makes one Lambda function and one route per entry, with
 * grants from `tables`; the local server (scripts/local/server.ts) dispatches the same entries to the
 * same handler modules. Paths use API Gateway's `{param}` syntax.
 */
import type { TableId } from './data/tables.js';

export type Access = 'public' | 'staff' | 'candidate' | 'any';

/** The handler modules under functions/handlers that serve HTTP routes. */
export type HandlerModule =
  | 'me'
  | 'exams'
  | 'candidates'
  | 'outbox'
  | 'calendar'
  | 'identify'
  | 'exam-events'
  | 'exam-schedule';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** file under functions/handlers, without extension */
  module: HandlerModule;
  /** exported handler name in that module */
  exportName: string;
  /** who may call it: 'public' routes carry no authorizer */
  access: Access;
  reads: TableId[];
  writes: TableId[];
}

export const routes: RouteSpec[] = [
  {
    // candidate sign-in on AWS: ID number + name → the person id, the Cognito username of the candidate
    method: 'POST',
    path: '/api/auth/candidate/identify',
    module: 'identify',
    exportName: 'identify',
    access: 'public',
    reads: ['candidates'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/me',
    module: 'me',
    exportName: 'getMe',
    access: 'any',
    reads: ['candidates', 'catalog'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/exams',
    module: 'exams',
    exportName: 'listExams',
    access: 'staff',
    reads: ['catalog'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/exams/{examId}',
    module: 'exams',
    exportName: 'getExam',
    access: 'staff',
    reads: ['catalog'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/exams/{examId}/candidates',
    module: 'candidates',
    exportName: 'listCandidates',
    access: 'staff',
    reads: ['catalog', 'candidates'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}',
    module: 'candidates',
    exportName: 'getCandidate',
    access: 'any',
    reads: ['catalog', 'candidates'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/outbox',
    module: 'outbox',
    exportName: 'listOutbox',
    access: 'staff',
    reads: ['outbox', 'catalog'],
    writes: [],
  },
  {
    method: 'GET',
    path: '/api/calendar',
    module: 'calendar',
    exportName: 'getCalendar',
    access: 'staff',
    reads: ['catalog'],
    writes: [],
  },
  {
    method: 'PUT',
    path: '/api/calendar/{year}',
    module: 'calendar',
    exportName: 'putCalendarYear',
    access: 'staff',
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'audit', 'candidates', 'outbox'],
  },
  {
    method: 'POST',
    path: '/api/exams/{examId}/events',
    module: 'exam-events',
    exportName: 'postExamEvent',
    access: 'staff',
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'candidates', 'audit', 'outbox'],
  },
  {
    method: 'PUT',
    path: '/api/exams/{examId}/schedule',
    module: 'exam-schedule',
    exportName: 'putExamSchedule',
    access: 'staff',
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'candidates', 'audit', 'outbox'],
  },
];

/**
 * Login endpoints of local mode only. Locally they are served by the local server and mint tokens with
 * the local key; on AWS, Cognito does the same job (staff: user pool password sign-in; candidates:
 * `/api/auth/candidate/identify` above, then custom-auth triggers in functions/handlers/cognito-triggers.ts
 * that call the same login service). The web picks one or the other from /config.json (web/auth.ts).
 */
export const localAuthRoutes = {
  staffLogin: '/api/auth/staff/login',
  candidateStart: '/api/auth/candidate/start',
  candidateVerify: '/api/auth/candidate/verify',
} as const;
