import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningAzurite, startAzurite } from '@agentmap/test-servers';
import { ManagedIdentityApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAzureBlobStore } from '../src/index';
import { containerName } from './support/azurite';

// Token credentials end to end: Azurite over https with OAuth on (it checks a token's
// audience, issuer and expiry), a self-signed certificate made here, and a loopback
// App Service identity endpoint standing in for the host's managed identity.
let azurite: RunningAzurite;
let dir: string;
const identity = createServer((req, res) => {
  identityRequests.push({ url: req.url ?? '', header: req.headers['x-identity-header'] });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ access_token: storageToken(), expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: 'https://storage.azure.com', token_type: 'Bearer' }));
});
const identityRequests: Array<{ url: string; header: string | string[] | undefined }> = [];

/** An unsigned JWT with the claims Azurite checks. */
function storageToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { aud: 'https://storage.azure.com', iss: 'https://sts.windows.net/ab1f708d-50f6-404c-a006-d71b2ac7a606/', iat: now - 60, nbf: now - 60, exp: now + 3600, oid: 'test' };
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentmap-azurite-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
    stdio: 'ignore',
  });
  azurite = await startAzurite({ tls: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') }, oauth: true });
  await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
  // The certificate is made by this test; trust it in this test worker only.
  vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await azurite?.stop();
  await new Promise((resolve) => identity.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('token credentials', () => {
  it('authenticates with a TokenCredential over https', async () => {
    const getToken = vi.fn(async () => ({ token: storageToken(), expiresOnTimestamp: Date.now() + 3600_000 }));
    const store = createAzureBlobStore({ container: containerName('token'), endpoint: azurite.endpoint, credential: { getToken } });
    await store.put('doc.txt', 'with a bearer token');
    expect(Buffer.from((await store.get('doc.txt')).body).toString()).toBe('with a bearer token');
    expect(getToken).toHaveBeenCalled();
    expect(store.capabilities.presign).toBe(false);
    await store.close();
  });

  it('loads @azure/identity on demand and gets the token from the managed identity endpoint', async () => {
    vi.stubEnv('IDENTITY_ENDPOINT', `http://127.0.0.1:${(identity.address() as AddressInfo).port}/msi/token`);
    vi.stubEnv('IDENTITY_HEADER', 'identity-header-secret');
    for (const name of ['MSI_ENDPOINT', 'MSI_SECRET', 'IMDS_ENDPOINT', 'IDENTITY_SERVER_THUMBPRINT', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE']) vi.stubEnv(name, undefined);
    // Guard: with these variables the identity library talks to the endpoint above and never probes a cloud metadata address.
    expect(new ManagedIdentityApplication().getManagedIdentitySource()).toBe('AppService');
    const store = createAzureBlobStore({ container: containerName('managed'), endpoint: azurite.endpoint, useManagedIdentity: true });
    await store.put('doc.txt', 'with a managed identity');
    expect(Buffer.from((await store.get('doc.txt')).body).toString()).toBe('with a managed identity');
    expect(identityRequests.length).toBeGreaterThan(0);
    expect(identityRequests[0]!.url).toContain('resource=https');
    expect(identityRequests[0]!.header).toBe('identity-header-secret');
    await store.close();
  });

  it('reports a token the service refuses as UNAUTHENTICATED', async () => {
    const expired = async () => ({ token: 'not-a-jwt', expiresOnTimestamp: Date.now() + 3600_000 });
    const store = createAzureBlobStore({ container: containerName('refused'), endpoint: azurite.endpoint, credential: { getToken: expired }, retries: 0 });
    await expect(store.put('x', 'y')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await store.close();
  });
});
