import { createStorageRouter, isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createGcsStore, gcsBackendFactory, gcsOptionsFromConfig, registerGcs } from '../src/index';
import { fakeServiceAccount } from './fixtures';
import { text, useGcsServer } from './server';

describe('providers.gcp config', () => {
  it('maps the guide’s keys onto createGcsStore options', () => {
    const key = fakeServiceAccount();
    const options = gcsOptionsFromConfig('reports', {
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
    });
    expect(options).toEqual({
      bucket: 'reports',
      projectId: 'my-project',
      keyFilename: '/etc/gcp/key.json',
      credentials: key,
      scopes: ['https://www.googleapis.com/auth/devstorage.read_write'],
      apiEndpoint: 'http://127.0.0.1:4443',
      timeout: 2500,
      retries: 5,
      resumableThreshold: 16 * 1024 * 1024,
      chunkSize: 524288,
      kmsKeyName: 'projects/p/locations/global/keyRings/r/cryptoKeys/k',
      storageClass: 'COLDLINE',
      createBucket: true,
      userProject: 'billing-project',
    });
  });

  it('names the bad key, never echoing a credential', () => {
    const secret = '-----BEGIN PRIVATE KEY----- not json';
    const attempts: Array<[Record<string, unknown>, RegExp]> = [
      [{ retry_count: 'many' }, /providers\.gcp\.retry_count/],
      [{ timeout: -1 }, /providers\.gcp\.timeout/],
      [{ create_bucket: 'yes' }, /providers\.gcp\.create_bucket/],
      [{ scopes: [1] }, /providers\.gcp\.scopes/],
      [{ resumable_threshold: 'huge' }, /providers\.gcp\.resumable_threshold/],
      [{ credentials: secret }, /providers\.gcp\.credentials/],
      [{ credentials: { client_email: 'x' } }, /providers\.gcp\.credentials/],
      [{ encryption: 'cmek' }, /providers\.gcp\.encryption/],
    ];
    for (const [config, message] of attempts) {
      try {
        gcsOptionsFromConfig('b', config);
        expect.unreachable(JSON.stringify(config));
      } catch (error) {
        expect(isStorageError(error, 'INVALID_ARGUMENT'), JSON.stringify(config)).toBe(true);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('BEGIN PRIVATE KEY');
      }
    }
  });

  it('refuses use_default_credentials: false without any credentials, saying what to set', () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    delete process.env.STORAGE_EMULATOR_HOST;
    try {
      expect(() => gcsOptionsFromConfig('b', { use_default_credentials: false })).toThrow(/credentials_file.*GOOGLE_APPLICATION_CREDENTIALS/);
      expect(gcsOptionsFromConfig('b', { use_default_credentials: true })).toEqual({ bucket: 'b' });
    } finally {
      if (saved !== undefined) process.env.STORAGE_EMULATOR_HOST = saved;
    }
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
    const router = registerGcs(createStorageRouter({ config: config() }));
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
    const router = createStorageRouter({ config: config(), backends: { gs: gcsBackendFactory } });
    const users = router.resolve('users', { extension: '.json' });
    expect(users.store.location).toBe('gs://users-prod-bucket');
    await users.store.put(users.key, '[]');
    const other = router.resolve('notes', { extension: '.json' });
    expect(other.store.location).toBe('gs://documents');
    expect(server().state.bucket('users-prod-bucket').objects.has(users.key)).toBe(true);
    await router.close();
  });

  it('works the same as a store made directly', async () => {
    const direct = createGcsStore({ bucket: 'analytics', apiEndpoint: server().url });
    const routed = registerGcs(createStorageRouter({ config: config() })).resolve('gs://analytics/x').store;
    expect(routed.capabilities).toEqual(direct.capabilities);
  });
});
