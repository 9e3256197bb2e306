import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { type StorageError, isStorageError } from '@agentmap/storage-core';
import { startFaultProxy } from '@agentmap/fault-proxy';
import { expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it, vi } from 'vitest';
import { createS3Store } from '../src/index';
import { bucketName, emulatorOptions, emulatorStore, thrown, useEmulator } from './support/emulator';

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';

/** Asserts the call fails with `code`, and that the secret shows nowhere a user or log would see. */
async function failure(promise: Promise<unknown>, code: string) {
  try {
    await promise;
  } catch (error) {
    expect(isStorageError(error), String(error)).toBe(true);
    const e = error as StorageError;
    expect(e.code).toBe(code);
    expect(e.message).not.toContain(SECRET);
    expect(JSON.stringify(e)).not.toContain(SECRET);
    return e;
  }
  throw new Error(`expected ${code}`);
}

describe('S3 failures become StorageErrors that say what to do', () => {
  const emulator = useEmulator();

  it('names createBucket when the bucket does not exist', async () => {
    const store = emulatorStore(emulator(), { createBucket: false });
    const error = await failure(store.get('x.txt'), 'NOT_FOUND');
    expect(error.message).toMatch(/createBucket|create_bucket/);
    await expectStorageError(store.put('x.txt', 'x'), 'NOT_FOUND');
    await store.close?.();
  });

  it('creates the bucket once when asked, even for concurrent first calls', async () => {
    const store = emulatorStore(emulator(), { bucket: bucketName('create') });
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.put(`k${i}`, String(i))));
    expect(Buffer.from((await store.get('k4')).body).toString()).toBe('4');
    await store.close?.();
  });

  it('answers unknown credentials with UNAUTHENTICATED naming the keys to set, never the secret', async () => {
    const store = emulatorStore(emulator(), { credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: SECRET }, createBucket: false });
    const error = await failure(store.get('x.txt'), 'UNAUTHENTICATED');
    expect(error.message).toContain('AWS_ACCESS_KEY_ID');
    expect(error.message).toContain('providers.aws.access_key');
    expect(error.retryable).toBe(false);
    await store.close?.();
  });

  it('answers missing credentials with UNAUTHENTICATED naming the config keys and variables', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/agentmap-aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/agentmap-aws-credentials');
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', '');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', '');
    try {
      const { credentials: _none, ...options } = emulatorOptions(emulator(), { createBucket: false });
      const store = createS3Store(options);
      const error = await failure(store.get('x.txt'), 'UNAUTHENTICATED');
      expect(error.message).toContain('providers.aws.secret_key');
      expect(error.message).toContain('AWS_SECRET_ACCESS_KEY');
      await store.close?.();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses half a key pair at construction with UNAUTHENTICATED, without echoing the secret', async () => {
    const error = await failure(
      Promise.resolve().then(() => createS3Store({ bucket: 'some-bucket', credentials: { accessKeyId: '', secretAccessKey: SECRET } })),
      'UNAUTHENTICATED',
    );
    expect(error.message).toContain('AWS_ACCESS_KEY_ID');
  });

  it('refuses bad options before any request', () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ bucket: '../etc' }, 'INVALID_ARGUMENT'],
      [{ bucket: 'a/b' }, 'INVALID_ARGUMENT'],
      [{ bucket: 42 }, 'INVALID_ARGUMENT'],
      [{ bucket: 'ok-bucket', partSize: 1024 }, 'INVALID_ARGUMENT'],
      [{ bucket: 'ok-bucket', queueSize: 0 }, 'INVALID_ARGUMENT'],
      [{ bucket: 'ok-bucket', endpoint: 'not a url' }, 'INVALID_ARGUMENT'],
      [{ bucket: 'ok-bucket', endpoint: `http://key:${SECRET}@127.0.0.1:9` }, 'INVALID_ARGUMENT'],
      [{ bucket: 'ok-bucket', encryption: { serverSideEncryption: 'AES256', kmsKeyId: 'k' } }, 'INVALID_ARGUMENT'],
      [{ bucket: 'ok-bucket', encryption: { serverSideEncryption: 'rot13' } }, 'INVALID_ARGUMENT'],
    ];
    for (const [options, code] of bad) {
      const caught = thrown(() => createS3Store(options as never));
      expect(isStorageError(caught, code as never), JSON.stringify(options)).toBe(true);
      expect((caught as Error).message).not.toContain(SECRET);
    }
  });

  it('refuses metadata S3 cannot carry, storing nothing', async () => {
    const store = emulatorStore(emulator());
    await expectStorageError(store.put('meta.txt', 'x', { metadata: { note: 'naïve' } }), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('meta.txt', 'x', { metadata: { 'bad name': 'x' } }), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('meta.txt', 'x', { metadata: { big: 'x'.repeat(3000) } }), 'INVALID_ARGUMENT');
    expect(await store.head('meta.txt')).toBeUndefined();
    await store.close?.();
  });

  it('checks presign arguments and signs URLs that work for GET and PUT', async () => {
    const store = emulatorStore(emulator());
    await expectStorageError(store.presign!('p.txt', { method: 'DELETE' as never, expiresIn: 60 }), 'INVALID_ARGUMENT');
    await expectStorageError(store.presign!('p.txt', { method: 'GET', expiresIn: 0 }), 'INVALID_ARGUMENT');
    await expectStorageError(store.presign!('p.txt', { method: 'GET', expiresIn: 8 * 24 * 3600 }), 'INVALID_ARGUMENT');
    await store.put('p.txt', 'warm up');
    const put = await store.presign!('p.txt', { method: 'PUT', expiresIn: 60, contentType: 'text/plain' });
    expect((await fetch(put, { method: 'PUT', body: 'via url', headers: { 'content-type': 'text/plain' } })).status).toBe(200);
    expect(Buffer.from((await store.get('p.txt')).body).toString()).toBe('via url');
    await store.close?.();
  });

  it('refuses calls on a closed store', async () => {
    const store = emulatorStore(emulator());
    await store.close?.();
    await expectStorageError(store.get('x'), 'INVALID_ARGUMENT');
  });
});

describe('network failures are retryable and bounded in time', () => {
  const emulator = useEmulator();

  it('maps injected 503 SlowDown to a retryable UNAVAILABLE', async () => {
    const proxy = await startFaultProxy({
      target: emulator().url,
      failureRate: 1,
      faults: ['unavailable'],
      unavailableBody: { contentType: 'application/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' },
    });
    try {
      const store = emulatorStore(emulator(), { endpoint: proxy.url, retries: 0, createBucket: false });
      const error = await failure(store.get('x.txt'), 'UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.details?.s3Code).toBe('SlowDown');
      await store.close?.();
    } finally {
      await proxy.stop();
    }
  });

  it('maps connection resets to a retryable UNAVAILABLE', async () => {
    const proxy = await startFaultProxy({ target: emulator().url, failureRate: 1, faults: ['reset-before'] });
    try {
      const store = emulatorStore(emulator(), { endpoint: proxy.url, retries: 0, createBucket: false });
      const error = await failure(store.put('x.txt', 'x'), 'UNAVAILABLE');
      expect(error.retryable).toBe(true);
      await store.close?.();
    } finally {
      await proxy.stop();
    }
  });

  it('gives up on a server that accepts but never answers with TIMEOUT, within the timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const store = emulatorStore(emulator(), { endpoint: `http://127.0.0.1:${port}`, timeoutMs: 300, retries: 0, createBucket: false });
      const started = Date.now();
      const error = await failure(store.get('x.txt'), 'TIMEOUT');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error.retryable).toBe(true);
      await store.close?.();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
