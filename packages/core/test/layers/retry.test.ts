import { Readable } from 'node:stream';
import { collect, expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { type RetryEvent, backoffDelay, withRetry } from '../../src/index';
import { createFaultStore } from './fault-store';

const fast = { minDelayMs: 1, maxDelayMs: 4 };
const text = async (promise: Promise<{ body: Uint8Array }>) => Buffer.from((await promise).body).toString();

describe('withRetry', () => {
  it('retries UNAVAILABLE and TIMEOUT until the call succeeds', async () => {
    const inner = createFaultStore();
    const store = withRetry(inner, { retries: 3, ...fast });
    await inner.put('a.txt', 'alpha');
    inner.failNext(2, 'UNAVAILABLE', 'get');
    expect(await text(store.get('a.txt'))).toBe('alpha');
    expect(inner.calls.get).toBe(3);
    inner.failNext(1, 'TIMEOUT', 'put');
    await store.put('b.txt', 'beta');
    expect(await text(inner.get('b.txt'))).toBe('beta');
  });

  it('gives up after `retries` and throws the last error as is', async () => {
    const inner = createFaultStore();
    const store = withRetry(inner, { retries: 2, ...fast });
    inner.failNext(5, 'UNAVAILABLE', 'head');
    await expectStorageError(store.head('x'), 'UNAVAILABLE');
    expect(inner.calls.head).toBe(3);
  });

  it.each(['NOT_FOUND', 'PRECONDITION_FAILED', 'INVALID_ARGUMENT', 'PERMISSION_DENIED'] as const)('never retries %s', async (code) => {
    const inner = createFaultStore();
    const store = withRetry(inner, { retries: 5, ...fast });
    inner.failNext(1, code, 'get');
    await expectStorageError(store.get('x'), code);
    expect(inner.calls.get).toBe(1);
  });

  it('does not retry a put whose body is a stream, and leaves the stored object as it was', async () => {
    const inner = createFaultStore();
    const store = withRetry(inner, { retries: 5, ...fast });
    await inner.put('doc.txt', 'original');
    inner.failNext(1, 'UNAVAILABLE', 'put');
    await expectStorageError(store.put('doc.txt', Readable.from([Buffer.from('new bytes')])), 'UNAVAILABLE');
    expect(inner.calls.put).toBe(2);
    expect(await text(inner.get('doc.txt'))).toBe('original');
    // The same write with bytes is retried.
    inner.failNext(1, 'UNAVAILABLE', 'put');
    await store.put('doc.txt', 'new bytes');
    expect(await text(inner.get('doc.txt'))).toBe('new bytes');
  });

  it('resumes a listing after the last entry it handed out, without repeats or gaps', async () => {
    const inner = createFaultStore();
    const keys = Array.from({ length: 12 }, (_, i) => `items/${String(i).padStart(2, '0')}.txt`);
    for (const key of keys) await inner.put(key, key);
    const store = withRetry(inner, { retries: 3, ...fast });
    inner.failListingAt(7);
    const listed = await collect(store.list('items/', { pageSize: 5 }));
    expect(listed.map((e) => (e.kind === 'object' ? e.key : e.prefix))).toEqual(keys);
    expect(inner.calls.list).toBe(2);
  });

  it('stops waiting at once when the caller aborts during a backoff', async () => {
    const inner = createFaultStore();
    const store = withRetry(inner, { retries: 10, minDelayMs: 10_000, maxDelayMs: 10_000, jitter: false });
    inner.failNext(10, 'UNAVAILABLE', 'get');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    await expectStorageError(store.get('x', { signal: controller.signal }), 'ABORTED');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(inner.calls.get).toBe(1);
  });

  it('follows retryOn and reports each retry by code only', async () => {
    const inner = createFaultStore();
    const events: RetryEvent[] = [];
    const store = withRetry(inner, { retries: 2, ...fast, retryOn: (error, attempt) => attempt < 2 && error instanceof Error, onRetry: (e) => events.push(e) });
    inner.failNext(3, 'NOT_FOUND', 'get');
    await expectStorageError(store.get('secret-free.txt'), 'NOT_FOUND');
    expect(inner.calls.get).toBe(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ operation: 'get', attempt: 1, code: 'NOT_FOUND', key: 'secret-free.txt', provider: 'memory' });
    expect(JSON.stringify(events)).not.toContain('hunter2');
  });

  it('refuses invalid options with INVALID_ARGUMENT', () => {
    const inner = createFaultStore();
    expect(() => withRetry(inner, { retries: -1 })).toThrow(/retries/);
    expect(() => withRetry(inner, { minDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
    expect(() => withRetry(inner, { factor: 0.5 })).toThrow(/factor/);
  });
});

describe('backoffDelay', () => {
  const backoff = { minDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: false };

  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, backoff))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('with full jitter waits between 0 and the cap', () => {
    const jittered = { ...backoff, jitter: true };
    expect(backoffDelay(3, jittered, () => 0)).toBe(0);
    expect(backoffDelay(3, jittered, () => 0.5)).toBe(200);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(10, jittered);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(1000);
    }
  });
});
