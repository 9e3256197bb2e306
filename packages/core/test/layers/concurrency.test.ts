import { expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { withConcurrencyLimit } from '../../src/index';
import { createFaultStore } from './fault-store';

describe('withConcurrencyLimit', () => {
  it('never lets more than maxConcurrent calls reach the store, and uses all of them', async () => {
    const inner = createFaultStore();
    inner.delayMs = 15;
    const store = withConcurrencyLimit(inner, { maxConcurrent: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(`k${i}`, String(i))));
    expect(inner.maxInFlight).toBe(3);
    expect(inner.calls.put).toBe(20);
    for (let i = 0; i < 20; i++) expect(Buffer.from((await inner.get(`k${i}`)).body).toString()).toBe(String(i));
  });

  it('shows its slots in use and its queue depth live', async () => {
    const inner = createFaultStore();
    inner.delayMs = 30;
    const store = withConcurrencyLimit(inner, { maxConcurrent: 2 });
    expect(store.concurrency).toMatchObject({ capacity: 2, inUse: 0, waiting: 0 });
    const calls = Array.from({ length: 5 }, (_, i) => store.put(`q${i}`, 'x'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(store.concurrency.inUse).toBe(2);
    expect(store.concurrency.waiting).toBe(3);
    await Promise.all(calls);
    expect(store.concurrency).toMatchObject({ inUse: 0, waiting: 0 });
  });

  it('serves waiting calls in arrival order', async () => {
    const inner = createFaultStore();
    inner.delayMs = 5;
    const store = withConcurrencyLimit(inner, { maxConcurrent: 1 });
    const keys = Array.from({ length: 8 }, (_, i) => `order-${i}`);
    await Promise.all(keys.map((key) => store.head(key)));
    expect(inner.started).toEqual(keys);
  });

  it('takes an aborted waiter out of the queue without running it', async () => {
    const inner = createFaultStore();
    inner.delayMs = 50;
    const store = withConcurrencyLimit(inner, { maxConcurrent: 1 });
    const controller = new AbortController();
    const first = store.put('first', '1');
    const second = store.put('second', '2', { signal: controller.signal });
    const third = store.put('third', '3');
    controller.abort();
    await expectStorageError(second, 'ABORTED');
    await Promise.all([first, third]);
    expect(inner.started).toEqual(['first', 'third']);
    expect(await inner.head('second')).toBeUndefined();
  });

  it('holds a slot per listing page, not for the whole iteration', async () => {
    const inner = createFaultStore();
    for (let i = 0; i < 4; i++) await inner.put(`l/${i}`, 'x');
    const store = withConcurrencyLimit(inner, { maxConcurrent: 1 });
    const listed: string[] = [];
    for await (const entry of store.list('l/', { pageSize: 2 })) {
      if (entry.kind === 'object') listed.push(entry.key);
      // With one slot, this call would wait forever if the paused listing held the slot.
      expect(await store.head(entry.kind === 'object' ? entry.key : 'l/0')).toBeDefined();
    }
    expect(listed).toEqual(['l/0', 'l/1', 'l/2', 'l/3']);
  });

  it('releases the slot when a call fails', async () => {
    const inner = createFaultStore();
    const store = withConcurrencyLimit(inner, { maxConcurrent: 1 });
    inner.failNext(1, 'UNAVAILABLE', 'get');
    await expectStorageError(store.get('x'), 'UNAVAILABLE');
    await expectStorageError(store.get('x'), 'NOT_FOUND');
  });

  it('refuses a limit that is not a whole number of 1 or more', () => {
    const inner = createFaultStore();
    expect(() => withConcurrencyLimit(inner, { maxConcurrent: 0 })).toThrow(/maxConcurrent/);
    expect(() => withConcurrencyLimit(inner, { maxConcurrent: 1.5 })).toThrow(/maxConcurrent/);
  });
});
