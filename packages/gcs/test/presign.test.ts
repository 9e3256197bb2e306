import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { fakeServiceAccount } from './fixtures';
import { useGcsServer } from './server';

describe('presigned URLs (V4) with a service-account key', () => {
  const server = useGcsServer({ buckets: ['signing'] });

  it('signs a GET URL of the documented V4 shape that the server verifies and serves', async () => {
    const key = fakeServiceAccount(server());
    const store = createGcsStore({ bucket: 'signing', apiEndpoint: server().url, credentials: key });
    await store.put('reports/q1 summary.txt', 'quarterly numbers');
    const url = new URL(await store.presign!('reports/q1 summary.txt', { method: 'GET', expiresIn: 900 }));
    expect(`${url.protocol}//${url.host}`).toBe(server().url);
    expect(url.pathname).toBe('/signing/reports/q1%20summary.txt');
    const q = url.searchParams;
    expect(q.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(q.get('X-Goog-Credential')).toMatch(new RegExp(`^${key.client_email.replace(/[.]/g, '\\.')}/\\d{8}/auto/storage/goog4_request$`));
    expect(q.get('X-Goog-Date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(q.get('X-Goog-Expires')).toBe('900');
    expect(q.get('X-Goog-SignedHeaders')).toBe('host');
    // RSA-2048 signature, hex.
    expect(q.get('X-Goog-Signature')).toMatch(/^[0-9a-f]{512}$/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('quarterly numbers');
    // Any change to the signed request breaks the signature.
    const tampered = new URL(url);
    tampered.searchParams.set('X-Goog-Expires', '901');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('signs a PUT URL bound to a content type, from a key file', async () => {
    const key = fakeServiceAccount(server());
    const dir = mkdtempSync(join(tmpdir(), 'gcs-key-'));
    const keyFilename = join(dir, 'service-account.json');
    writeFileSync(keyFilename, JSON.stringify(key));
    const store = createGcsStore({ bucket: 'signing', apiEndpoint: server().url, keyFilename });
    const url = await store.presign!('uploads/from-browser.json', { method: 'PUT', expiresIn: 60, contentType: 'application/json' });
    expect(new URL(url).searchParams.get('X-Goog-SignedHeaders')).toBe('content-type;host');
    const upload = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    expect(upload.status).toBe(200);
    const info = await store.head('uploads/from-browser.json');
    expect(info).toMatchObject({ size: 11, contentType: 'application/json' });
    // The wrong content type does not match what was signed.
    const wrong = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrong.status).toBe(403);
  });

  it('offers no presign without a key, and says so in capabilities', () => {
    const store = createGcsStore({ bucket: 'signing', apiEndpoint: server().url });
    expect(store.capabilities.presign).toBe(false);
    expect('presign' in store && store.presign !== undefined).toBe(false);
  });
});

describe('endpoints', () => {
  const server = useGcsServer({ buckets: ['endpoint'] });

  it('uses STORAGE_EMULATOR_HOST when no apiEndpoint is given (with or without scheme and /storage/v1)', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    try {
      for (const value of [server().url, server().url.replace('http://', ''), `${server().url}/storage/v1/`]) {
        process.env.STORAGE_EMULATOR_HOST = value;
        const store = createGcsStore({ bucket: 'endpoint' });
        await store.put('env.txt', value);
        expect(Buffer.from((await store.get('env.txt')).body).toString()).toBe(value);
      }
      // An explicit apiEndpoint wins over the variable, for JSON calls and uploads alike.
      process.env.STORAGE_EMULATOR_HOST = 'http://127.0.0.1:9';
      const store = createGcsStore({ bucket: 'endpoint', apiEndpoint: server().url, resumableThreshold: 0 });
      await store.put('explicit.txt', 'explicit');
      expect((await store.head('explicit.txt'))?.size).toBe(8);
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });
});
