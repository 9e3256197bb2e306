import { createStorageRouter, loadStorageConfig } from '@agentmap/storage-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerS3, s3Backend, s3ConfigSchema, s3OptionsFromConfig } from '../src/index';
import { bucketName, failure, useEmulator } from './support/emulator';
import { RequestRecorder } from './support/recorder';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();
afterEach(() => vi.unstubAllEnvs());

/** The options a section maps to, through the schema as the router parses it. */
const mapped = (bucket: string, section: Record<string, unknown> | undefined) => s3OptionsFromConfig(bucket, section === undefined ? undefined : s3ConfigSchema.parse(section));

describe('the s3Backend descriptor', () => {
  it('names the provider the same way everywhere', () => {
    expect({ scheme: s3Backend.scheme, configKey: s3Backend.configKey, noun: s3Backend.noun, provider: s3Backend.provider }).toEqual({
      scheme: 's3',
      configKey: 'aws',
      noun: 'bucket',
      provider: 's3',
    });
    expect(s3Backend.aliases).toEqual(['amazon']);
    expect(s3Backend.packageName).toBe('@agentmap/storage-s3');
  });
});

describe('providers.aws config onto store options', () => {
  it('maps the guide keys, with sizes, seconds and retry counts converted', () => {
    const options = mapped('docs', {
      region: 'us-west-2',
      access_key: 'AKIDEXAMPLE',
      secret_key: 'secret',
      session_token: 'token',
      endpoint_url: 'http://127.0.0.1:9000',
      timeout: 30,
      retry_count: 3,
      connection_pool: { max_connections: 10, max_retries: 7, backoff_mode: 'adaptive', max_idle_time: 300 },
      multipart_threshold: '64MB',
      part_size: '16MiB',
      parallel_uploads: 5,
      create_bucket: 'true',
      // The guide's tuning key: accepted, unused.
      batch_size: 100,
    });
    expect(options).toEqual({
      bucket: 'docs',
      region: 'us-west-2',
      endpoint: 'http://127.0.0.1:9000',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      createBucket: true,
      timeoutMs: 30_000,
      retries: 3,
      retryMode: 'adaptive',
      maxSockets: 10,
      multipartThreshold: 64 * 1024 * 1024,
      partSize: 16 * 1024 * 1024,
      queueSize: 5,
    });
  });

  it('maps retry_count and timeout (seconds) onto retries and timeoutMs, as every backend does', () => {
    expect(mapped('b', { retry_count: 0, timeout: 30 })).toEqual({ bucket: 'b', retries: 0, timeoutMs: 30_000 });
    expect(mapped('b', { retry_count: '7', timeout: '0.25' })).toEqual({ bucket: 'b', retries: 7, timeoutMs: 250 });
    expect(mapped('b', {})).toEqual({ bucket: 'b' });
  });

  it('falls back to connection_pool.max_retries, to default_bucket, and to the default chain without keys', () => {
    expect(mapped('b', { connection_pool: { max_retries: '2' } }).retries).toBe(2);
    expect(mapped('b', { retry_count: 1, connection_pool: { max_retries: 5 } }).retries).toBe(1);
    expect(mapped('b', { access_key: '', secret_key: '' }).credentials).toBeUndefined();
    expect(mapped('b', undefined)).toEqual({ bucket: 'b' });
    expect(mapped('', { default_bucket: 'fallback' }).bucket).toBe('fallback');
    expect(failure(() => mapped('', {}), 'INVALID_ARGUMENT').message).toContain('providers.aws.default_bucket');
  });

  it('reports a bad value at its exact config path when the router is made, never echoing a secret', () => {
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
    const attempts: Array<[Record<string, unknown>, string]> = [
      [{ timeout: 'soon' }, 'storage.json.providers.aws.timeout'],
      [{ retry_count: -1 }, 'storage.json.providers.aws.retry_count'],
      [{ connection_pool: { max_connections: 0 } }, 'storage.json.providers.aws.connection_pool.max_connections'],
      [{ connection_pool: { backoff_mode: 'eager' } }, 'storage.json.providers.aws.connection_pool.backoff_mode'],
      [{ connection_pool: 'big' }, 'storage.json.providers.aws.connection_pool'],
      [{ multipart_threshold: 'huge' }, 'storage.json.providers.aws.multipart_threshold'],
      [{ region: 42 }, 'storage.json.providers.aws.region'],
      [{ force_path_style: 'yes' }, 'storage.json.providers.aws.force_path_style'],
      [{ endpoint: 'not a url' }, 'storage.json.providers.aws.endpoint'],
      [{ encryption: { server_side_encryption: 'rot13' } }, 'storage.json.providers.aws.encryption.server_side_encryption'],
      [{ encryption_context: { team: 7 } }, 'storage.json.providers.aws.encryption_context.team'],
      [{ buckets: { users: 'a/b' } }, 'storage.json.providers.aws.buckets.users'],
      [{ secret_key: secret, access_key: 42 }, 'storage.json.providers.aws.access_key'],
    ];
    for (const [section, path] of attempts) {
      const error = failure(() => createStorageRouter({ config: { json: { providers: { aws: section } } }, backends: [s3Backend] }), 'INVALID_ARGUMENT');
      expect(error.message, JSON.stringify(section)).toContain(`${path}:`);
      expect(error.message).not.toContain(secret);
    }
  });

  it('refuses half a key pair with UNAUTHENTICATED naming the missing key and variable, not the secret', () => {
    for (const [section, missing, variable] of [
      [{ access_key: 'AKID' }, 'secret_key', 'AWS_SECRET_ACCESS_KEY'],
      [{ secret_key: 'very-secret-value' }, 'access_key', 'AWS_ACCESS_KEY_ID'],
      [{ session_token: 'very-secret-value' }, 'access_key and secret_key', 'AWS_ACCESS_KEY_ID'],
    ] as const) {
      const error = failure(() => mapped('b', section), 'UNAUTHENTICATED');
      expect(error.message).toContain(missing);
      expect(error.message).toContain(variable);
      expect(error.message).not.toContain('very-secret-value');
    }
  });

  it('says to install this package when nothing reads providers.aws, and the right key for a misnamed section', () => {
    const missing = failure(() => createStorageRouter({ config: { json: { default_provider: 'aws', providers: { aws: { default_bucket: 'docs' } } } } }), 'INVALID_ARGUMENT');
    expect(missing.message).toContain('@agentmap/storage-s3');
    expect(missing.message).toContain('s3Backend');
    const misnamed = failure(() => createStorageRouter({ config: { json: { providers: { s3: { default_bucket: 'docs' } } } }, backends: [s3Backend] }), 'INVALID_ARGUMENT');
    expect(misnamed.message).toContain('storage.json.providers.s3');
    expect(misnamed.message).toContain('providers.aws');
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
      backends: [s3Backend],
    });
    try {
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
    }
  });

  it('routes from YAML, in the bare storage: form and the integrated agentmap: storage: form', async () => {
    const server = emulator();
    const users = bucketName('yaml-users');
    const yaml = (indent: string) =>
      [
        'json:',
        '  default_provider: aws',
        '  providers:',
        '    aws:',
        '      region: us-east-1',
        `      endpoint: "${server.url}"`,
        '      access_key: "env:AGENTMAP_TEST_S3_ACCESS"',
        '      secret_key: "env:AGENTMAP_TEST_S3_SECRET"',
        `      default_bucket: ${bucketName('yaml-docs')}`,
        '      buckets:',
        `        users: ${users}`,
        '      create_bucket: true',
        '      timeout: 10',
        '      retry_count: 2',
        '      multipart_threshold: "64MB"',
        '      connection_pool:',
        '        max_connections: 4',
        '        backoff_mode: adaptive',
      ]
        .map((line) => indent + line)
        .join('\n');
    const env = { AGENTMAP_TEST_S3_ACCESS: 'S3RVER', AGENTMAP_TEST_S3_SECRET: 'S3RVER' };
    for (const [i, source] of [`storage:\n${yaml('  ')}\n`, `agentmap:\n  storage:\n${yaml('    ')}\n`].entries()) {
      const loaded = await loadStorageConfig(source, { backends: [s3Backend], env });
      const router = createStorageRouter({ config: loaded, backends: [s3Backend] });
      try {
        const target = router.resolve('users', { extension: '.json' });
        expect(target.store.location).toBe(`s3://${users}`);
        await target.store.put(target.key, `[${i}]`);
        expect(text((await router.resolve(`s3://${users}/${target.key}`).store.get(target.key)).body)).toBe(`[${i}]`);
      } finally {
        await router.close();
      }
    }
  });

  it('reports a bad YAML value at load time, with its exact path', async () => {
    const yaml = 'storage:\n  json:\n    providers:\n      aws:\n        default_bucket: documents\n        retry_count: lots\n';
    await expect(loadStorageConfig(yaml, { backends: [s3Backend] })).rejects.toThrow(/storage\.json\.providers\.aws\.retry_count/);
  });

  it('registerS3 (deprecated) still registers the descriptor', async () => {
    const router = registerS3(createStorageRouter());
    const routed = router.resolve('s3://analytics-bucket/x').store;
    expect(routed.provider).toBe('s3');
    expect(routed.location).toBe('s3://analytics-bucket');
    await router.close();
  });
});
