/**
 * Departments and staff accounts administered by hr (R1, R24): create, sign in, move, disable — each with
 * its audit record; a change takes effect at once, even for a token issued before it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '../../functions/lib/db.js';
import { setStaffDirectory } from '../../functions/lib/staff-directory.js';
import { localStaffDirectory } from '../../scripts/local/auth.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let hr: string;
const PASSWORD = 'Luoyang#2026-verify';
const OWN_PASSWORD = 'Mine#Luoyang-2026';
const paper = () => (demoExams(new Date())[0] as { id: string }).id;

const audit = async (subject: string) =>
  (
    (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': subject },
        }),
      )
    ).Items ?? []
  )
    .map((i) => String(i.action))
    .filter((a) => a.startsWith('staff.') || a.startsWith('department.')); // not the sign-in failures

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

describe('departments and staff accounts', () => {
  it('R1: hr creates a municipal department; one without its city, or without exam types, is refused with the field', async () => {
    const ok = await api.post(
      '/api/departments',
      {
        id: 'zjt-4103',
        name: '洛阳市住房和城乡建设局',
        kind: 'municipalVerifier',
        examTypes: ['JZS1'],
        city: '4103',
      },
      hr,
    );
    expect(ok.status).toBe(201);
    expect(await audit('DEPT#zjt-4103')).toEqual(['department.created']);
    for (const [body, field] of [
      [{ id: 'zjt-x1', name: '某市住建局', kind: 'municipalVerifier', examTypes: ['JZS1'] }, 'city'],
      [{ id: 'zjt-x2', name: '某厅', kind: 'provincialVerifier', examTypes: [] }, 'examTypes'],
      [{ id: 'zjt-4103', name: '重复', kind: 'municipalVerifier', examTypes: ['JZS1'], city: '4103' }, ''],
    ] as const) {
      const r = await api.post('/api/departments', body, hr);
      expect([field, r.status]).toEqual([field, field ? 400 : 409]);
      if (field) expect(r.body.error.details.fields[0].field).toBe(field);
    }
  });

  it('R1: hr creates an account in it: it signs in, its role follows the department, it sees only its city', async () => {
    const weak = await api.post(
      '/api/staff',
      { username: 'ly.verifier', deptId: 'zjt-4103', password: 'short' },
      hr,
    );
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields[0].field).toBe('password');
    const made = await api.post(
      '/api/staff',
      { username: 'ly.verifier', deptId: 'zjt-4103', password: PASSWORD },
      hr,
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: 'ly.verifier', deptId: 'zjt-4103', role: 'verifier' });
    expect(JSON.stringify(made.body)).not.toContain('passwordHash');
    expect(await audit('STAFF#ly.verifier')).toEqual(['staff.created']);
    const again = await api.post(
      '/api/staff',
      { username: 'ly.verifier', deptId: 'zjt-4103', password: PASSWORD },
      hr,
    );
    expect(again.status).toBe(409);
    // the first sign-in with hr's password asks for a new one; the new one must follow the policy
    const first = await api.call('POST', '/api/auth/staff/login', {
      body: { username: 'ly.verifier', password: PASSWORD },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ challenge: 'newPassword' });
    const setPw = (newPassword: string) =>
      api.call('POST', '/api/auth/staff/new-password', {
        body: { username: 'ly.verifier', password: PASSWORD, newPassword },
      });
    for (const bad of ['short', PASSWORD]) {
      const r = await setPw(bad);
      expect([bad, r.status, r.body.error.details.fields[0].field]).toEqual([bad, 400, 'newPassword']);
    }
    const set = await setPw(OWN_PASSWORD);
    expect(set.status).toBe(200);
    expect(set.body.token).toEqual(expect.any(String));
    expect(await audit('STAFF#ly.verifier')).toEqual(['staff.created', 'staff.passwordSet']);
    // hr's password is gone; the new one signs in
    expect(
      (
        await api.call('POST', '/api/auth/staff/login', {
          body: { username: 'ly.verifier', password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    const ly = await api.staffToken('ly.verifier', OWN_PASSWORD);
    const queue = await api.get(`/api/exams/${paper()}/candidates?limit=200`, ly);
    expect(queue.status).toBe(200);
    expect(new Set(queue.body.items.map((c: { city: string }) => c.city))).toEqual(new Set(['4103']));
    const listed = await api.get('/api/staff', hr);
    expect(listed.body.staff.map((a: { username: string }) => a.username)).toContain('ly.verifier');
    expect(JSON.stringify(listed.body)).not.toContain('passwordHash');
  });

  it('R1: moving an account to another department changes what it may do at once, even with its old token', async () => {
    const ly = await api.staffToken('ly.verifier', OWN_PASSWORD);
    const moved = await api.call('PUT', '/api/staff/ly.verifier', { token: hr, body: { deptId: 'zjt' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ deptId: 'zjt', role: 'verifier' });
    // the provincial department sees every city with the very same token
    const queue = await api.get(`/api/exams/${paper()}/candidates?limit=200`, ly);
    expect(new Set(queue.body.items.map((c: { city: string }) => c.city)).size).toBeGreaterThan(1);
    expect(await audit('STAFF#ly.verifier')).toEqual([
      'staff.created',
      'staff.passwordSet',
      'staff.reassigned',
    ]);
  });

  it('R24: a disabled account is refused at once (its token too) and cannot sign in; hr cannot disable itself', async () => {
    const ly = await api.staffToken('ly.verifier', OWN_PASSWORD);
    expect(
      (await api.call('PUT', '/api/staff/ly.verifier', { token: hr, body: { disabled: true } })).status,
    ).toBe(200);
    const refused = await api.get('/api/exams', ly);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('已停用');
    const login = await api.call('POST', '/api/auth/staff/login', {
      body: { username: 'ly.verifier', password: OWN_PASSWORD },
    });
    expect(login.status).toBe(401);
    expect(login.body.error.message).toContain('已停用');
    expect(
      (await api.call('PUT', '/api/staff/ly.verifier', { token: hr, body: { disabled: false } })).status,
    ).toBe(200);
    expect((await api.get('/api/exams', ly)).status).toBe(200);
    const self = await api.call('PUT', '/api/staff/hr.admin', { token: hr, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect((await api.get('/api/exams', hr)).status).toBe(200);
    expect(await audit('STAFF#ly.verifier')).toEqual([
      'staff.created',
      'staff.passwordSet',
      'staff.reassigned',
      'staff.disabled',
      'staff.enabled',
    ]);
  });

  it('R1: only hr administers departments and accounts', async () => {
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    expect((await api.get('/api/staff', zjt)).status).toBe(403);
    const r = await api.post(
      '/api/staff',
      { username: 'x.verifier', deptId: 'zjt', password: PASSWORD },
      zjt,
    );
    expect(r.status).toBe(403);
    expect(
      (await api.call('PUT', '/api/staff/zz.verifier', { token: zjt, body: { disabled: true } })).status,
    ).toBe(403);
  });

  it('credentials the directory already holds with no account record (a creation that failed half-way) are taken over', async () => {
    const adopted: string[] = [];
    setStaffDirectory({
      ...localStaffDirectory,
      create: async () => {
        throw Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' });
      },
      adopt: async (a, password) => {
        adopted.push(a.username);
        return localStaffDirectory.adopt(a, password);
      },
    });
    try {
      const r = await api.post(
        '/api/staff',
        { username: 'orphan.verifier', deptId: 'zjt', password: PASSWORD },
        hr,
      );
      expect(r.status).toBe(201);
      expect(adopted).toEqual(['orphan.verifier']);
      // a name that has a record is taken, whatever the directory says
      const again = await api.post(
        '/api/staff',
        { username: 'orphan.verifier', deptId: 'zjt', password: PASSWORD },
        hr,
      );
      expect(again.status).toBe(409);
      expect(adopted).toEqual(['orphan.verifier']);
    } finally {
      setStaffDirectory(localStaffDirectory);
    }
  });
});

describe('creating the same account twice at once', () => {
  it('the name is reserved first: one creation wins, the other is told at once, and the directory is asked once', async () => {
    const created: string[] = [];
    setStaffDirectory({
      ...localStaffDirectory,
      create: async (a, password) => {
        created.push(a.username);
        await new Promise((ok) => setTimeout(ok, 50)); // the directory is slow: both requests are in flight
        return localStaffDirectory.create(a, password);
      },
      adopt: async () => {
        throw new Error('a reservation holder never needs to take over here');
      },
    });
    try {
      const body = { username: 'twice.verifier', deptId: 'zjt', password: PASSWORD };
      const [a, b] = await Promise.all([api.post('/api/staff', body, hr), api.post('/api/staff', body, hr)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect(created).toEqual(['twice.verifier']);
      expect(await audit('STAFF#twice.verifier')).toEqual(['staff.created']);
      // the account that won signs in with its password (first: choose a new one)
      const login = await api.post('/api/auth/staff/login', {
        username: 'twice.verifier',
        password: PASSWORD,
      });
      expect(login.body).toEqual({ challenge: 'newPassword' });
    } finally {
      setStaffDirectory(localStaffDirectory);
    }
  });

  it('a creation whose directory step fails frees the name again, and nobody can sign in with the reservation meanwhile', async () => {
    let fail = true;
    let during: number | undefined;
    setStaffDirectory({
      ...localStaffDirectory,
      create: async (a, password) => {
        const r = await api.post('/api/auth/staff/login', { username: a.username, password });
        during = r.status;
        if (fail) throw new Error('directory unavailable');
        return localStaffDirectory.create(a, password);
      },
    });
    try {
      const body = { username: 'retry.verifier', deptId: 'zjt', password: PASSWORD };
      expect((await api.post('/api/staff', body, hr)).status).toBe(500);
      expect(during).toBe(401);
      const list = await api.get('/api/staff', hr);
      expect(list.body.staff.map((s: { username: string }) => s.username)).not.toContain('retry.verifier');
      fail = false;
      expect((await api.post('/api/staff', body, hr)).status).toBe(201);
      expect(await audit('STAFF#retry.verifier')).toEqual(['staff.created']);
    } finally {
      setStaffDirectory(localStaffDirectory);
    }
  });
});

describe('a lost authenticator (AWS)', () => {
  it("R1: hr resets another account's authenticator: the directory turns TOTP off, with its audit record; its own is refused", async () => {
    const reset: string[] = [];
    setStaffDirectory({
      ...localStaffDirectory,
      resetTotp: async (username) => {
        reset.push(username);
      },
    });
    try {
      const r = await api.call('PUT', '/api/staff/zz.verifier', { token: hr, body: { resetTotp: true } });
      expect(r.status).toBe(200);
      expect(r.body.totpResetAt).toEqual(expect.any(String));
      expect(r.body.disabled).toBeFalsy();
      expect(reset).toEqual(['zz.verifier']);
      expect(await audit('STAFF#zz.verifier')).toContain('staff.totpReset');
      const own = await api.call('PUT', '/api/staff/hr.admin', { token: hr, body: { resetTotp: true } });
      expect(own.status).toBe(409);
      expect(own.body.error.details.fields[0].field).toBe('resetTotp');
      expect(reset).toEqual(['zz.verifier']);
      // only hr may
      const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
      expect(
        (await api.call('PUT', '/api/staff/zz.verifier', { token: zjt, body: { resetTotp: true } })).status,
      ).toBe(403);
      expect(reset).toEqual(['zz.verifier']);
    } finally {
      setStaffDirectory(localStaffDirectory);
    }
  });
});

describe("the deployment's first hr account (custom resource)", () => {
  const event = (RequestType: 'Create' | 'Update' | 'Delete', props: Record<string, unknown>) =>
    ({
      RequestType,
      PhysicalResourceId: 'first-admin',
      ResourceProperties: { ServiceToken: 'arn', ...props },
    }) as never;

  it('creates the HR department (if missing) and one hr account, invited by e-mail, each with its audit record; a redeployment changes nothing', async () => {
    const invited: { username: string; role: string; deptId: string; email: string }[] = [];
    setStaffDirectory({
      ...localStaffDirectory,
      invite: async (a) => {
        invited.push({ username: a.username, role: a.role, deptId: a.deptId, email: a.email });
        return localStaffDirectory.invite(a);
      },
    });
    const { onEvent } = await import('../../functions/handlers/first-admin.js');
    try {
      const props = { username: 'first.admin', email: 'first.admin@example.gov.cn' };
      const r = await onEvent(event('Create', props));
      expect(r).toEqual({ PhysicalResourceId: 'first-admin', Data: { created: 'true' } });
      expect(invited).toEqual([{ username: 'first.admin', role: 'hr', deptId: 'hr', email: props.email }]);
      expect(await audit('STAFF#first.admin')).toEqual(['staff.created']);
      // the seeded HR department was there already: kept as it was, no second record
      expect(await audit('DEPT#hr')).toEqual([]);
      const list = await api.get('/api/staff', hr);
      const made = list.body.staff.find((s: { username: string }) => s.username === 'first.admin');
      expect(made).toMatchObject({
        deptId: 'hr',
        role: 'hr',
        email: props.email,
        mustChangePassword: true,
        createdBy: 'system:bootstrap',
      });
      expect(made.passwordHash).toBeUndefined();
      // Update (a redeployment) and Delete change nothing
      expect(await onEvent(event('Update', props))).toEqual({
        PhysicalResourceId: 'first-admin',
        Data: { created: 'false' },
      });
      expect(await onEvent(event('Delete', props))).toEqual({ PhysicalResourceId: 'first-admin' });
      expect(invited).toHaveLength(1);
      expect(await audit('STAFF#first.admin')).toEqual(['staff.created']);
    } finally {
      setStaffDirectory(localStaffDirectory);
    }
  });

  it('refuses a username or e-mail that is not valid, writing nothing', async () => {
    const { onEvent } = await import('../../functions/handlers/first-admin.js');
    await expect(
      onEvent(event('Create', { username: 'X', email: 'first@example.gov.cn' })),
    ).rejects.toThrow();
    await expect(
      onEvent(event('Create', { username: 'second.admin', email: 'not-an-email' })),
    ).rejects.toThrow();
    expect(await audit('STAFF#second.admin')).toEqual([]);
  });
});
