import { createJsonStorage } from '@agentmap/storage-json';
import { createStorageRouter, isStorageError, loadStorageConfig } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { kvBackend } from '../src/index';

const YAML = `
storage:
  json:
    default_provider: kv
    providers:
      kv:
        default_namespace: main
        namespaces: { users: people }
        max_object_size: env:KV_MAX:1KB
`;

describe('a plugin routed from YAML, with no change to core', () => {
  it('places collections by its own config section and noun', async () => {
    const config = await loadStorageConfig(YAML, { env: {}, backends: [kvBackend] });
    expect(config.json?.providers?.kv?.max_object_size).toBe(1024);
    const router = createStorageRouter({ config, backends: [kvBackend] });
    expect(router.resolve('users', { extension: '.json', service: 'json' })).toMatchObject({ scheme: 'kv', container: 'people', key: 'users.json' });
    expect(router.resolve('kv://other/a.txt')).toMatchObject({ scheme: 'kv', container: 'other', key: 'a.txt' });
    const json = createJsonStorage({ router });
    await json.write('users', { name: 'Ada' }, 'u1');
    expect(await json.read('users', 'u1')).toEqual({ name: 'Ada' });
    const { store, key } = router.resolve('users', { extension: '.json', service: 'json' });
    expect(store.location).toBe('kv://people');
    expect(JSON.parse(Buffer.from((await store.get(key)).body).toString())).toEqual({ u1: { name: 'Ada' } });
  });

  it('applies its own limits from config and reports bad values by exact path', async () => {
    const router = createStorageRouter({ config: await loadStorageConfig(YAML, { env: {}, backends: [kvBackend] }), backends: [kvBackend] });
    const { store } = router.resolve('kv://main/big.bin');
    const error = await store.put('big.bin', new Uint8Array(2048)).catch((e: unknown) => e);
    expect(isStorageError(error, 'INVALID_ARGUMENT')).toBe(true);
    const bad = await loadStorageConfig(YAML.replace('env:KV_MAX:1KB', 'lots'), { env: {}, backends: [kvBackend] }).catch((e: unknown) => e);
    expect(isStorageError(bad, 'INVALID_ARGUMENT')).toBe(true);
    expect((bad as Error).message).toContain('storage.json.providers.kv.max_object_size: expected a size');
  });

  it('is reported, with its package, when the config names it and nobody registered it', async () => {
    const config = await loadStorageConfig(YAML, { env: {} });
    const error = (() => {
      try {
        return createStorageRouter({ config });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isStorageError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain('storage.json.providers.kv: no registered backend reads provider "kv"');
  });
});
