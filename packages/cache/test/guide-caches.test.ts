import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore, createMemoryStore, isStorageError } from '@agentmap/storage-core';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFromConfig, createCache, createRoutingDecisionCache, createValidationCache } from '../src';

const dirs: string[] = [];
const jsonFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'guide-caches-'));
  dirs.push(dir);
  return dir;
};

describe('validation cache', () => {
  it('keys on path and content: a changed file misses', async () => {
    const validation = createValidationCache();
    await validation.set('graphs/flow.csv', 'a,b', { valid: true, errors: [] });
    expect(await validation.get('graphs/flow.csv', 'a,b')).toEqual({ valid: true, errors: [] });
    expect(await validation.get('graphs/flow.csv', 'a,b,c')).toBeUndefined();
    expect(await validation.invalidate('graphs/flow.csv')).toBe(1);
    expect(await validation.get('graphs/flow.csv', 'a,b')).toBeUndefined();
    expect(await validation.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('with a store, writes and reads the original layout (<name>_<md5>.json with cached_at and result)', async () => {
    const dir = tempDir();
    const validation = createValidationCache({ store: createLocalStore({ baseDir: dir }) });
    await validation.set('/work/flow.csv', 'content', { valid: true, warnings: ['w'] });
    const md5 = createHash('md5').update('content').digest('hex');
    expect(jsonFiles(dir)).toEqual([`flow.csv_${md5}.json`]);
    const written = JSON.parse(readFileSync(join(dir, `flow.csv_${md5}.json`), 'utf8')) as { cached_at: string; result: unknown };
    expect(written.cached_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(written.result).toEqual({ valid: true, warnings: ['w'] });

    // A file the Python version wrote (naive local time with microseconds, indent 2).
    const other = createHash('md5').update('other').digest('hex');
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const pythonTime = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.123456`;
    writeFileSync(join(dir, `other.csv_${other}.json`), JSON.stringify({ cached_at: pythonTime, result: { valid: false } }, null, 2));
    expect(await validation.get('other.csv', 'other')).toEqual({ valid: false });

    // Expired and corrupt entries: counted, cleaned up, and read as misses.
    writeFileSync(join(dir, `old.csv_${other}.json`), JSON.stringify({ cached_at: '2001-01-01T00:00:00.000000', result: {} }));
    writeFileSync(join(dir, `bad.csv_${other}.json`), '{not json');
    expect(await validation.stats()).toMatchObject({ totalFiles: 4, validFiles: 2, expiredFiles: 1, corruptedFiles: 1 });
    expect(await validation.cleanup()).toBe(2);
    expect(await validation.invalidate('x/flow.csv')).toBe(1);
    await validation.clear();
    expect(jsonFiles(dir)).toEqual([]);
  });

  it('refuses bad arguments', async () => {
    const validation = createValidationCache();
    await expect(validation.get('', 'x')).rejects.toSatisfy((e: unknown) => isStorageError(e, 'INVALID_ARGUMENT'));
    await expect(validation.set('p', 5 as never, {})).rejects.toSatisfy((e: unknown) => isStorageError(e, 'INVALID_ARGUMENT'));
    expect(() => createValidationCache({ max_age: 5 } as never)).toThrow(/max_age/);
  });
});

describe('routing decision cache', () => {
  it('keys do not depend on field order; analytics count avoided calls and savings', async () => {
    const routing = createRoutingDecisionCache({ costPerCall: 0.02 });
    await routing.set({ workflowId: 'wf', agentId: 'router', inputs: { a: 1, b: { c: 2, d: 3 } } }, { next: 'Summarize' });
    expect(await routing.get({ workflowId: 'wf', agentId: 'router', inputs: { b: { d: 3, c: 2 }, a: 1 } })).toEqual({ next: 'Summarize' });
    expect(await routing.get({ workflowId: 'wf', agentId: 'router', inputs: { a: 2 } })).toBeUndefined();
    expect(routing.analytics()).toEqual({ hits: 1, misses: 1, hitRate: 0.5, llmCallsAvoided: 1, estimatedSavings: 0.02, invalidations: 0 });
  });

  it('invalidates on workflow change and agent update', async () => {
    const routing = createRoutingDecisionCache();
    const a = { workflowId: 'wf1', agentId: 'r1', inputs: { q: 1 } };
    const b = { workflowId: 'wf2', agentId: 'r2', inputs: { q: 1 } };
    await routing.set(a, 'A');
    await routing.set(b, 'B');
    await routing.invalidate({ workflowId: 'wf1' });
    expect(await routing.get(a)).toBeUndefined();
    expect(await routing.get(b)).toBe('B');
    await routing.invalidate({ agentId: 'r2' });
    expect(await routing.get(b)).toBeUndefined();
    await routing.set({ ...a, workflowVersion: 'v1' }, 'A1');
    expect(await routing.get({ ...a, workflowVersion: 'v2' })).toBeUndefined();
    await routing.set(a, 'again');
    await routing.invalidate();
    expect(await routing.get(a)).toBeUndefined();
  });

  it('input_hash shares a decision between agents of a workflow; max age caps sliding TTL', async () => {
    const routing = createRoutingDecisionCache({ keyStrategy: 'input_hash', ttl: 200, maxAge: 500 });
    await routing.set({ workflowId: 'wf', agentId: 'x', inputs: { q: 1 } }, 'D');
    expect(await routing.get({ workflowId: 'wf', agentId: 'y', inputs: { q: 1 } })).toBe('D');
    // Sliding: used every 100 ms it outlives its 200 ms TTL, but not its 500 ms max age.
    let seen = 0;
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await routing.get({ workflowId: 'wf', inputs: { q: 1 } })) === 'D') seen++;
    }
    expect(seen).toBe(4);
    await new Promise((r) => setTimeout(r, 250));
    expect(await routing.get({ workflowId: 'wf', inputs: { q: 1 } })).toBeUndefined();
  });
});

describe('cacheFromConfig', () => {
  it('builds the guide multi-level section, converting seconds to milliseconds', async () => {
    const dir = tempDir();
    const built = cacheFromConfig({
      levels: [
        { name: 'L1_memory', provider: 'memory', ttl: 60, max_size: 100, priority: 1 },
        { name: 'L3_file', provider: 'file', ttl: 3600, cache_directory: dir, priority: 3 },
      ],
      policies: { eviction: 'lru', write_through: true, write_behind: false, refresh_ahead: true },
      validation: { enabled: true, provider: 'file', ttl: 3600, file: { cache_directory: join(dir, 'validation') } },
      routing: { enabled: true, provider: 'memory', ttl: 1800, max_size: 5000, key_strategy: 'content_hash', invalidation: { max_age: 86400 } },
    });
    await built.cache!.set('k', 'v');
    expect(built.cache!.levels.map((l) => l.name)).toEqual(['L1_memory', 'L3_file']);
    expect(await createCache({ levels: [{ name: 'file', store: createLocalStore({ baseDir: dir }), prefix: '' }] }).get('k')).toBe('v');
    await built.validation!.set('f.csv', 'x', { valid: true });
    expect(jsonFiles(join(dir, 'validation'))).toHaveLength(1);
    expect(built.routing).toBeDefined();
    await built.close();
  });

  it('an unregistered provider is UNSUPPORTED naming the package; bad values are INVALID_ARGUMENT', () => {
    expect(() => cacheFromConfig({ levels: [{ name: 'mc', provider: 'memcached' }] })).toThrow(/install @keyv\/memcache/);
    try {
      cacheFromConfig({ levels: [{ name: 'x', provider: 'memory', ttl: -5 }] });
    } catch (error) {
      expect(isStorageError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toContain('levels[0].ttl');
    }
    expect(() => cacheFromConfig({ routing: { key_strategy: 'semantic_hash' } })).toThrow(/semantic_hash is not supported/);
  });

  it('file levels may live on any named store', async () => {
    const store = createMemoryStore();
    const built = cacheFromConfig({ levels: [{ name: 'remote', provider: 'file', store: 'shared' }] }, { stores: { shared: store } });
    await built.cache!.set('k', 1);
    let count = 0;
    for await (const _ of store.list('')) count++;
    expect(count).toBe(1);
  });
});
