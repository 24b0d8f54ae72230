/**
 * The login endpoints of local mode, built like every other handler (functions/lib/http.ts) so they
 * answer in the same error shape. On AWS, Cognito plays this part (see functions/routes.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/data/tables.js';
import type { StaffRole } from '../../functions/domain/departments.js';
import { DomainError } from '../../functions/domain/errors.js';
import {
  candidateStartSchema,
  candidateVerifySchema,
  staffLoginSchema,
} from '../../functions/domain/login.js';
import { startLogin, verifyLogin } from '../../functions/lib/candidate-login.js';
import { getDepartment } from '../../functions/lib/catalog.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { httpHandler } from '../../functions/lib/http.js';
import { checkPassword } from './passwords.js';
import type { LocalIssuer } from './tokens.js';

export interface StaffAccount {
  username: string;
  passwordHash: string;
  role: StaffRole;
  deptId: string;
}

export function localAuthHandlers(issuer: LocalIssuer) {
  const staffLogin = httpHandler({ access: 'public', body: staffLoginSchema }, async ({ body }) => {
    const r = await ddb.send(
      new GetCommand({ TableName: tableName('catalog'), Key: keys.staff(body.username) }),
    );
    const acct = r.Item as StaffAccount | undefined;
    if (!acct || !checkPassword(body.password, acct.passwordHash)) {
      throw new DomainError('UNAUTHENTICATED', '用户名或密码不正确', {
        fields: [{ field: 'password', message: '用户名或密码不正确' }],
      });
    }
    const department = await getDepartment(acct.deptId);
    const t = await issuer.staffToken(acct);
    return { ...t, profile: { username: acct.username, role: acct.role, department } };
  });

  const candidateStart = httpHandler({ access: 'public', body: candidateStartSchema }, async ({ body }) => {
    const r = await startLogin(body.idNumber, body.name);
    return { status: 202, body: { phoneMasked: r.phoneMasked, expiresInSeconds: r.expiresInSeconds } };
  });

  const candidateVerify = httpHandler({ access: 'public', body: candidateVerifySchema }, async ({ body }) => {
    const { personId } = await verifyLogin(body.idNumber, body.code);
    return issuer.candidateToken(personId);
  });

  return { staffLogin, candidateStart, candidateVerify };
}
