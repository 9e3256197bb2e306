import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore, isStorageError } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { createCache, withCache } from '../src';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A real local store, with the calls that reach it counted (a layer, like any other). */
function countedLocalStore(baseDir: string): { store: ObjectStore; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const store = wrapStore(createLocalStore({ baseDir }), (call, invoke) => {
    calls[call.operation] = (calls[call.operation] ?? 0) + 1;
    return invoke(call.signal);
  });
  return { store, calls };
}

const text = (body: Uint8Array) => Buffer.from(body).toString();

describe('withCache', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'with-cache-'));
  dirs.push(baseDir);

  it('a cached get costs one head; the body is read once', async () => {
    const { store, calls } = countedLocalStore(baseDir);
    const cached = withCache(store, { cache: createCache({ levels: [{ name: 'memory' }] }) });
    await store.put('a.txt', 'hello');
    for (let i = 0; i < 5; i++) expect(text((await cached.get('a.txt')).body)).toBe('hello');
    expect(calls.get).toBe(1);
    expect(calls.head).toBe(4);
  });

  it('with trustTtl a cached get asks the store nothing', async () => {
    const { store, calls } = countedLocalStore(baseDir);
    const cached = withCache(store, { cache: createCache({ levels: [{ name: 'memory' }] }), trustTtl: true, ttl: 60_000 });
    await store.put('t.txt', 'x');
    for (let i = 0; i < 3; i++) await cached.get('t.txt');
    expect(calls.get).toBe(1);
    expect(calls.head ?? 0).toBe(0);
  });

  it('writes, copies and deletes through the layer invalidate', async () => {
    const cached = withCache(createLocalStore({ baseDir }), { cache: createCache({ levels: [{ name: 'memory' }] }), trustTtl: true });
    await cached.put('w.txt', 'one');
    expect(text((await cached.get('w.txt')).body)).toBe('one');
    await cached.put('w.txt', 'two');
    expect(text((await cached.get('w.txt')).body)).toBe('two');
    await cached.put('src.txt', 'src');
    await cached.get('w.txt');
    await cached.copy('src.txt', 'w.txt');
    expect(text((await cached.get('w.txt')).body)).toBe('src');
    await cached.delete('w.txt');
    await expect(cached.get('w.txt')).rejects.toSatisfy((e: unknown) => isStorageError(e, 'NOT_FOUND'));
  });

  it('a write by another process (straight to the store) is seen on the next validated read', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }] });
    const direct = createLocalStore({ baseDir });
    const cached = withCache(direct, { cache });
    await direct.put('o.txt', 'old');
    expect(text((await cached.get('o.txt')).body)).toBe('old');
    await createLocalStore({ baseDir }).put('o.txt', 'new');
    expect(text((await cached.get('o.txt')).body)).toBe('new');
    await createLocalStore({ baseDir }).delete('o.txt');
    await expect(cached.get('o.txt')).rejects.toSatisfy((e: unknown) => isStorageError(e, 'NOT_FOUND'));
  });

  it('ranged gets go to the store and are not cached', async () => {
    const { store, calls } = countedLocalStore(baseDir);
    const cached = withCache(store, { cache: createCache({ levels: [{ name: 'memory' }] }) });
    await store.put('r.txt', 'abcdef');
    expect(text((await cached.get('r.txt', { range: { offset: 2, length: 2 } })).body)).toBe('cd');
    expect(text((await cached.get('r.txt')).body)).toBe('abcdef');
    expect(calls.get).toBe(2);
  });

  it('refuses unknown options', () => {
    expect(() => withCache(createLocalStore({ baseDir }), { cache: createCache({ levels: [{ name: 'memory' }] }), trustTTL: true } as never)).toThrow(/trustTtl/);
  });
});
