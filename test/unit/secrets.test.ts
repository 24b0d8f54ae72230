/**
 * functions/lib/secrets.ts: PERSON_ID_KEY comes from the secret named by PERSON_ID_KEY_SECRET_ARN, through
 * the SDK's GetSecretValueCommand (stubbed here), and only when the key is not set already. One test runs
 * the real client against a loopback stand-in to prove AWS_ENDPOINT_URL_SECRETS_MANAGER is honoured.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPersonIdKey } from '../../functions/lib/secrets.js';

const ARN = 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:person-id-key-AbCdEf';

/** Stubs every client's `send` with one GetSecretValue reply. */
function stubSend(reply: { SecretString?: string; SecretBinary?: Uint8Array }) {
  return vi.spyOn(SecretsManagerClient.prototype, 'send').mockImplementation((async () => reply) as never);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('loadPersonIdKey', () => {
  it('puts the secret string into PERSON_ID_KEY when only the secret ARN is given', async () => {
    const send = stubSend({ SecretString: 'k3y-from-the-secret' });
    const env: NodeJS.ProcessEnv = { PERSON_ID_KEY_SECRET_ARN: ARN };
    await loadPersonIdKey(env);
    expect(env.PERSON_ID_KEY).toBe('k3y-from-the-secret');
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]?.[0];
    expect(command).toBeInstanceOf(GetSecretValueCommand);
    expect((command as GetSecretValueCommand).input).toEqual({ SecretId: ARN });
  });

  it('does nothing when PERSON_ID_KEY is already set, or when no secret ARN is given', async () => {
    const send = stubSend({ SecretString: 'other' });
    const set: NodeJS.ProcessEnv = { PERSON_ID_KEY: 'local-key', PERSON_ID_KEY_SECRET_ARN: ARN };
    await loadPersonIdKey(set);
    expect(set.PERSON_ID_KEY).toBe('local-key');
    const none: NodeJS.ProcessEnv = {};
    await loadPersonIdKey(none);
    expect(none.PERSON_ID_KEY).toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });

  it('fails clearly when the secret has no string value (a binary secret), leaving the key unset', async () => {
    stubSend({ SecretBinary: new Uint8Array([1, 2, 3]) });
    const env: NodeJS.ProcessEnv = { PERSON_ID_KEY_SECRET_ARN: ARN };
    await expect(loadPersonIdKey(env)).rejects.toThrow(`GetSecretValue returned no SecretString for ${ARN}`);
    expect(env.PERSON_ID_KEY).toBeUndefined();
  });

  it('lets an SDK error through (e.g. no access to the secret)', async () => {
    vi.spyOn(SecretsManagerClient.prototype, 'send').mockRejectedValue(new Error('AccessDeniedException'));
    const env: NodeJS.ProcessEnv = { PERSON_ID_KEY_SECRET_ARN: ARN };
    await expect(loadPersonIdKey(env)).rejects.toThrow('AccessDeniedException');
    expect(env.PERSON_ID_KEY).toBeUndefined();
  });

  it('calls the endpoint in AWS_ENDPOINT_URL_SECRETS_MANAGER with a signed GetSecretValue request', async () => {
    const seen: { target?: string; authorization?: string; body?: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({
          target: String(req.headers['x-amz-target']),
          authorization: String(req.headers.authorization),
          body,
        });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ ARN, Name: 'person-id-key', SecretString: 'k3y-over-loopback' }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as AddressInfo;
      vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', `http://127.0.0.1:${port}`);
      vi.stubEnv('AWS_REGION', 'cn-north-1');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
      vi.stubEnv('AWS_SESSION_TOKEN', undefined);
      const env: NodeJS.ProcessEnv = { PERSON_ID_KEY_SECRET_ARN: ARN };
      await loadPersonIdKey(env);
      expect(env.PERSON_ID_KEY).toBe('k3y-over-loopback');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.target).toBe('secretsmanager.GetSecretValue');
      expect(seen[0]?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/secretsmanager\/aws4_request/,
      );
      expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ SecretId: ARN });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
