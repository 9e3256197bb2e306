import { createStorageRouter, isStorageError, loadStorageConfig } from '@agentmap/storage-core';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { azureBlobBackend, azureConfigSchema, azureOptionsFromConfig, createAzureBlobStore, registerAzure } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
});
afterAll(() => azurite?.stop());
afterEach(() => vi.unstubAllEnvs());

/** The StorageError `run` throws, asserted to be of `code`. */
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

/** The options a section maps to, through the schema as the router parses it. */
const mapped = (container: string, section: Record<string, unknown>) => azureOptionsFromConfig(container, azureConfigSchema.parse(section));

describe('the azureBlobBackend descriptor', () => {
  it('names the provider the same way everywhere', () => {
    expect({ scheme: azureBlobBackend.scheme, configKey: azureBlobBackend.configKey, noun: azureBlobBackend.noun, provider: azureBlobBackend.provider }).toEqual({
      scheme: 'azure',
      configKey: 'azure',
      noun: 'container',
      provider: 'azure',
    });
    expect(azureBlobBackend.aliases).toEqual(['az', 'blob', 'azblob']);
    expect(azureBlobBackend.packageName).toBe('@agentmap/storage-azure');
  });
});

describe('providers.azure as the guide writes it', () => {
  it('maps every setting onto the store options', () => {
    const options = mapped('', {
      connection_string: 'UseDevelopmentStorage=true',
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
      // The guide's tuning keys: accepted, unused.
      batch_size: 50,
      use_block_blobs: true,
    });
    expect(options).toEqual({
      container: 'documents',
      connectionString: 'UseDevelopmentStorage=true',
      timeoutMs: 30_000,
      retries: 3,
      maxConnections: 10,
      encryptionScope: 'agentmap-scope',
      multipartThreshold: 64 * 1024 * 1024,
      blockSize: 4 * 1024 * 1024,
      parallelUploads: 3,
      createContainer: false,
    });
  });

  it('maps the other credentials', () => {
    expect(mapped('c1', { account_name: 'acct', account_key: 'a2V5' })).toMatchObject({ container: 'c1', accountName: 'acct', accountKey: 'a2V5' });
    expect(mapped('c1', { account_name: 'acct', sas_token: 'sv=1&sig=2' })).toMatchObject({ sasToken: 'sv=1&sig=2' });
    expect(mapped('c1', { account_name: 'acct', use_managed_identity: true })).toMatchObject({ useManagedIdentity: true });
    expect(mapped('c1', { account_name: 'acct', use_managed_identity: 'true', managed_identity_client_id: 'id-1' })).toMatchObject({ useManagedIdentity: { clientId: 'id-1' } });
    expect(mapped('c1', { use_default_credential: 'true', endpoint: 'https://acct.blob.core.windows.net' })).toMatchObject({
      useDefaultCredential: true,
      endpoint: 'https://acct.blob.core.windows.net',
    });
    expect(mapped('c1', { encryption_scope: 'scope-a', retry_delay: 0.25 })).toMatchObject({ encryptionScope: 'scope-a', retryDelayMs: 250 });
  });

  it('maps retry_count and timeout (seconds) onto retries and timeoutMs, as every backend does', () => {
    expect(mapped('c1', { retry_count: 0, timeout: 30 })).toEqual({ container: 'c1', retries: 0, timeoutMs: 30_000 });
    expect(mapped('c1', { retry_count: '7', timeout: '0.25' })).toEqual({ container: 'c1', retries: 7, timeoutMs: 250 });
    expect(mapped('c1', {})).toEqual({ container: 'c1' });
  });

  it('reports a bad value at its exact config path when the router is made, never echoing a secret', () => {
    const secret = 'c2VjcmV0LWFjY291bnQta2V5';
    const attempts: Array<[Record<string, unknown>, string]> = [
      [{ retry_count: 'many' }, 'storage.json.providers.azure.retry_count'],
      [{ retry_count: -1 }, 'storage.json.providers.azure.retry_count'],
      [{ timeout: -1 }, 'storage.json.providers.azure.timeout'],
      [{ multipart_threshold: 'huge' }, 'storage.json.providers.azure.multipart_threshold'],
      [{ use_managed_identity: 'yes please' }, 'storage.json.providers.azure.use_managed_identity'],
      [{ connection_pool: 5 }, 'storage.json.providers.azure.connection_pool'],
      [{ connection_pool: { max_connections: 0 } }, 'storage.json.providers.azure.connection_pool.max_connections'],
      [{ parallel_uploads: 0 }, 'storage.json.providers.azure.parallel_uploads'],
      [{ endpoint: 'not a url' }, 'storage.json.providers.azure.endpoint'],
      [{ account_key: 42, account_name: 'acct' }, 'storage.json.providers.azure.account_key'],
      [{ encryption: 'on' }, 'storage.json.providers.azure.encryption'],
      [{ containers: { users: 'a/b' } }, 'storage.json.providers.azure.containers.users'],
      [{ connection_string: secret, retry_delay: -2 }, 'storage.json.providers.azure.retry_delay'],
    ];
    for (const [section, path] of attempts) {
      const error = failure(() => createStorageRouter({ config: { json: { providers: { azure: section } } }, backends: [azureBlobBackend] }), 'INVALID_ARGUMENT');
      expect(error.message, JSON.stringify(section)).toContain(`${path}:`);
      expect(error.message).not.toContain(secret);
    }
  });

  it('names the variable of a missing env: reference, and the path it is needed at', () => {
    const error = failure(
      () => createStorageRouter({ config: { json: { providers: { azure: { account_name: 'acct', account_key: 'env:AGENTMAP_UNSET_AZURE_KEY' } } } }, backends: [azureBlobBackend] }),
      'INVALID_ARGUMENT',
    );
    expect(error.message).toContain('storage.json.providers.azure.account_key');
    expect(error.message).toContain('AGENTMAP_UNSET_AZURE_KEY');
  });

  it('says which container is missing for a plain name, and to install this package when nothing reads providers.azure', () => {
    const router = createStorageRouter({ config: { json: { default_provider: 'azure', providers: { azure: { connection_string: azurite.connectionString } } } }, backends: [azureBlobBackend] });
    expect(failure(() => router.resolve('users', { extension: '.json' }), 'INVALID_ARGUMENT').message).toContain('default_container');
    expect(failure(() => azureOptionsFromConfig('', {}), 'INVALID_ARGUMENT').message).toContain('default_container');
    const missing = failure(() => createStorageRouter({ config: { json: { default_provider: 'azure', providers: { azure: { default_container: 'docs' } } } } }), 'INVALID_ARGUMENT');
    expect(missing.message).toContain('@agentmap/storage-azure');
    expect(missing.message).toContain('azureBlobBackend');
    const misnamed = failure(() => createStorageRouter({ config: { json: { providers: { az: { default_container: 'docs' } } } }, backends: [azureBlobBackend] }), 'INVALID_ARGUMENT');
    expect(misnamed.message).toContain('storage.json.providers.az');
    expect(misnamed.message).toContain('providers.azure');
  });

  it('makes a working store from the section alone', async () => {
    const store = azureBlobBackend.create(containerName('factory'), azureConfigSchema.parse({ connection_string: azurite.connectionString, timeout: 10, retry_count: 1 }));
    await store.put('a.txt', 'from the descriptor');
    expect(Buffer.from((await store.get('a.txt')).body).toString()).toBe('from the descriptor');
    await store.close?.();
  });
});

describe('createAzureBlobStore options', () => {
  it('refuses an unknown or misplaced option with INVALID_ARGUMENT naming where it belongs, before any request', () => {
    const base = { container: 'docs', connectionString: azurite.connectionString };
    const misplaced = failure(() => createAzureBlobStore({ ...base, retry_count: 3 } as never), 'INVALID_ARGUMENT');
    expect(misplaced.message).toContain('"retry_count" does not belong here');
    expect(misplaced.message).toContain('retries');
    expect(failure(() => createAzureBlobStore({ ...base, maxTries: 4 } as never), 'INVALID_ARGUMENT').message).toContain('maxTries: 4 is retries: 3');
    expect(failure(() => createAzureBlobStore({ ...base, timeout: 30 } as never), 'INVALID_ARGUMENT').message).toContain('timeoutMs');
    expect(failure(() => createAzureBlobStore({ ...base, retires: 2 } as never), 'INVALID_ARGUMENT').message).toContain('did you mean "retries"');
    expect(failure(() => createAzureBlobStore({ ...base, blokSize: 1 } as never), 'INVALID_ARGUMENT').message).toContain('did you mean "blockSize"');
    failure(() => createAzureBlobStore(null as never), 'INVALID_ARGUMENT');
  });

  it('takes retries and timeoutMs, and the deprecated retryCount as retries', () => {
    const base = { container: 'docs', connectionString: azurite.connectionString };
    expect(failure(() => createAzureBlobStore({ ...base, retries: -1 }), 'INVALID_ARGUMENT').message).toContain('retries');
    expect(failure(() => createAzureBlobStore({ ...base, timeoutMs: 0 }), 'INVALID_ARGUMENT').message).toContain('timeoutMs');
    expect(failure(() => createAzureBlobStore({ ...base, retries: 1, retryCount: 2 }), 'INVALID_ARGUMENT').message).toContain('retryCount is the deprecated name');
    for (const options of [{ retries: 2, timeoutMs: 5000 }, { retryCount: 2 }, { retries: 2, retryCount: 2 }]) {
      const store = createAzureBlobStore({ ...base, ...options });
      expect(store.provider).toBe('azure');
      void store.close();
    }
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
      backends: [azureBlobBackend],
    });
    expect(router.schemes()).toContain('azure');

    const byUri = router.resolve('azure://reports-archive/2024/q1.json');
    expect(byUri).toMatchObject({ scheme: 'azure', container: 'reports-archive', key: '2024/q1.json' });
    expect({ provider: byUri.store.provider, location: byUri.store.location }).toEqual({ provider: 'azure', location: 'azure://reports-archive' });
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

  it('routes from YAML loaded with the descriptor, in the bare and the integrated form alike', async () => {
    vi.stubEnv('TEST_AZURITE_CONNECTION_STRING', azurite.connectionString);
    const container = containerName('yaml');
    const section = [
      'json:',
      '  default_provider: azure',
      '  providers:',
      '    azure:',
      '      connection_string: "env:TEST_AZURITE_CONNECTION_STRING"',
      `      default_container: "${container}"`,
      '      timeout: "10"',
      '      retry_count: 1',
    ];
    const bare = await loadStorageConfig(['storage:', ...section.map((line) => `  ${line}`)].join('\n'), { backends: [azureBlobBackend] });
    const integrated = await loadStorageConfig(['agentmap:', '  storage:', ...section.map((line) => `    ${line}`)].join('\n'), { backends: [azureBlobBackend] });
    // The loader keeps the section as the backend's schema parsed it.
    expect((bare.json as { providers: { azure: { timeout: unknown } } }).providers.azure.timeout).toBe(10);

    const written = createStorageRouter({ config: bare, backends: [azureBlobBackend] });
    const target = written.resolve('notes', { extension: '.json' });
    expect(target).toMatchObject({ scheme: 'azure', container, key: 'notes.json' });
    await target.store.put(target.key, '{"n":1}');
    const read = createStorageRouter({ config: integrated, backends: [azureBlobBackend] });
    expect(Buffer.from((await read.resolve(`azure://${container}/notes.json`).store.get('notes.json')).body).toString()).toBe('{"n":1}');
    await written.close();
    await read.close();
  });

  it('refuses YAML with an azure section when the descriptor is not given, saying what to install', async () => {
    const yaml = 'json:\n  providers:\n    azure:\n      default_container: docs\n';
    const error = await loadStorageConfig(yaml, { backends: [] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isStorageError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain('@agentmap/storage-azure');
  });

  it('still registers through the deprecated registerAzure', () => {
    vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', azurite.connectionString);
    const router = registerAzure(createStorageRouter());
    expect(router.schemes()).toContain('azure');
    expect(router.resolve('azure://docs/a.json').store.provider).toBe('azure');
  });
});
