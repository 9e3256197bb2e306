import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, expectStorageError } from '@agentmap/storage-testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type BackendFactory, type ObjectStore, createMemoryStore, createStorageRouter, defineBackend, loadStorageConfig, withMetrics } from '../../src/index';
import { thrownBy } from '../config/thrown';

const dir = mkdtempSync(join(tmpdir(), 'agentmap-router-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = async (store: ObjectStore, key: string) => Buffer.from((await store.get(key)).body).toString();

/** A plugin backend as a third-party package would write it: memory-backed, recording its calls. */
function recordingBackend(provider: string) {
  const made: Array<{ container: string; providerConfig: Record<string, unknown> | undefined }> = [];
  const factory: BackendFactory = (args) => {
    made.push(args);
    const store = createMemoryStore({ name: `${provider}-${args.container}` });
    return { ...store, provider, location: `${provider}://${args.container}` };
  };
  return { factory, made };
}

/** The same, as a descriptor with its own config key and noun (`s3` read from `providers.aws`, namespaces called buckets). */
function recordingDescriptor(scheme: string, configKey: string, noun: string) {
  const { factory, made } = recordingBackend(scheme);
  const backend = defineBackend({ scheme, configKey, noun, create: (container, section) => factory({ container, providerConfig: section }) });
  return { backend, made };
}

describe('createStorageRouter', () => {
  it('resolves memory:// URIs to one store per name, reused across calls', async () => {
    const router = createStorageRouter();
    const a = router.resolve('memory://scratch/notes/a.txt');
    expect(a).toMatchObject({ key: 'notes/a.txt', scheme: 'memory', container: 'scratch' });
    await a.store.put(a.key, 'hello');
    const again = router.resolve('memory://scratch/notes/a.txt');
    expect(again.store).toBe(a.store);
    expect(await text(again.store, again.key)).toBe('hello');
    expect(router.resolve('memory://other/notes/a.txt').store).not.toBe(a.store);
    expect(router.schemes()).toEqual(['local', 'memory']);
  });

  it('resolves local:// paths under the configured base directory, as real files', async () => {
    const baseDir = join(dir, 'json');
    const router = createStorageRouter({ config: { json: { providers: { local: { base_dir: baseDir } } } } });
    const target = router.resolve('local://reports/2024.json');
    expect(target).toMatchObject({ key: 'reports/2024.json', scheme: 'local' });
    await target.store.put(target.key, '{"ok":true}');
    expect(readFileSync(join(baseDir, 'reports', '2024.json'), 'utf8')).toBe('{"ok":true}');
    expect(router.resolve('local://other.json').store).toBe(target.store);
    await router.close();
  });

  it('places plain collection names by the default provider and its container map', async () => {
    const config = await loadStorageConfig(
      `
storage:
  json:
    default_provider: memory
    providers:
      memory:
        default_container: main
        containers:
          users: people
  csv:
    providers:
      local:
        base_dir: ${JSON.stringify(join(dir, 'csv'))}
`,
    );
    const router = createStorageRouter({ config });
    const users = router.resolve('users', { extension: '.json' });
    expect(users).toMatchObject({ key: 'users.json', scheme: 'memory', container: 'people' });
    expect(router.resolve('orders', { extension: '.json' })).toMatchObject({ key: 'orders.json', container: 'main' });
    expect(router.resolve('orders.json', { extension: '.json' }).key).toBe('orders.json');
    expect(router.resolve('memory://main/x').store).toBe(router.resolve('orders').store);
    // A .csv extension selects the csv section, whose default provider is local.
    const products = router.resolve('products', { extension: '.csv' });
    expect(products).toMatchObject({ key: 'products.csv', scheme: 'local' });
    await products.store.put(products.key, 'id\n1\n');
    expect(readFileSync(join(dir, 'csv', 'products.csv'), 'utf8')).toBe('id\n1\n');
    expect(router.resolve('users', { service: 'csv' }).scheme).toBe('local');
    expect(router.defaultStore()).toBe(router.resolve('orders').store);
    expect(router.defaultStore({ extension: '.csv' })).toBe(products.store);
    expect(router.defaultStore({ service: 'csv' })).toBe(products.store);
    await router.close();
  });

  it('uses options.base_directory for a local section without providers', () => {
    const router = createStorageRouter({ config: { file: { options: { base_directory: join(dir, 'files') } } }, service: 'file' });
    expect(router.resolve('notes/today.md')).toMatchObject({ key: 'notes/today.md', scheme: 'local' });
  });

  it('lets a plugin add a scheme without touching core, handing it its provider section', async () => {
    const dropbox = recordingBackend('dropbox');
    const config = { json: { default_provider: 'dropbox', providers: { dropbox: { app_folder: 'agentmap', default_container: 'team' } } } };
    // A section nobody registered is reported when the router is made, never silently accepted.
    const unread = thrownBy(() => createStorageRouter({ config }));
    expect(unread.code).toBe('INVALID_ARGUMENT');
    expect(unread.message).toContain('storage.json.providers.dropbox: no registered backend reads provider "dropbox"');
    expect(thrownBy(() => createStorageRouter().resolve('dropbox://team/a.txt')).code).toBe('UNSUPPORTED');
    const router = createStorageRouter({ config, backends: { dropbox: dropbox.factory } });
    expect(router.schemes()).toEqual(['dropbox', 'local', 'memory']);
    const target = router.resolve('dropbox://team/a.txt');
    await target.store.put(target.key, 'from plugin');
    expect(target.store.provider).toBe('dropbox');
    expect(router.resolve('notes', { extension: '.json' })).toMatchObject({ store: target.store, key: 'notes.json', scheme: 'dropbox', container: 'team' });
    expect(dropbox.made).toEqual([{ container: 'team', providerConfig: { app_folder: 'agentmap', default_container: 'team' } }]);
  });

  it('hands descriptors the sections under their config keys (aws for s3://, gcp for gs://), with env resolved', async () => {
    const s3 = recordingDescriptor('s3', 'aws', 'bucket');
    const gs = recordingDescriptor('gs', 'gcp', 'bucket');
    const azure = recordingDescriptor('azure', 'azure', 'container');
    const config = await loadStorageConfig(
      {
        json: {
          default_provider: 'aws',
          providers: {
            aws: { region: 'env:TEST_REGION:eu-west-1', secret_key: 'env:TEST_SECRET', default_bucket: 'docs', buckets: { users: 'users-prod' } },
            azure: { connection_string: 'env:TEST_AZ', default_container: 'az-docs' },
          },
        },
        csv: { default_provider: 'gcp', providers: { gcp: { project_id: 'proj', default_bucket: 'tables' } } },
      },
      { env: { TEST_SECRET: 'sekret', TEST_AZ: 'UseDevelopmentStorage=true' } },
    );
    const router = createStorageRouter({ config, backends: [s3.backend, gs.backend, azure.backend] });
    expect(router.backends().map((b) => [b.scheme, b.configKey, b.noun])).toEqual([
      ['local', 'local', 'directory'],
      ['memory', 'memory', 'container'],
      ['s3', 'aws', 'bucket'],
      ['gs', 'gcp', 'bucket'],
      ['azure', 'azure', 'container'],
    ]);
    expect(router.resolve('users', { extension: '.json' })).toMatchObject({ scheme: 's3', container: 'users-prod', key: 'users.json' });
    expect(router.resolve('orders', { extension: '.json' })).toMatchObject({ scheme: 's3', container: 'docs' });
    expect(router.resolve('s3://elsewhere/x.json')).toMatchObject({ scheme: 's3', container: 'elsewhere' });
    expect(s3.made.map((m) => m.container)).toEqual(['users-prod', 'docs', 'elsewhere']);
    expect(s3.made[0]!.providerConfig).toMatchObject({ region: 'eu-west-1', secret_key: 'sekret' });
    expect(router.resolve('products', { extension: '.csv' })).toMatchObject({ scheme: 'gs', container: 'tables', key: 'products.csv' });
    expect(gs.made[0]!.providerConfig).toMatchObject({ project_id: 'proj' });
    router.resolve('azure://az-docs/a.json');
    expect(azure.made[0]!.providerConfig).toMatchObject({ connection_string: 'UseDevelopmentStorage=true' });
  });

  it('says which package to install for an unregistered cloud scheme, listing the registered ones', () => {
    const router = createStorageRouter();
    const s3 = thrownBy(() => router.resolve('s3://bucket/key.json'));
    expect(s3.code).toBe('UNSUPPORTED');
    expect(s3.message).toContain('Registered schemes: local://, memory://');
    expect(s3.message).toContain('Install @agentmap/storage-s3 and pass s3Backend in createStorageRouter({ backends: [s3Backend] })');
    expect(thrownBy(() => router.resolve('azure://c/k')).message).toContain('@agentmap/storage-azure');
    expect(thrownBy(() => router.resolve('gs://b/k')).message).toContain('gcsBackend');
    expect(thrownBy(() => router.resolve('gcs://b/k')).message).toContain('Did you mean gs://?');
    expect(thrownBy(() => router.resolve('ftp://host/k')).message).toContain('pass its descriptor (made with defineBackend)');
  });

  it('refuses malformed targets and unsafe keys with INVALID_ARGUMENT before creating any store', () => {
    const made: string[] = [];
    const router = createStorageRouter({ config: { json: { default_provider: 'memory' } }, wrap: (store, t) => (made.push(t.container), store) });
    for (const target of ['', '   ', 's3:/bucket/key', 'memory:ns/key', 'memory://', 'memory://ns', '../escape', 'a/../../b', '/etc/passwd', 'nul\u0000', 'memory://ns/../x']) {
      const error = thrownBy(() => router.resolve(target));
      expect(error.code, JSON.stringify(target)).toBe('INVALID_ARGUMENT');
    }
    expect(thrownBy(() => router.resolve('s3:/bucket/key')).message).toContain('write s3://container/path');
    expect(thrownBy(() => router.resolve(42 as never)).code).toBe('INVALID_ARGUMENT');
    expect(made).toEqual([]);
  });

  it('explains a missing container or base directory with the config path to set', () => {
    const cloud = createStorageRouter({ config: { json: { default_provider: 'azure', providers: { azure: { connection_string: 'x', containers: { users: 'u' } } } } }, backends: [recordingDescriptor('azure', 'azure', 'container').backend] });
    const error = thrownBy(() => cloud.resolve('orders'));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('add storage.json.providers.azure.containers.orders or storage.json.providers.azure.default_container');
    expect(cloud.resolve('users').container).toBe('u');
    const local = thrownBy(() => createStorageRouter().resolve('users', { service: 'json' }));
    expect(local.message).toContain('storage.json.providers.local.base_dir');
    const unregistered = thrownBy(() => createStorageRouter({ config: { json: { default_provider: 'aws', providers: { aws: { default_bucket: 'b' } } } } }));
    expect(unregistered.code).toBe('INVALID_ARGUMENT');
    expect(unregistered.message).toContain('storage.json.default_provider: names provider "aws", which no registered backend reads. Install @agentmap/storage-s3 and pass s3Backend');
  });

  it('wraps each store it creates once, so layers apply to everything it hands out', async () => {
    const router = createStorageRouter({ wrap: (store) => withMetrics(store) });
    const a = router.resolve('memory://m/a.txt');
    await a.store.put(a.key, 'x');
    await router.resolve('memory://m/b.txt').store.put('b.txt', 'yy');
    const metered = a.store as ReturnType<typeof withMetrics>;
    expect(metered.metrics.snapshot().providers.memory?.put).toMatchObject({ count: 2, bytesIn: 3 });
  });

  it('replaces a scheme on register, and close() closes every store it opened', async () => {
    const closed: string[] = [];
    const closing =
      (label: string): BackendFactory =>
      ({ container }) => ({ ...createMemoryStore({ name: container }), close: async () => void closed.push(`${label}:${container}`) });
    const router = createStorageRouter({ backends: { memory: closing('first') } });
    const first = router.resolve('memory://a/k').store;
    router.register('memory', closing('second'));
    expect(router.resolve('memory://a/k').store).not.toBe(first);
    router.resolve('memory://b/k');
    await router.close();
    expect(closed.sort()).toEqual(['first:a', 'second:a', 'second:b']);
  });

  it('refuses bad scheme names and factories', () => {
    const router = createStorageRouter();
    expect(thrownBy(() => router.register('9lives', recordingBackend('x').factory)).code).toBe('INVALID_ARGUMENT');
    expect(thrownBy(() => router.register('drop box', recordingBackend('x').factory)).code).toBe('INVALID_ARGUMENT');
    expect(thrownBy(() => router.register('ok', 'nope' as never)).code).toBe('INVALID_ARGUMENT');
    router.register('Dropbox://', recordingBackend('dropbox').factory);
    expect(router.schemes()).toContain('dropbox');
  });

  it('turns a factory crash into INTERNAL without copying its message', () => {
    const router = createStorageRouter({
      backends: {
        broken: () => {
          throw new Error('bad connection string AccountKey=leaked');
        },
      },
    });
    const error = thrownBy(() => router.resolve('broken://c/k'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('leaked');
  });

  it('lists what was written through the resolved store', async () => {
    const router = createStorageRouter();
    const { store } = router.resolve('memory://list/x');
    await store.put('a/1', '1');
    await store.put('a/2', '2');
    expect((await collect(store.list('a/'))).length).toBe(2);
    await expectStorageError(store.get('a/3'), 'NOT_FOUND');
  });
});
