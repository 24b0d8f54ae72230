import { staffActorOf } from '../acts/actor.js';
import {
  createStaffAccount as createAccount,
  createDepartment as createDept,
  departmentsAndStaff,
  updateStaffAccount as updateAccount,
} from '../acts/staff-admin.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/staff-admin.js';

/** GET /api/staff — every department and staff account (hr). */
export const listStaff = httpHandler(api.listStaff, async ({ who }) =>
  departmentsAndStaff(await staffActorOf(who)),
);

/** POST /api/departments — hr creates a department. */
export const createDepartment = httpHandler(api.createDepartment, async ({ who, body }) =>
  createDept(await staffActorOf(who), body),
);

/** POST /api/staff — hr creates a staff account. */
export const createStaffAccount = httpHandler(api.createStaffAccount, async ({ who, body }) =>
  createAccount(await staffActorOf(who), body),
);

/** PUT /api/staff/{username} — hr moves an account to another department, or disables / enables it. */
export const updateStaffAccount = httpHandler(api.updateStaffAccount, async ({ who, path, body }) =>
  updateAccount(await staffActorOf(who), path.username, body),
);
