import { createStorageRouter, isStorageError } from '@agentmap/storage-core';
import { describe, expect, it, vi } from 'vitest';
import { registerS3, s3OptionsFromConfig } from '../src/index';
import { bucketName, thrown, useEmulator } from './support/emulator';
import { RequestRecorder } from './support/recorder';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe('providers.aws config onto store options', () => {
  it('maps the guide keys, with sizes, seconds and retry counts converted', () => {
    const options = s3OptionsFromConfig('docs', {
      region: 'us-west-2',
      access_key: 'AKIDEXAMPLE',
      secret_key: 'secret',
      session_token: 'token',
      endpoint_url: 'http://127.0.0.1:9000',
      timeout: 30,
      retry_count: 3,
      connection_pool: { max_connections: 10, max_retries: 7, backoff_mode: 'adaptive' },
      multipart_threshold: '64MB',
      part_size: '16MiB',
      parallel_uploads: 5,
      create_bucket: 'true',
    });
    expect(options).toEqual({
      bucket: 'docs',
      region: 'us-west-2',
      endpoint: 'http://127.0.0.1:9000',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      createBucket: true,
      timeoutMs: 30_000,
      maxAttempts: 4,
      retryMode: 'adaptive',
      maxSockets: 10,
      multipartThreshold: 64 * 1024 * 1024,
      partSize: 16 * 1024 * 1024,
      queueSize: 5,
    });
  });

  it('falls back to connection_pool.max_retries, and to the default chain without keys', () => {
    expect(s3OptionsFromConfig('b', { connection_pool: { max_retries: '2' } }).maxAttempts).toBe(3);
    expect(s3OptionsFromConfig('b', { access_key: '', secret_key: '' }).credentials).toBeUndefined();
    expect(s3OptionsFromConfig('b', undefined)).toEqual({ bucket: 'b' });
  });

  it.each([
    [{ timeout: 'soon' }, 'providers.aws.timeout'],
    [{ retry_count: -1 }, 'providers.aws.retry_count'],
    [{ connection_pool: { max_connections: 0 } }, 'providers.aws.connection_pool.max_connections'],
    [{ connection_pool: 'big' }, 'providers.aws.connection_pool'],
    [{ multipart_threshold: 'huge' }, 'providers.aws.multipart_threshold'],
    [{ region: 42 }, 'providers.aws.region'],
    [{ force_path_style: 'yes' }, 'providers.aws.force_path_style'],
    [{ encryption: { server_side_encryption: 'rot13' } }, 'providers.aws.encryption.server_side_encryption'],
  ])('refuses %j naming %s', (section, path) => {
    const caught = thrown(() => s3OptionsFromConfig('b', section));
    expect(isStorageError(caught, 'INVALID_ARGUMENT')).toBe(true);
    expect((caught as Error).message).toContain(path);
  });

  it('refuses half a key pair with UNAUTHENTICATED naming the missing key and variable, not the secret', () => {
    for (const [section, missing, variable] of [
      [{ access_key: 'AKID' }, 'secret_key', 'AWS_SECRET_ACCESS_KEY'],
      [{ secret_key: 'very-secret-value' }, 'access_key', 'AWS_ACCESS_KEY_ID'],
      [{ session_token: 'very-secret-value' }, 'access_key and secret_key', 'AWS_ACCESS_KEY_ID'],
    ] as const) {
      const caught = thrown(() => s3OptionsFromConfig('b', section));
      expect(isStorageError(caught, 'UNAUTHENTICATED')).toBe(true);
      expect((caught as Error).message).toContain(missing);
      expect((caught as Error).message).toContain(variable);
      expect((caught as Error).message).not.toContain('very-secret-value');
    }
  });
});

describe('the s3:// scheme on the storage router', () => {
  const recorder = new RequestRecorder();
  const emulator = useEmulator({ onRequest: recorder.onRequest, onFinish: recorder.onFinish });

  it('resolves URIs and configured collection names onto working stores, with env: credentials', async () => {
    vi.stubEnv('AGENTMAP_TEST_S3_ACCESS', 'S3RVER');
    vi.stubEnv('AGENTMAP_TEST_S3_SECRET', 'S3RVER');
    const server = emulator();
    const users = bucketName('users');
    const fallback = bucketName('docs');
    const router = createStorageRouter({
      config: {
        json: {
          default_provider: 'aws',
          providers: {
            aws: {
              region: 'us-east-1',
              endpoint: server.url,
              access_key: 'env:AGENTMAP_TEST_S3_ACCESS',
              secret_key: 'env:AGENTMAP_TEST_S3_SECRET',
              default_bucket: fallback,
              buckets: { users },
              create_bucket: true,
              timeout: 10,
              retry_count: 2,
              connection_pool: { max_connections: 1 },
            },
          },
        },
      },
    });
    try {
      registerS3(router);
      expect(router.schemes()).toContain('s3');
      const byUri = router.resolve(`s3://${users}/nested/doc.json`);
      expect(byUri.store.location).toBe(`s3://${users}`);
      expect(byUri.key).toBe('nested/doc.json');
      await byUri.store.put(byUri.key, '{"via":"uri"}');

      const byName = router.resolve('users', { extension: '.json' });
      expect(byName.store).toBe(byUri.store);
      await byName.store.put(byName.key, '{"via":"name"}');
      expect(text((await byUri.store.get('users.json')).body)).toBe('{"via":"name"}');

      const other = router.resolve('notes', { extension: '.json' });
      expect(other.store.location).toBe(`s3://${fallback}`);
      await other.store.put(other.key, '[]');

      // max_connections: 1 sizes the HTTP agent: concurrent calls queue for the one socket.
      recorder.reset();
      await Promise.all(Array.from({ length: 6 }, (_, i) => other.store.put(`parallel/${i}`, String(i))));
      expect(recorder.maxInFlight).toBe(1);
    } finally {
      await router.close();
      vi.unstubAllEnvs();
    }
  });
});
