// The cache against raw baselines measured in the same run: L1 hits vs a Map and vs raw keyv
// on the same LRU store, Redis-level hits vs raw @keyv/redis, withCache on a local 1 MiB
// object vs an uncached get, and a stampede of 1,000 misses on one key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@agentmap/storage-core';
import { LruStore, createCache, withCache } from '@agentmap/storage-cache';
import { startRedis } from '@agentmap/test-servers';
import { createKeyv } from '@keyv/redis';
import { Keyv } from 'keyv';
import { type Row, measure, printTable } from './lib/measure';

const value = { id: 42, name: 'workflow-router', tags: ['a', 'b', 'c'], score: 0.93, nested: { ok: true } };

/** Alternates baseline and ours over rounds so drift hits both alike; medians of each. */
async function compare(label: string, ours: () => unknown, base: () => unknown, iterations: number, note = '', rounds = 5): Promise<Row> {
  const o: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    b.push(await measure(base, { iterations, rounds: 1 }));
    o.push(await measure(ours, { iterations, rounds: 1 }));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { case: label, ours: median(o) * 1000, baseline: median(b) * 1000, unit: 'µs', note };
}

const rows: Row[] = [];
const dir = mkdtempSync(join(tmpdir(), 'agentmap-cache-bench-'));
const redis = await startRedis();
try {
  // L1 hit
  const l1 = createCache({ levels: [{ name: 'memory', maxSize: 10_000 }] });
  await l1.set('k', value);
  const map = new Map<string, unknown>([['k', value]]);
  rows.push(await compare('L1 hit vs Map.get', () => l1.get('k'), () => map.get('k'), 20_000, 'Map returns the same object; the cache a copy'));
  const rawKeyv = new Keyv({ store: new LruStore({ maxEntries: 10_000 }) });
  await rawKeyv.set('k', value);
  rows.push(await compare('L1 hit vs raw keyv (same LRU store)', () => l1.get('k'), () => rawKeyv.get('k'), 20_000));

  // Redis-level hit
  const l2 = createCache({ levels: [{ name: 'redis', url: redis.url, keyPrefix: 'bench:' }] });
  await l2.set('k', value);
  const rawRedis = createKeyv(redis.url, { namespace: 'raw' });
  await rawRedis.set('k', value);
  await rawRedis.get('k');
  rows.push(await compare('Redis-level hit vs raw @keyv/redis get', () => l2.get('k'), () => rawRedis.get('k'), 300, 'target ≤ 1.10x; median of 15 alternating rounds', 15));

  // withCache on an unchanged 1 MiB local object
  const store = createLocalStore({ baseDir: dir });
  const mib = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
  await store.put('big.bin', mib);
  const cached = withCache(store, { cache: createCache({ levels: [{ name: 'memory', maxSize: 100 }] }) });
  await cached.get('big.bin');
  rows.push(await compare('withCache get 1 MiB (etag checked) vs uncached get', () => cached.get('big.bin'), () => store.get('big.bin'), 100, 'one head per get'));
  const trusted = withCache(store, { cache: createCache({ levels: [{ name: 'memory', maxSize: 100 }] }), trustTtl: true, ttl: 60_000 });
  await trusted.get('big.bin');
  rows.push(await compare('withCache get 1 MiB (trustTtl) vs uncached get', () => trusted.get('big.bin'), () => store.get('big.bin'), 100, 'no store call'));

  // Stampede: 1,000 concurrent misses on one key; the loader takes 5 ms.
  let loads = 0;
  let rawLoads = 0;
  const slow = async () => {
    await new Promise((r) => setTimeout(r, 5));
    return value;
  };
  let n = 0;
  let oursRuns = 0;
  let baseRuns = 0;
  const stampedeCache = createCache({ levels: [{ name: 'memory' }, { name: 'redis', url: redis.url, keyPrefix: 'stampede:' }] });
  const stampedeRaw = createKeyv(redis.url, { namespace: 'stampede-raw' });
  const ours = async () => {
    const key = `s${n++}`;
    oursRuns++;
    await Promise.all(Array.from({ length: 1000 }, () => stampedeCache.wrap(key, () => (loads++, slow()))));
  };
  const base = async () => {
    const key = `s${n++}`;
    baseRuns++;
    // Plain cache-aside: each caller misses, loads and writes.
    await Promise.all(
      Array.from({ length: 1000 }, async () => {
        if ((await stampedeRaw.get(key)) === undefined) {
          rawLoads++;
          await stampedeRaw.set(key, await slow());
        }
      }),
    );
  };
  const row = await compare('stampede: 1,000 misses on one key (L1 + Redis) vs cache-aside on raw @keyv/redis', ours, base, 3);
  row.unit = 'µs';
  row.note = `loader calls per stampede: ours ${(loads / oursRuns).toFixed(0)}, baseline ${(rawLoads / baseRuns).toFixed(0)}`;
  rows.push(row);
  await Promise.all([l2.close(), stampedeCache.close(), rawRedis.disconnect(), stampedeRaw.disconnect()]);
  printTable('Cache (times per call; ratio = ours / baseline)', rows);
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
