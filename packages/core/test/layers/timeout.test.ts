import { collect, expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { StorageError, withRetry, withTimeout } from '../../src/index';
import { createFaultStore } from './fault-store';

describe('withTimeout', () => {
  it('fails a slow call with TIMEOUT soon after the deadline and aborts the inner call', async () => {
    const inner = createFaultStore();
    await inner.put('slow.txt', 'zzz');
    inner.delayMs = 5_000;
    const store = withTimeout(inner, { timeoutMs: 50 });
    const started = Date.now();
    let caught: unknown;
    try {
      await store.get('slow.txt');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect((caught as StorageError).code).toBe('TIMEOUT');
    expect((caught as StorageError).retryable).toBe(true);
    expect((caught as StorageError).message).toMatch(/get of "slow.txt".*50 ms.*raise timeoutMs/);
    expect(Date.now() - started).toBeLessThan(1_000);
    const seen = inner.signals.at(-1);
    expect(seen?.aborted).toBe(true);
    expect((seen?.reason as StorageError).code).toBe('TIMEOUT');
  });

  it('leaves fast calls alone and writes nothing when a write times out first', async () => {
    const inner = createFaultStore();
    const store = withTimeout(inner, { timeoutMs: 1_000 });
    await store.put('fast.txt', 'quick');
    expect(Buffer.from((await store.get('fast.txt')).body).toString()).toBe('quick');
    inner.delayMs = 2_000;
    await expectStorageError(withTimeout(inner, { timeoutMs: 30 }).put('late.txt', 'never'), 'TIMEOUT');
    inner.delayMs = 0;
    // The slow store honours the abort, so the timed-out write never lands.
    await new Promise((r) => setTimeout(r, 50));
    expect(await inner.head('late.txt')).toBeUndefined();
  });

  it('reports the caller abort as ABORTED, not TIMEOUT', async () => {
    const inner = createFaultStore();
    inner.delayMs = 5_000;
    const store = withTimeout(inner, { timeoutMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expectStorageError(store.head('x', { signal: controller.signal }), 'ABORTED');
  });

  it('times out each listing page, not the whole iteration', async () => {
    const inner = createFaultStore();
    for (let i = 0; i < 6; i++) await inner.put(`p/${i}`, 'x');
    const store = withTimeout(inner, { timeoutMs: 200 });
    const seen: string[] = [];
    for await (const entry of store.list('p/', { pageSize: 2 })) {
      if (entry.kind === 'object') seen.push(entry.key);
      // The consumer is slower than the deadline; only page fetches are timed.
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(seen).toHaveLength(6);
    inner.delayMs = 1_000;
    await expectStorageError(collect(store.list('p/')), 'TIMEOUT');
  });

  it('composes with retry: a timed-out attempt is retried', async () => {
    const inner = createFaultStore();
    await inner.put('k', 'v');
    inner.delayMs = 1_000;
    const store = withRetry(withTimeout(inner, { timeoutMs: 40 }), { retries: 4, minDelayMs: 1, maxDelayMs: 2 });
    const attempt = store.get('k');
    setTimeout(() => (inner.delayMs = 0), 60);
    expect(Buffer.from((await attempt).body).toString()).toBe('v');
    expect(inner.calls.get).toBeGreaterThanOrEqual(2);
  });

  it('refuses a timeout that is not a positive number', () => {
    const inner = createFaultStore();
    expect(() => withTimeout(inner, { timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => withTimeout(inner, {} as never)).toThrow(/timeoutMs/);
  });
});
