import { createStorageRouter, isStorageError, loadStorageConfig } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createGcsStore, gcsBackend, gcsConfigSchema, gcsOptionsFromConfig, registerGcs } from '../src/index';
import { fakeServiceAccount } from './fixtures';
import { text, useGcsServer } from './server';

/** The first error `make` throws. */
function thrown(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('the gcsBackend descriptor', () => {
  it('names the provider the same way everywhere', () => {
    expect({ scheme: gcsBackend.scheme, configKey: gcsBackend.configKey, noun: gcsBackend.noun, provider: gcsBackend.provider }).toEqual({
      scheme: 'gs',
      configKey: 'gcp',
      noun: 'bucket',
      provider: 'gcs',
    });
    expect(gcsBackend.aliases).toEqual(['gcs', 'google']);
    expect(gcsBackend.packageName).toBe('@agentmap/storage-gcs');
  });
});

describe('providers.gcp config', () => {
  it('maps the guide’s keys onto createGcsStore options', () => {
    const key = fakeServiceAccount();
    const section = gcsConfigSchema.parse({
      project_id: 'my-project',
      credentials_file: '/etc/gcp/key.json',
      credentials: JSON.stringify(key),
      use_default_credentials: false,
      scopes: ['https://www.googleapis.com/auth/devstorage.read_write'],
      api_endpoint: 'http://127.0.0.1:4443',
      timeout: '2.5',
      retry_count: 5,
      resumable_threshold: '16MB',
      chunk_size: 524288,
      encryption: { kms_key_name: 'projects/p/locations/global/keyRings/r/cryptoKeys/k' },
      storage_class: 'COLDLINE',
      create_bucket: 'true',
      user_project: 'billing-project',
      default_bucket: 'ignored-here',
      buckets: { users: 'users-bucket' },
      // The guide's tuning keys: accepted, unused.
      batch_size: 75,
      parallel_uploads: 4,
    });
    expect(gcsOptionsFromConfig('reports', section)).toEqual({
      bucket: 'reports',
      projectId: 'my-project',
      keyFilename: '/etc/gcp/key.json',
      credentials: key,
      scopes: ['https://www.googleapis.com/auth/devstorage.read_write'],
      apiEndpoint: 'http://127.0.0.1:4443',
      timeoutMs: 2500,
      retries: 5,
      resumableThreshold: 16 * 1024 * 1024,
      chunkSize: 524288,
      kmsKeyName: 'projects/p/locations/global/keyRings/r/cryptoKeys/k',
      storageClass: 'COLDLINE',
      createBucket: true,
      userProject: 'billing-project',
    });
  });

  it('maps retry_count and timeout (seconds) onto retries and timeoutMs, as every backend does', () => {
    const options = (section: Record<string, unknown>) => gcsOptionsFromConfig('b', gcsConfigSchema.parse(section));
    expect(options({ retry_count: 0, timeout: 30 })).toEqual({ bucket: 'b', retries: 0, timeoutMs: 30_000 });
    expect(options({ retry_count: '7', timeout: '0.25' })).toEqual({ bucket: 'b', retries: 7, timeoutMs: 250 });
    expect(options({ kms_key_name: 'projects/p/k', scopes: 'https://scope' })).toEqual({ bucket: 'b', kmsKeyName: 'projects/p/k', scopes: ['https://scope'] });
    expect(options({})).toEqual({ bucket: 'b' });
  });

  it('reports a bad value at its exact config path when the router is made, never echoing a credential', () => {
    const secret = '-----BEGIN PRIVATE KEY----- not json';
    const attempts: Array<[Record<string, unknown>, string]> = [
      [{ retry_count: 'many' }, 'storage.json.providers.gcp.retry_count'],
      [{ retry_count: -1 }, 'storage.json.providers.gcp.retry_count'],
      [{ timeout: -1 }, 'storage.json.providers.gcp.timeout'],
      [{ create_bucket: 'yes' }, 'storage.json.providers.gcp.create_bucket'],
      [{ scopes: [1] }, 'storage.json.providers.gcp.scopes'],
      [{ resumable_threshold: 'huge' }, 'storage.json.providers.gcp.resumable_threshold'],
      [{ credentials: secret }, 'storage.json.providers.gcp.credentials'],
      [{ credentials: { client_email: 'x' } }, 'storage.json.providers.gcp.credentials'],
      [{ encryption: 'cmek' }, 'storage.json.providers.gcp.encryption'],
      [{ encryption: { kms_key_name: 3 } }, 'storage.json.providers.gcp.encryption.kms_key_name'],
      [{ buckets: { users: 'a/b' } }, 'storage.json.providers.gcp.buckets.users'],
    ];
    for (const [section, path] of attempts) {
      const error = thrown(() => createStorageRouter({ config: { json: { providers: { gcp: section } } }, backends: [gcsBackend] }));
      expect(isStorageError(error, 'INVALID_ARGUMENT'), JSON.stringify(section)).toBe(true);
      expect(error.message, JSON.stringify(section)).toContain(`${path}:`);
      expect(error.message).not.toContain('BEGIN PRIVATE KEY');
    }
  });

  it('refuses use_default_credentials: false without any credentials, saying what to set', () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    delete process.env.STORAGE_EMULATOR_HOST;
    try {
      const error = thrown(() => gcsOptionsFromConfig('b', gcsConfigSchema.parse({ use_default_credentials: false })));
      expect(isStorageError(error, 'UNAUTHENTICATED')).toBe(true);
      expect(error.message).toMatch(/credentials_file.*GOOGLE_APPLICATION_CREDENTIALS/);
      expect(gcsOptionsFromConfig('b', gcsConfigSchema.parse({ use_default_credentials: 'true' }))).toEqual({ bucket: 'b' });
    } finally {
      if (saved !== undefined) process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });

  it('says to install this package when the gcp section has no backend, and to rename a gcs section', () => {
    const missing = thrown(() => createStorageRouter({ config: { json: { default_provider: 'gcp', providers: { gcp: { default_bucket: 'b' } } } } }));
    expect(missing.message).toContain('@agentmap/storage-gcs');
    const misnamed = thrown(() => createStorageRouter({ config: { json: { providers: { gcs: { default_bucket: 'b' } } } }, backends: [gcsBackend] }));
    expect(misnamed.message).toContain('storage.json.providers.gcs');
    expect(misnamed.message).toContain('providers.gcp');
  });
});

describe('gs:// through the router', () => {
  const server = useGcsServer({ buckets: ['analytics', 'users-prod-bucket', 'documents'] });
  const config = () => ({
    json: {
      default_provider: 'gcp',
      providers: {
        gcp: { project_id: 'test', api_endpoint: server().url, default_bucket: 'documents', buckets: { users: 'users-prod-bucket' }, retry_count: 2 },
      },
    },
  });

  it('resolves gs://bucket/key onto a store bound to that bucket', async () => {
    const router = createStorageRouter({ config: config(), backends: [gcsBackend] });
    expect(router.schemes()).toContain('gs');
    const { store, key, scheme, container } = router.resolve('gs://analytics/reports/monthly.json');
    expect({ key, scheme, container, location: store.location, provider: store.provider }).toEqual({
      key: 'reports/monthly.json',
      scheme: 'gs',
      container: 'analytics',
      location: 'gs://analytics',
      provider: 'gcs',
    });
    await store.put(key, '{"total":1}', { contentType: 'application/json' });
    expect(text((await router.resolve('gs://analytics/reports/monthly.json').store.get(key)).body)).toBe('{"total":1}');
    expect(server().state.bucket('analytics').objects.has('reports/monthly.json')).toBe(true);
    await router.close();
  });

  it('places plain collection names on the gcp provider’s buckets map and default bucket', async () => {
    const router = createStorageRouter({ config: config(), backends: [gcsBackend] });
    const users = router.resolve('users', { extension: '.json' });
    expect(users.store.location).toBe('gs://users-prod-bucket');
    await users.store.put(users.key, '[]');
    const other = router.resolve('notes', { extension: '.json' });
    expect(other.store.location).toBe('gs://documents');
    expect(server().state.bucket('users-prod-bucket').objects.has(users.key)).toBe(true);
    await router.close();
  });

  it('routes from YAML, the bare storage: form and the guide’s agentmap: storage: form alike', async () => {
    const yaml = (indent: string) =>
      [
        'json:',
        '  default_provider: gcp',
        '  providers:',
        '    gcp:',
        '      project_id: "env:GCS_TEST_PROJECT"',
        `      api_endpoint: "${server().url}"`,
        '      default_bucket: documents',
        '      buckets:',
        '        users: users-prod-bucket',
        '      timeout: 30',
        '      retry_count: 2',
        '      connection_pool:',
        '        max_connections: 10',
      ]
        .map((line) => indent + line)
        .join('\n');
    const env = { GCS_TEST_PROJECT: 'from-env' };
    for (const source of [`storage:\n${yaml('  ')}\n`, `agentmap:\n  storage:\n${yaml('    ')}\n`]) {
      const loaded = await loadStorageConfig(source, { backends: [gcsBackend], env });
      const router = createStorageRouter({ config: loaded, backends: [gcsBackend] });
      const users = router.resolve('users', { extension: '.json' });
      expect(users.store.location).toBe('gs://users-prod-bucket');
      await users.store.put(users.key, '[1]');
      expect(text((await router.resolve(`gs://users-prod-bucket/${users.key}`).store.get(users.key)).body)).toBe('[1]');
      await router.close();
    }
  });

  it('reports a bad YAML value at load time, with its path', async () => {
    const yaml = `storage:\n  json:\n    providers:\n      gcp:\n        default_bucket: documents\n        retry_count: lots\n`;
    await expect(loadStorageConfig(yaml, { backends: [gcsBackend] })).rejects.toThrow(/storage\.json\.providers\.gcp\.retry_count/);
  });

  it('works the same as a store made directly; registerGcs still registers the descriptor', async () => {
    const direct = createGcsStore({ bucket: 'analytics', apiEndpoint: server().url });
    const router = createStorageRouter();
    // Deprecated, kept for one minor version.
    registerGcs(router);
    const routed = router.resolve('gs://analytics/x').store;
    expect(routed.capabilities).toEqual(direct.capabilities);
    expect(routed.provider).toBe('gcs');
    await router.close();
  });
});
