import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy } from '@agentmap/fault-proxy';
import { isStorageError } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { fakeServiceAccount } from './fixtures';
import { useGcsServer } from './server';

async function caught(promise: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('failures map onto StorageError codes', () => {
  const server = useGcsServer({ buckets: ['open', 'closed'], forbiddenBuckets: ['closed'] });

  it('403 is PERMISSION_DENIED naming the bucket and what to grant', async () => {
    const error = await caught(createGcsStore({ bucket: 'closed', apiEndpoint: server().url, retries: 0 }).put('x', 'x'));
    expect(isStorageError(error, 'PERMISSION_DENIED')).toBe(true);
    expect(error.message).toMatch(/bucket closed.*grant/);
    expect(error.retryable).toBe(false);
  });

  it('a refused connection is UNAVAILABLE and retryable, after the configured retries', async () => {
    const store = createGcsStore({ bucket: 'open', apiEndpoint: 'http://127.0.0.1:9', retries: 2, retryMinDelayMs: 1 });
    const error = await caught(store.head('x'));
    expect(isStorageError(error, 'UNAVAILABLE')).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED.*reachable/);
  });

  it('a request slower than timeout is TIMEOUT', async () => {
    const proxy = await startFaultProxy({ target: server().url, failureRate: 1, faults: ['latency'], latencyMs: 1500 });
    try {
      const store = createGcsStore({ bucket: 'open', apiEndpoint: proxy.url, timeoutMs: 200, retries: 0 });
      await expectStorageError(store.head('x'), 'TIMEOUT');
    } finally {
      await proxy.stop();
    }
  });

  it('bad options are INVALID_ARGUMENT naming the option', async () => {
    expect(() => createGcsStore({ bucket: '' })).toThrow(/bucket is required/);
    expect(() => createGcsStore({ bucket: 'a/b' })).toThrow(/not a path/);
    expect(() => createGcsStore({ bucket: 'b', chunkSize: 1000 })).toThrow(/multiple of 256 KiB/);
    expect(() => createGcsStore({ bucket: 'b', retries: -1 })).toThrow(/retries/);
    const store = createGcsStore({ bucket: 'open', apiEndpoint: server().url });
    await expectStorageError(store.put('x', 'x', { ifNoneMatch: 'etag' as '*' }), 'INVALID_ARGUMENT');
    const signer = createGcsStore({ bucket: 'open', apiEndpoint: server().url, credentials: fakeServiceAccount() });
    await expectStorageError(signer.presign!('x', { method: 'GET', expiresIn: 0 }), 'INVALID_ARGUMENT');
    await expectStorageError(signer.presign!('x', { method: 'GET', expiresIn: 8 * 86400 }), 'INVALID_ARGUMENT');
    await expectStorageError(signer.presign!('x', { method: 'DELETE' as 'GET', expiresIn: 60 }), 'INVALID_ARGUMENT');
    await expectStorageError(signer.presign!('../x', { method: 'GET', expiresIn: 60 }), 'INVALID_ARGUMENT');
  });

  it('an etag that is not a generation never matches, and changes nothing', async () => {
    const store = createGcsStore({ bucket: 'open', apiEndpoint: server().url });
    await store.put('kept.txt', 'kept');
    await expectStorageError(store.put('kept.txt', 'lost', { ifMatch: '"d41d8cd98f00b204e9800998ecf8427e"' }), 'PRECONDITION_FAILED');
    await expectStorageError(store.delete('kept.txt', { ifMatch: 'W/"abc"' }), 'PRECONDITION_FAILED');
    await expectStorageError(store.delete('absent.txt', { ifMatch: 'abc' }), 'NOT_FOUND');
    await expectStorageError(store.copy('kept.txt', 'other.txt', { ifMatch: 'abc' }), 'PRECONDITION_FAILED');
    expect(Buffer.from((await store.get('kept.txt')).body).toString()).toBe('kept');
    expect(await store.head('other.txt')).toBeUndefined();
  });

  it('copy honours ifMatch on the source and ifNoneMatch on the destination', async () => {
    const store = createGcsStore({ bucket: 'open', apiEndpoint: server().url });
    const v1 = await store.put('src.txt', 'one');
    await store.put('src.txt', 'two');
    await expectStorageError(store.copy('src.txt', 'dst.txt', { ifMatch: v1.etag }), 'PRECONDITION_FAILED');
    const current = (await store.head('src.txt'))!;
    await store.copy('src.txt', 'dst.txt', { ifMatch: current.etag, ifNoneMatch: '*' });
    await expectStorageError(store.copy('src.txt', 'dst.txt', { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
    await expectStorageError(store.copy('missing.txt', 'dst2.txt', { ifMatch: current.etag }), 'NOT_FOUND');
  });
});

describe('credentials', () => {
  const guarded = useGcsServer({ buckets: ['guarded'], requireAuth: true });
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('without any credentials, a 401 becomes UNAUTHENTICATED saying what to set', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gcs-no-creds-'));
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    delete process.env.STORAGE_EMULATOR_HOST;
    process.env.CLOUDSDK_CONFIG = home;
    process.env.HOME = home;
    // Skip probing the GCE metadata server: this machine is not on Google Cloud.
    process.env.METADATA_SERVER_DETECTION = 'none';
    // An endpoint that wants credentials, as Google's does: the SDK finds none, sends the
    // request anonymously and gets 401.
    const store = createGcsStore({ bucket: 'guarded', apiEndpoint: guarded().url, useAuthWithCustomEndpoint: true, projectId: 'p', retries: 0 });
    const error = await caught(store.head('x'));
    expect(isStorageError(error, 'UNAUTHENTICATED')).toBe(true);
    expect(error.message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
    expect(error.message).toMatch(/credentials_file/);
    expect(error.retryable).toBe(false);
  });

  it('a key file that does not exist is UNAUTHENTICATED at creation', () => {
    expect(() => createGcsStore({ bucket: 'b', keyFilename: '/nonexistent/key.json' })).toThrow(/does not exist.*credentials_file/);
  });

  it('a key without client_email or private_key is refused, without echoing it', () => {
    try {
      createGcsStore({ bucket: 'b', credentials: { client_email: 'x@y', private_key: 42 } as never });
      expect.unreachable();
    } catch (error) {
      expect(isStorageError(error, 'UNAUTHENTICATED')).toBe(true);
    }
    const key = fakeServiceAccount();
    const store = createGcsStore({ bucket: 'b', credentials: key, apiEndpoint: 'http://127.0.0.1:9' });
    expect(store.capabilities.presign).toBe(true);
  });
});
