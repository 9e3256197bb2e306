import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryStore } from '@agentmap/storage-core';
import { type RunningRedis, runTs, startRedis, startRedisCluster } from '@agentmap/test-servers';
import { describeCacheLevel } from '@agentmap/storage-testkit/cache';
import KeyvRedis from '@keyv/redis';
import keyvTestSuite from '@keyv/test-suite';
import { Keyv } from 'keyv';
import * as vitest from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheEvent, LruStore, ObjectStoreAdapter, cacheFromConfig, createCache, createRedisKeyv } from '../src';

const here = dirname(fileURLToPath(import.meta.url));

// keyv's own compliance suite, on the levels that act as keyv stores.
describe('keyv test suite: LruStore', () => {
  keyvTestSuite(vitest, Keyv, () => new LruStore());
});
describe('keyv test suite: ObjectStoreAdapter on a memory store', () => {
  keyvTestSuite(vitest, Keyv, () => new ObjectStoreAdapter({ store: createMemoryStore() }));
});

// Our conformance suite on each level kind.
describeCacheLevel('memory level', { create: () => createCache({ levels: [{ name: 'memory', maxSize: 8 }] }).levels[0]!.keyv, maxEntries: 8 });
describeCacheLevel('file level on a memory store', { create: () => createCache({ levels: [{ name: 'file', store: createMemoryStore() }] }).levels[0]!.keyv });

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('keyv test suite: the Redis level store', () => {
  keyvTestSuite(vitest, Keyv, () => createRedisKeyv({ url: redis.url, keyPrefix: 'compliance:' }).store as unknown);
});
describeCacheLevel('redis level', { create: () => createRedisKeyv({ url: redis.url, keyPrefix: 'suite:' }) });

describe('redis level', () => {
  it('serves and fills through L1, with the guide key prefix and db', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'redis', url: redis.url, keyPrefix: 'agentmap:validation:', db: 1 }] });
    await cache.set('k', { a: new Date(0), b: new Uint8Array([1, 2]) });
    const raw = createRedisKeyv({ url: redis.url, keyPrefix: 'agentmap:validation:', db: 1 });
    expect(await raw.get('k')).toBeDefined();
    const other = createCache({ levels: [{ name: 'memory' }, { name: 'redis', url: redis.url, keyPrefix: 'agentmap:validation:', db: 1 }] });
    expect(await other.get('k')).toEqual({ a: new Date(0), b: new Uint8Array([1, 2]) });
    expect(other.stats().levels.map((l) => l.hits)).toEqual([0, 1]);
    await Promise.all([cache.close(), other.close(), raw.disconnect()]);
  });

  it('concurrent first calls share one connect', async () => {
    const cache = createCache({ levels: [{ name: 'redis', url: redis.url, keyPrefix: 'first:' }] });
    await Promise.all(Array.from({ length: 50 }, (_, i) => cache.set(`k${i}`, i)));
    expect(cache.stats().levels[0]).toMatchObject({ healthy: true, errors: 0 });
    await cache.close();
  });

  it('accepts a user keyv over @keyv/redis, as in the design example', async () => {
    const keyv = new Keyv(new KeyvRedis(redis.url), { namespace: 'user' });
    const cache = createCache({ levels: [{ name: 'memory', maxSize: 100, ttl: 60_000 }, { name: 'redis', keyv }] });
    expect(await cache.wrap('w', () => 42, { ttl: 5000 })).toBe(42);
    expect(await keyv.get('w')).toBe(42);
    await keyv.disconnect();
  });

  it('a wrong password takes the level down without the password reaching events or errors', async () => {
    const guarded = await startRedis({ password: 's3cret-pass' });
    try {
      const events: CacheEvent[] = [];
      const wrong = createCache({ levels: [{ name: 'memory' }, { name: 'redis', url: guarded.url, password: 'wrong-s3cret' }], onEvent: (e) => events.push(e) });
      await wrong.set('k', 1);
      expect(await wrong.get('k')).toBe(1);
      expect(wrong.stats().levels[1]!.healthy).toBe(false);
      expect(JSON.stringify(events)).not.toContain('s3cret');
      await wrong.close();
      const right = createCache({ levels: [{ name: 'redis', url: guarded.url, password: 's3cret-pass' }] });
      await right.set('k', 2);
      expect(await right.get('k')).toBe(2);
      expect(right.stats().levels[0]!.healthy).toBe(true);
      await right.close();
    } finally {
      await guarded.stop();
    }
  });

  it('cacheFromConfig maps the guide redis section (host, port, db, env: password, key_prefix)', async () => {
    const guarded = await startRedis({ password: 'from-env-pw' });
    process.env.AGENTMAP_TEST_REDIS_PASSWORD = 'from-env-pw';
    try {
      const built = cacheFromConfig({
        validation: { provider: 'redis', ttl: 3600, redis: { host: '127.0.0.1', port: guarded.port, db: 1, password: 'env:AGENTMAP_TEST_REDIS_PASSWORD', key_prefix: 'agentmap:validation:' } },
      });
      await built.validation!.set('flow.csv', 'x', { valid: true });
      expect(await built.validation!.get('flow.csv', 'x')).toEqual({ valid: true });
      const raw = createRedisKeyv({ url: guarded.url, password: 'from-env-pw', db: 1, keyPrefix: 'agentmap:validation:' });
      expect(await raw.get('validation:flow.csv')).toBeDefined();
      await raw.disconnect();
      await built.close();
    } finally {
      delete process.env.AGENTMAP_TEST_REDIS_PASSWORD;
      await guarded.stop();
    }
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!hasOpenssl)('connects over TLS with the CA given in tls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const secure = await startRedis({ tls: { cert, key } });
    try {
      const cache = createCache({ levels: [{ name: 'redis', host: '127.0.0.1', port: secure.port, tls: { ca: readFileSync(cert, 'utf8') } }] });
      await cache.set('t', 'over tls');
      expect(await cache.get('t')).toBe('over tls');
      expect(cache.stats().levels[0]!.healthy).toBe(true);
      await cache.close();
      // Without TLS the same port does not answer: the level goes down, the call does not hang.
      const plain = createCache({ levels: [{ name: 'memory' }, { name: 'redis', host: '127.0.0.1', port: secure.port }], levelTimeoutMs: 500 });
      await plain.set('t', 1);
      expect(plain.stats().levels[1]!.healthy).toBe(false);
      await plain.close();
    } finally {
      await secure.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works against a Redis cluster (cluster.nodes as seeds)', async () => {
    const cluster = await startRedisCluster();
    try {
      const cache = createCache({ levels: [{ name: 'memory' }, { name: 'redis', cluster: { nodes: [cluster.nodes[0]!] }, keyPrefix: 'clustered:' }] });
      const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`); // spread over the slots of every node
      await Promise.all(keys.map((k, i) => cache.set(k, i)));
      const other = createCache({ levels: [{ name: 'redis', cluster: { nodes: cluster.nodes }, keyPrefix: 'clustered:' }] });
      expect(await Promise.all(keys.map((k) => other.get(k)))).toEqual(keys.map((_, i) => i));
      expect(other.stats().levels[0]).toMatchObject({ healthy: true, hits: 30 });
      await Promise.all([cache.close(), other.close()]);
    } finally {
      await cluster.stop();
    }
  }, 60_000);

  it('two processes sharing Redis see each other’s writes through L2', async () => {
    const cache = createCache({ levels: [{ name: 'memory' }, { name: 'redis', url: redis.url, keyPrefix: 'twoproc:' }] });
    const worker = join(here, 'fixtures', 'redis-worker.ts');
    const set = await runTs(worker, [redis.url, 'set', 'from-child', 'hello']);
    expect(set.stdout.trim(), set.stderr).toBe('ok');
    expect(await cache.get('from-child')).toEqual({ from: 'child', value: 'hello' });
    await cache.set('from-parent', [1, 2, 3]);
    const got = await runTs(worker, [redis.url, 'get', 'from-parent', '']);
    expect(JSON.parse(got.stdout.trim())).toEqual([1, 2, 3]);
    await cache.close();
  });

  it('killing Redis mid-test degrades (warning event, metric) and recovers on the same port', async () => {
    const events: CacheEvent[] = [];
    const cache = createCache({
      levels: [{ name: 'memory', maxSize: 1000 }, { name: 'redis', url: redis.url, keyPrefix: 'outage:' }],
      retryAfterMs: 200,
      levelTimeoutMs: 1000,
      onEvent: (e) => events.push(e),
    });
    await cache.set('before', 'b');
    await redis.stop();

    // Reads and writes keep working from L1; nothing throws, nothing hangs.
    expect(await cache.get('before')).toBe('b');
    await cache.set('during', 'd');
    expect(await cache.get('during')).toBe('d');
    expect(await cache.get('missing')).toBeUndefined();
    expect(await cache.wrap('loaded', () => 'l')).toBe('l');
    await cache.delete('before');
    const stats = cache.stats().levels[1]!;
    expect(stats.healthy).toBe(false);
    expect(stats.errors).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'level-down' && e.level === 'redis')).toBe(true);
    expect(events.some((e) => e.type === 'warning' && e.level === 'redis')).toBe(true);

    redis = await startRedis({ port: redis.port });
    // The level is tried again after retryAfterMs and reconnects by itself.
    const deadline = Date.now() + 20_000;
    while (!cache.stats().levels[1]!.healthy || !(await redisHas('outage:x'))) {
      if (Date.now() > deadline) throw new Error('redis level did not recover');
      await new Promise((r) => setTimeout(r, 250));
      await cache.set('x', 1);
    }
    expect(events.some((e) => e.type === 'level-up' && e.level === 'redis')).toBe(true);
    await cache.close();
  }, 60_000);
});

async function redisHas(key: string): Promise<boolean> {
  const raw = createRedisKeyv({ url: redis.url, keyPrefix: key.slice(0, key.indexOf(':') + 1) });
  try {
    return (await raw.get(key.slice(key.indexOf(':') + 1))) !== undefined;
  } catch {
    return false;
  } finally {
    await raw.disconnect().catch(() => undefined);
  }
}
