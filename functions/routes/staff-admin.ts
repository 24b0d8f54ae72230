/** The routes of functions/handlers/staff-admin.ts, in the one route list (functions/routes.ts). */

import { departmentInputSchema, staffAccountInputSchema, staffUpdateSchema } from '../domain/staff.js';
import * as z from '../domain/zod.js';
import type { RouteSpec } from './spec.js';

export const usernamePath = z.object({
  username: z.string().check(z.regex(/^[a-z][a-z0-9._-]{2,31}$/, '用户名格式不正确')),
});

export const api = {
  listStaff: {
    method: 'GET',
    path: '/api/staff',
    module: 'staff-admin',
    exportName: 'listStaff',
    summary: 'Every department and staff account (hr, R1, R24)',
    access: 'staff',
    input: {},
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  createDepartment: {
    method: 'POST',
    path: '/api/departments',
    module: 'staff-admin',
    exportName: 'createDepartment',
    summary: 'hr creates a department: its kind, exam types and, for a municipal verifier, its city (R1)',
    access: 'staff',
    input: { body: departmentInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  createStaffAccount: {
    method: 'POST',
    path: '/api/staff',
    module: 'staff-admin',
    exportName: 'createStaffAccount',
    summary: 'hr creates a staff account in a department (its role follows from the department)',
    access: 'staff',
    input: { body: staffAccountInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    staffDirectory: true,
  },
  updateStaffAccount: {
    method: 'PUT',
    path: '/api/staff/{username}',
    module: 'staff-admin',
    exportName: 'updateStaffAccount',
    summary: 'hr moves a staff account to another department, or disables / enables it (at once)',
    access: 'staff',
    input: { path: usernamePath, body: staffUpdateSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    staffDirectory: true,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/staff-admin.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
