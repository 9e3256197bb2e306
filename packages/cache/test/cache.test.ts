import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore, createMemoryStore, isStorageError } from '@agentmap/storage-core';
import { Keyv } from 'keyv';
import { afterAll, describe, expect, it } from 'vitest';
import { type CacheEvent, bulkRead, createCache } from '../src';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-test-'));
  dirs.push(dir);
  return dir;
};

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(isStorageError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('createCache values', () => {
  const cache = createCache({ levels: [{ name: 'memory' }] });

  it('round-trips JSON values, bytes, dates, maps and sets, nested', async () => {
    const value = {
      text: 'ü',
      n: 1.5,
      list: [1, null, true],
      bytes: new Uint8Array([0, 255, 7]),
      when: new Date('2024-05-01T10:00:00.000Z'),
      map: new Map<unknown, unknown>([['a', 1], [2, new Set(['x'])]]),
      $t: 'looks like a tag',
    };
    await cache.set('v', value);
    expect(await cache.get('v')).toEqual(value);
  });

  it('returns copies: mutating what get returned changes nothing stored', async () => {
    await cache.set('copy', { list: [1] });
    const first = await cache.get<{ list: number[] }>('copy');
    first!.list.push(2);
    expect(await cache.get('copy')).toEqual({ list: [1] });
  });

  it.each([
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 10n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a class instance', new (class Thing {})()],
    ['undefined', undefined],
    ['a nested function', { deep: [{ f: () => 1 }] }],
  ])('refuses %s at set with INVALID_ARGUMENT and stores nothing', async (_, value) => {
    await expectCode(cache.set('bad', value), 'INVALID_ARGUMENT');
    expect(await cache.get('bad')).toBeUndefined();
  });

  it('refuses cycles and values nested too deep', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expectCode(cache.set('cyc', cyclic), 'INVALID_ARGUMENT');
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    await expectCode(cache.set('deep', deep), 'INVALID_ARGUMENT');
    expect(await cache.get('deep')).toBeUndefined();
  });

  it('refuses bad keys and TTLs', async () => {
    await expectCode(cache.get(''), 'INVALID_ARGUMENT');
    await expectCode(cache.get(42 as unknown as string), 'INVALID_ARGUMENT');
    await expectCode(cache.set('k'.repeat(2000), 1), 'INVALID_ARGUMENT');
    await expectCode(cache.set('k', 1, { ttl: Number.NaN }), 'INVALID_ARGUMENT');
    await expectCode(cache.set('k', 1, { ttl: -1 }), 'INVALID_ARGUMENT');
  });

  it('setMany checks every entry before writing any', async () => {
    await expectCode(cache.setMany([{ key: 'ok1', value: 1 }, { key: 'bad1', value: () => 1 }]), 'INVALID_ARGUMENT');
    expect(await cache.get('ok1')).toBeUndefined();
  });
});

describe('createCache options', () => {
  it('refuses unknown options, naming the option and the right one', async () => {
    await expectCode(() => createCache({ levels: [{ name: 'memory' }], ttll: 5 } as never), 'INVALID_ARGUMENT');
    try {
      createCache({ levels: [{ name: 'memory', max_size: 5 } as never] });
    } catch (error) {
      expect((error as Error).message).toContain('"max_size"');
      expect((error as Error).message).toContain('maxSize');
    }
    await expectCode(() => createCache({ levels: [] }), 'INVALID_ARGUMENT');
    await expectCode(() => createCache({ levels: [{ name: 'x', provider: 'memcached' } as never] }), 'INVALID_ARGUMENT');
    await expectCode(() => createCache({ levels: [{ name: 'memory' }], refreshAhead: 2 }), 'INVALID_ARGUMENT');
  });
});

describe('memory level', () => {
  it('expires entries after the TTL (per call, per cache and per level)', async () => {
    const cache = createCache({ levels: [{ name: 'memory', ttl: 150 }], ttl: 10_000 });
    await cache.set('a', 1);
    await cache.set('b', 2, { ttl: 60 });
    expect(await cache.get('a')).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeUndefined();
  });

  it('evicts least recently used entries past maxSize and past maxBytes', async () => {
    const byCount = createCache({ levels: [{ name: 'memory', maxSize: 3 }] });
    for (const k of ['a', 'b', 'c']) await byCount.set(k, k);
    await byCount.get('a');
    await byCount.set('d', 'd');
    expect(await byCount.get('b')).toBeUndefined();
    expect(await byCount.get('a')).toBe('a');
    expect(byCount.stats().levels[0]).toMatchObject({ size: 3, evictions: 1 });

    const byBytes = createCache({ levels: [{ name: 'memory', maxBytes: 3000 }] });
    for (let i = 0; i < 10; i++) await byBytes.set(`k${i}`, 'x'.repeat(1000));
    expect(byBytes.stats().levels[0]!.bytes).toBeLessThanOrEqual(3000);
    expect(await byBytes.get('k9')).toBe('x'.repeat(1000));
    expect(await byBytes.get('k0')).toBeUndefined();
  });
});

describe('levels', () => {
  it('reads top-down and fills the levels above on a hit', async () => {
    const store = createLocalStore({ baseDir: tempDir() });
    const writer = createCache({ levels: [{ name: 'file', store }] });
    await writer.set('shared', { from: 'file' });
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'file', store }] });
    expect(await cache.get('shared')).toEqual({ from: 'file' });
    expect(await cache.get('shared')).toEqual({ from: 'file' });
    const [l1, l2] = cache.stats().levels;
    expect(l1).toMatchObject({ name: 'memory', hits: 1, misses: 1 });
    expect(l2).toMatchObject({ name: 'file', hits: 1 });
    expect(cache.stats().hitRate).toBe(1);
  });

  it('keeps each file-level entry as one object with its expiry', async () => {
    const store = createMemoryStore();
    const cache = createCache({ levels: [{ name: 'file', store, prefix: 'c' }] });
    await cache.set('k', 'v', { ttl: 60_000 });
    const keys: string[] = [];
    for await (const entry of store.list('c/')) if (entry.kind === 'object') keys.push(entry.key);
    expect(keys).toHaveLength(1);
    const stored = JSON.parse(Buffer.from((await store.get(keys[0]!)).body).toString()) as { key: string; expires: number };
    expect(stored.expires).toBeGreaterThan(Date.now());
  });

  it('accepts any keyv a user brings', async () => {
    const keyv = new Keyv();
    const cache = createCache({ levels: [{ name: 'mine', keyv }] });
    await cache.set('x', [1, 2]);
    expect(await keyv.get('x')).toEqual([1, 2]);
    expect(await cache.get('x')).toEqual([1, 2]);
    expect(cache.levels[0]!.keyv).toBe(keyv);
  });

  it('write-behind: set returns after the first level; flush writes the others', async () => {
    const store = createMemoryStore();
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'file', store }], writeBehind: { maxQueue: 10 } });
    await Promise.all(Array.from({ length: 50 }, (_, i) => cache.set(`k${i}`, i)));
    await cache.flush();
    const lower = createCache({ levels: [{ name: 'file', store }] });
    for (let i = 0; i < 50; i++) expect(await lower.get(`k${i}`)).toBe(i);
    await cache.close();
  });

  it('delete removes from every level', async () => {
    const store = createMemoryStore();
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'file', store }] });
    await cache.set('gone', 1);
    expect(await cache.delete('gone')).toBe(true);
    expect(await cache.get('gone')).toBeUndefined();
    expect(await cache.delete('gone')).toBe(false);
  });

  it('getMany/setMany, and bulkRead fetches only the misses, in batches', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'file', store: createMemoryStore() }] });
    await cache.setMany([{ key: 'c:1', value: 'one' }, { key: 'c:2', value: 'two' }]);
    expect(await cache.getMany(['c:1', 'c:3', 'c:2'])).toEqual(['one', undefined, 'two']);
    const asked: string[][] = [];
    const result = await bulkRead(cache, ['c:1', 'c:3', 'c:4', 'c:5'], async (keys) => {
      asked.push(keys);
      return Object.fromEntries(keys.filter((k) => k !== 'c:5').map((k) => [k, k.toUpperCase()]));
    }, { batchSize: 2 });
    expect(asked).toEqual([['c:3', 'c:4'], ['c:5']]);
    expect([...result]).toEqual([['c:1', 'one'], ['c:3', 'C:3'], ['c:4', 'C:4']]);
    expect(await cache.get('c:4')).toBe('C:4');
  });
});

describe('wrap', () => {
  it('1,000 concurrent misses on one key call the loader once', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'file', store: createMemoryStore() }] });
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return { loaded: true };
    };
    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.wrap('hot', load)));
    expect(calls).toBe(1);
    expect(results.every((r) => r.loaded)).toBe(true);
    expect(await cache.wrap('hot', load)).toEqual({ loaded: true });
    expect(calls).toBe(1);
    expect(cache.stats().loads).toBe(1);
  });

  it('a failed load reaches every waiter and is not cached', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }] });
    let calls = 0;
    const failing = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('backend down');
    };
    const settled = await Promise.allSettled(Array.from({ length: 100 }, () => cache.wrap('k', failing)));
    expect(calls).toBe(1);
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'backend down')).toBe(true);
    expect(await cache.wrap('k', () => 'ok')).toBe('ok');
    expect(calls).toBe(1);
  });

  it('a set during a load wins over the loaded value', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }] });
    let release!: () => void;
    const loading = cache.wrap('k', () => new Promise<string>((resolve) => (release = () => resolve('old'))));
    await new Promise((r) => setTimeout(r, 5));
    await cache.set('k', 'new');
    release();
    expect(await loading).toBe('old');
    expect(await cache.get('k')).toBe('new');
  });

  it('refresh-ahead reloads a hot key near expiry in the background', async () => {
    const events: CacheEvent[] = [];
    const cache = createCache({ levels: [{ name: 'memory' }], refreshAhead: 0.5, onEvent: (e) => events.push(e) });
    let version = 0;
    const load = () => ++version;
    expect(await cache.wrap('r', load, { ttl: 400 })).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    expect(await cache.wrap('r', load, { ttl: 400 })).toBe(1); // served, and refreshed behind
    await new Promise((r) => setTimeout(r, 50));
    expect(events.some((e) => e.type === 'refresh' && e.ok)).toBe(true);
    expect(await cache.get('r')).toBe(2);
  });
});
