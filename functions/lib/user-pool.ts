/**
 * What the staff token trigger (functions/handlers/staff-token.ts) asks the user pool itself: an app
 * client's name and a user's enabled MFA methods. The trigger cannot be told the staff client's id
 * (the pool refers to the trigger, the client to the pool: CloudFormation would see a cycle), so it
 * learns each client's name once per container. The client is replaceable for tests.
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';

export type UserPoolApi = Pick<CognitoIdentityProviderClient, 'send'>;

let api: UserPoolApi | null = null;
const clientNames = new Map<string, Promise<string>>();

const idp = (): UserPoolApi => {
  api ??= new CognitoIdentityProviderClient({});
  return api;
};

/** Use another client (tests); forgets the cached client names. */
export function setUserPoolApi(c: UserPoolApi | null): void {
  api = c;
  clientNames.clear();
}

/** An app client's name (`staff`, `candidate`: infra/constructs/auth.ts), cached for the container's life. */
export function appClientName(userPoolId: string, clientId: string): Promise<string> {
  const key = `${userPoolId}/${clientId}`;
  const known = clientNames.get(key);
  if (known) return known;
  const asked = idp()
    .send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }))
    .then((r) => r.UserPoolClient?.ClientName ?? '');
  clientNames.set(key, asked);
  // a failure is not remembered: the next token issue asks again
  asked.catch(() => {
    if (clientNames.get(key) === asked) clientNames.delete(key);
  });
  return asked;
}

/** The MFA methods a user has enabled (`SOFTWARE_TOKEN_MFA` once TOTP is enrolled). */
export async function enabledMfaMethods(userPoolId: string, username: string): Promise<string[]> {
  const r = await idp().send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  return r.UserMFASettingList ?? [];
}
