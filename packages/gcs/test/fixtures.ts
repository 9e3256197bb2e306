import { generateKeyPairSync } from 'node:crypto';
import type { GcsTestServer } from '@agentmap/gcs-test-server';
import type { GcsServiceAccountKey } from '../src/index';

/** A fake service-account key with a freshly generated RSA key; its public half is registered on the server so signed URLs verify. */
export function fakeServiceAccount(server?: GcsTestServer): GcsServiceAccountKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key: GcsServiceAccountKey = {
    type: 'service_account',
    project_id: 'agentmap-test',
    private_key_id: 'test-key',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: `signer-${Math.random().toString(36).slice(2, 8)}@agentmap-test.iam.gserviceaccount.com`,
    client_id: '1',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  server?.addSigningKey(key.client_email, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return key;
}

/** GCS's own 503 body, so the SDK parses an injected failure as it would a real one. */
export const GCS_503 = {
  contentType: 'application/json; charset=UTF-8',
  body: JSON.stringify({ error: { code: 503, message: 'Service Unavailable', errors: [{ domain: 'global', reason: 'backendError', message: 'Service Unavailable' }] } }),
};
