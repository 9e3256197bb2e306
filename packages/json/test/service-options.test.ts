import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createStorageRouter, type ObjectStore } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { describe, expect, it } from 'vitest';

describe('createJsonStorage options', () => {
  it('needs a store or a router, and rejects bad options naming them', () => {
    expect(() => createJsonStorage({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/store/) }));
    const store = createMemoryStore();
    expect(() => createJsonStorage({ store }, { indent: -1 })).toThrow(/indent/);
    expect(() => createJsonStorage({ store }, { indent: 2.5 })).toThrow(/indent/);
    expect(() => createJsonStorage({ store }, { layout: 'sharded' as 'single-file' })).toThrow(/layout/);
    expect(() => createJsonStorage({ store }, { layouts: { events: 'nope' as 'single-file' } })).toThrow(/layouts\.events/);
    expect(() => createJsonStorage({ store }, { maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => createJsonStorage({ store }, { schemas: { users: {} as never } })).toThrow(/safeParse/);
  });

  it('takes service options next to the store or in the second argument, and refuses unknown or misplaced ones', async () => {
    const store = createMemoryStore();
    const oneObject = createJsonStorage({ store, layout: 'per-document', prefix: 'one' });
    await oneObject.write('events', { a: 1 }, 'e1');
    expect(await store.head('one/events/e1.json')).toBeDefined();
    const invalid = (run: () => unknown, message: RegExp) => expect(run).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
    invalid(() => createJsonStorage({ store, layuot: 'per-document' } as never), /"layuot".*did you mean "layout"/);
    invalid(() => createJsonStorage({ store }, { store } as never), /"store" does not belong here: give it in the first argument/);
    invalid(() => createJsonStorage({ store }, { id_field: 'key' } as never), /did you mean "idField"/);
    invalid(() => createJsonStorage({ store, indent: 4 }, { indent: 0 }), /"indent" is given in both arguments/);
    invalid(() => createJsonStorage({ store }, 'fast' as never), /options object/);
    invalid(() => createJsonStorage(null as never), /store/);
    expect(() => createJsonStorage({ store, indent: 4 }, { indent: 4 })).not.toThrow();
  });

  it('chooses the layout per collection and lists both kinds of collections', async () => {
    const store = createMemoryStore();
    const json = createJsonStorage({ store }, { prefix: 'data', layouts: { events: 'per-document' } });
    await json.write('users', { name: 'A' }, 'u1');
    await json.write('events', { type: 'login' }, 'e1');
    await json.write('events', { type: 'logout' }, 'e2');
    const keys: string[] = [];
    for await (const entry of store.list('')) if (entry.kind === 'object') keys.push(entry.key);
    expect(keys).toEqual(['data/events/e1.json', 'data/events/e2.json', 'data/users.json']);
    expect(await json.listCollections()).toEqual(['events', 'users']);
    expect(await json.read('events', undefined, { format: 'records', idField: 'id', query: { sort: 'type', order: 'desc' } })).toEqual([
      { id: 'e2', type: 'logout' },
      { id: 'e1', type: 'login' },
    ]);
  });

  it('addresses collections by URI through a router', async () => {
    const router = createStorageRouter();
    const json = createJsonStorage({ router }, { layouts: { 'memory://scratch/events': 'per-document' } });
    await json.write('memory://scratch/users.json', { name: 'A' }, 'u1');
    await json.write('memory://scratch/events', { type: 'login' }, 'e1');
    expect(await json.read('memory://scratch/users.json', 'u1')).toEqual({ name: 'A' });
    const { store } = router.resolve('memory://scratch/x');
    expect((await store.head('users.json'))?.size).toBeGreaterThan(0);
    expect(await store.head('events/e1.json')).toBeDefined();
    await router.close();
  });

  it('shares one router with other services: names and listings follow the json section of the config', async () => {
    const root = mkdtempSync(join(tmpdir(), 'json-router-'));
    const section = (dir: string) => ({ default_provider: 'local', providers: { local: { base_dir: join(root, dir) } } });
    const router = createStorageRouter({ config: { json: section('json'), file: section('files') } });
    try {
      const json = createJsonStorage({ router });
      await json.write('users', { name: 'A' }, 'u1');
      expect(await json.listCollections()).toEqual(['users']);
      expect(existsSync(join(root, 'json', 'users.json'))).toBe(true);
      expect(existsSync(join(root, 'files', 'users.json'))).toBe(false);
    } finally {
      await router.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a URI without a router', async () => {
    const json = createJsonStorage({ store: createMemoryStore() });
    await expect(json.read('memory://scratch/users.json')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/router/) });
  });

  it('gives up after maxAttempts when another writer always gets there first, losing nothing', async () => {
    const inner = createMemoryStore();
    await inner.put('busy.json', JSON.stringify({ other: { n: 0 } }));
    let rival = 0;
    // A real store with a rival writer that changes the collection between every read and write.
    const contended: ObjectStore = {
      ...inner,
      get: async (key, options) => {
        const read = await inner.get(key, options);
        await inner.put(key, JSON.stringify({ other: { n: ++rival } }));
        return read;
      },
    };
    const json = createJsonStorage({ store: contended }, { maxAttempts: 3 });
    expect(await json.write('busy', { mine: true }, 'me')).toMatchObject({ success: false, error: { code: 'PRECONDITION_FAILED' } });
    expect(JSON.parse(new TextDecoder().decode((await inner.get('busy.json')).body))).toEqual({ other: { n: rival } });
  });

  it('stops when its AbortSignal fires', async () => {
    const json = createJsonStorage({ store: createMemoryStore() });
    const controller = new AbortController();
    controller.abort();
    await expect(json.write('users', { a: 1 }, 'u1', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await json.exists('users')).toBe(false);
  });
});
