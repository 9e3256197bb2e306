import { createStorageRouter, isStorageError } from '@agentmap/storage-core';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { azureBackendFactory, azureOptionsFromConfig, registerAzure } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
});
afterAll(() => azurite?.stop());
afterEach(() => vi.unstubAllEnvs());

function failure(run: () => unknown, code: string): Error {
  try {
    run();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    expect(error.code).toBe(code);
    return error;
  }
  throw new Error(`expected a StorageError ${code}`);
}

describe('providers.azure as the guide writes it', () => {
  it('maps every setting onto the store options', () => {
    vi.stubEnv('TEST_AZURE_CS', 'UseDevelopmentStorage=true');
    const options = azureOptionsFromConfig('', {
      connection_string: 'env:TEST_AZURE_CS',
      default_container: 'documents',
      containers: { users: 'users-prod-container' },
      timeout: 30,
      retry_count: '3',
      connection_pool: { max_connections: 10, max_idle_time: 300 },
      encryption: { enabled: true, encryption_scope: 'agentmap-scope' },
      multipart_threshold: '64MB',
      block_size: '4 MiB',
      parallel_uploads: 3,
      create_container: 'false',
    });
    expect(options).toEqual({
      container: 'documents',
      connectionString: 'UseDevelopmentStorage=true',
      timeoutMs: 30_000,
      retryCount: 3,
      maxConnections: 10,
      encryptionScope: 'agentmap-scope',
      multipartThreshold: 64 * 1024 * 1024,
      blockSize: 4 * 1024 * 1024,
      parallelUploads: 3,
      createContainer: false,
    });
  });

  it('maps the other credentials', () => {
    expect(azureOptionsFromConfig('c1', { account_name: 'acct', account_key: 'a2V5' })).toMatchObject({ container: 'c1', accountName: 'acct', accountKey: 'a2V5' });
    expect(azureOptionsFromConfig('c1', { account_name: 'acct', sas_token: 'sv=1&sig=2' })).toMatchObject({ sasToken: 'sv=1&sig=2' });
    expect(azureOptionsFromConfig('c1', { account_name: 'acct', use_managed_identity: true })).toMatchObject({ useManagedIdentity: true });
    expect(azureOptionsFromConfig('c1', { account_name: 'acct', use_managed_identity: 'true', managed_identity_client_id: 'id-1' })).toMatchObject({
      useManagedIdentity: { clientId: 'id-1' },
    });
    expect(azureOptionsFromConfig('c1', { encryption_scope: 'scope-a' })).toMatchObject({ encryptionScope: 'scope-a' });
  });

  it('names the config path of a bad value, and the variable of a missing env: reference', () => {
    expect(failure(() => azureOptionsFromConfig('c1', { retry_count: 'many' }), 'INVALID_ARGUMENT').message).toContain('providers.azure.retry_count');
    expect(failure(() => azureOptionsFromConfig('c1', { timeout: -1 }), 'INVALID_ARGUMENT').message).toContain('providers.azure.timeout');
    expect(failure(() => azureOptionsFromConfig('c1', { multipart_threshold: 'huge' }), 'INVALID_ARGUMENT').message).toContain('multipart_threshold');
    expect(failure(() => azureOptionsFromConfig('c1', { use_managed_identity: 'yes please' }), 'INVALID_ARGUMENT').message).toContain('use_managed_identity');
    expect(failure(() => azureOptionsFromConfig('c1', { connection_pool: 5 }), 'INVALID_ARGUMENT').message).toContain('connection_pool');
    expect(failure(() => azureOptionsFromConfig('', {}), 'INVALID_ARGUMENT').message).toContain('default_container');
    const missing = failure(() => azureOptionsFromConfig('c1', { account_key: 'env:AGENTMAP_UNSET_AZURE_KEY' }), 'UNAUTHENTICATED');
    expect(missing.message).toContain('AGENTMAP_UNSET_AZURE_KEY');
  });

  it('makes a working store from the section alone', async () => {
    const store = azureBackendFactory({ container: containerName('factory'), providerConfig: { connection_string: azurite.connectionString, timeout: 10, retry_count: 1 } });
    await store.put('a.txt', 'from the factory');
    expect(Buffer.from((await store.get('a.txt')).body).toString()).toBe('from the factory');
    await store.close?.();
  });
});

describe('router', () => {
  it('routes azure:// URIs and plain collection names to their containers', async () => {
    const physical = containerName('users-prod');
    const fallback = containerName('documents');
    vi.stubEnv('TEST_AZURITE_CONNECTION_STRING', azurite.connectionString);
    const router = createStorageRouter({
      config: {
        json: {
          default_provider: 'azure',
          providers: { azure: { connection_string: 'env:TEST_AZURITE_CONNECTION_STRING', default_container: fallback, containers: { users: physical }, retry_count: 2 } },
        },
      },
    });
    registerAzure(router);
    expect(router.schemes()).toContain('azure');

    const byUri = router.resolve('azure://reports-archive/2024/q1.json');
    expect(byUri).toMatchObject({ scheme: 'azure', container: 'reports-archive', key: '2024/q1.json' });
    await byUri.store.put(byUri.key, '{"q":1}');

    const users = router.resolve('users', { extension: '.json' });
    expect(users.container).toBe(physical);
    await users.store.put(users.key, '{"u":1}');
    const other = router.resolve('settings', { extension: '.json' });
    expect(other.container).toBe(fallback);

    // What the router wrote is where a direct client of the physical container finds it.
    const direct = azuriteStore(azurite, { container: physical });
    expect(Buffer.from((await direct.get(users.key)).body).toString()).toBe('{"u":1}');
    await direct.close();
    await router.close();
  });
});
