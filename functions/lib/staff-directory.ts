/**
 * Where staff credentials live, behind one interface: on AWS the Cognito user pool (USER_POOL_ID), with
 * the account's group (its role) and `custom:dept`; locally the catalog record itself, which holds a
 * password hash (the local server installs that directory with `setStaffDirectory`).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { type StaffRole, staffRoles } from '../domain/departments.js';
import { CLAIMS } from '../domain/principal.js';

export interface StaffDirectory {
  /** Create the credentials; returns what the catalog record keeps of them (locally: the password hash). */
  create(
    a: { username: string; role: StaffRole; deptId: string; email?: string },
    password: string,
  ): Promise<Record<string, string>>;
  /**
   * Take over credentials the directory already has under this name with no account record (left by a
   * creation that failed half-way): the given password (temporary), department and group are set anew.
   */
  adopt(
    a: { username: string; role: StaffRole; deptId: string },
    password: string,
  ): Promise<Record<string, string>>;
  /**
   * Invite: the directory makes a temporary password itself and e-mails it (the stack's first account,
   * which no one has a password for yet). Credentials already there under this name are kept.
   */
  invite(a: {
    username: string;
    role: StaffRole;
    deptId: string;
    email: string;
  }): Promise<Record<string, string>>;
  /** Move to another department (and so role), from `before`. */
  reassign(username: string, before: StaffRole, role: StaffRole, deptId: string): Promise<void>;
  /** Disable (signed out everywhere) or enable again. */
  setDisabled(username: string, disabled: boolean): Promise<void>;
  /** A lost authenticator: TOTP off and signed out everywhere; a new one is bound at the next sign-in. */
  resetTotp(username: string): Promise<void>;
}

function cognitoDirectory(): StaffDirectory {
  const idp = new CognitoIdentityProviderClient({});
  const pool = () => {
    const id = process.env.USER_POOL_ID;
    if (!id) throw new Error('USER_POOL_ID is not set');
    return id;
  };
  /** The role's group, and no other staff group (idempotent: repeating it mends a half-done change). */
  const setGroup = async (username: string, role: StaffRole) => {
    await idp.send(
      new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: username, GroupName: role }),
    );
    for (const other of staffRoles.filter((r) => r !== role))
      await idp.send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: username, GroupName: other }),
      );
  };
  return {
    async create(a, password) {
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: pool(),
          Username: a.username,
          MessageAction: 'SUPPRESS',
          // hr's password is temporary: Cognito asks for a new one at the first sign-in (NEW_PASSWORD_REQUIRED)
          TemporaryPassword: password,
          UserAttributes: [
            { Name: CLAIMS.dept, Value: a.deptId },
            ...(a.email ? [{ Name: 'email', Value: a.email }] : []),
          ],
        }),
      );
      await setGroup(a.username, a.role);
      return {};
    },
    async invite(a) {
      try {
        await idp.send(
          new AdminCreateUserCommand({
            UserPoolId: pool(),
            Username: a.username,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: CLAIMS.dept, Value: a.deptId },
              { Name: 'email', Value: a.email },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
      } catch (e) {
        if ((e as Error).name !== 'UsernameExistsException') throw e;
      }
      await setGroup(a.username, a.role);
      return {};
    },
    async adopt(a, password) {
      await idp.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool(),
          Username: a.username,
          Password: password,
          Permanent: false,
        }),
      );
      await idp.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool(),
          Username: a.username,
          UserAttributes: [{ Name: CLAIMS.dept, Value: a.deptId }],
        }),
      );
      await setGroup(a.username, a.role);
      // whoever held these credentials before keeps no session, and the account is usable
      await idp.send(new AdminEnableUserCommand({ UserPoolId: pool(), Username: a.username }));
      await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: a.username }));
      return {};
    },
    async reassign(username, _before, role, deptId) {
      await idp.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool(),
          Username: username,
          UserAttributes: [{ Name: CLAIMS.dept, Value: deptId }],
        }),
      );
      await setGroup(username, role);
      // tokens issued before carry the old department: sign out everywhere
      await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: username }));
    },
    async resetTotp(username) {
      await idp.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: pool(),
          Username: username,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      );
      await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: username }));
    },
    async setDisabled(username, disabled) {
      if (disabled) {
        await idp.send(new AdminDisableUserCommand({ UserPoolId: pool(), Username: username }));
        await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: username }));
      } else await idp.send(new AdminEnableUserCommand({ UserPoolId: pool(), Username: username }));
    },
  };
}

let directory: StaffDirectory | null = null;

export function staffDirectory(): StaffDirectory {
  directory ??= cognitoDirectory();
  return directory;
}

export function setStaffDirectory(d: StaffDirectory | null): void {
  directory = d;
}
