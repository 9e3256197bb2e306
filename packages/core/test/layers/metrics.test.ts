import { collect, expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { type StoreEvent, createMemoryStore, createStoreMetrics, withMetrics } from '../../src/index';
import { createFaultStore } from './fault-store';

describe('withMetrics', () => {
  it('counts calls, bytes in and out, and errors by code per operation', async () => {
    const events: StoreEvent[] = [];
    const store = withMetrics(createMemoryStore({ name: 'metered' }), { onEvent: (e) => events.push(e) });
    await store.put('a.bin', new Uint8Array(1000));
    await store.put('b.txt', 'héllo');
    await store.get('a.bin');
    await store.get('a.bin', { range: { offset: 900 } });
    const { stream } = await store.getStream('a.bin', { range: { offset: 10, length: 20 } });
    stream.resume();
    await expectStorageError(store.get('missing'), 'NOT_FOUND');
    await store.head('a.bin');
    await collect(store.list('', { pageSize: 1 }));

    const snapshot = store.metrics.snapshot();
    const memory = snapshot.providers.memory!;
    expect(memory.put).toMatchObject({ count: 2, errorCount: 0, bytesIn: 1006, bytesOut: 0 });
    expect(memory.get).toMatchObject({ count: 3, errorCount: 1, errors: { NOT_FOUND: 1 }, bytesOut: 1100 });
    expect(memory.getStream).toMatchObject({ count: 1, bytesOut: 20 });
    expect(memory.head?.count).toBe(1);
    // Two entries at one per page, plus the page that finds the end.
    expect(memory.list?.count).toBe(3);
    expect(snapshot.totals).toMatchObject({ count: 10, errorCount: 1, bytesIn: 1006, bytesOut: 1120 });
    const durations = memory.get!.durationMs;
    expect(durations.total).toBeGreaterThanOrEqual(0);
    expect(durations.min).toBeLessThanOrEqual(durations.p50);
    expect(durations.p50).toBeLessThanOrEqual(durations.p99);
    expect(durations.p99).toBeLessThanOrEqual(durations.max);

    expect(events).toHaveLength(10);
    expect(events[0]).toMatchObject({ operation: 'put', provider: 'memory', location: 'memory://metered', key: 'a.bin', bytesIn: 1000, outcome: 'ok' });
    expect(events.find((e) => e.outcome === 'error')).toMatchObject({ operation: 'get', key: 'missing', code: 'NOT_FOUND' });
    expect(events.filter((e) => e.operation === 'list').map((e) => e.entries)).toEqual([1, 1, 0]);
    // Every event has the same fields; `entries` only on list pages, `code` only on failures.
    const common = ['bytesIn', 'bytesOut', 'durationMs', 'key', 'location', 'operation', 'outcome', 'provider', 'startedAt'];
    for (const e of events) {
      const extra = e.operation === 'list' ? ['entries'] : e.outcome === 'error' ? ['code'] : [];
      expect(Object.keys(e).sort()).toEqual([...common, ...extra].sort());
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(e.startedAt - Date.now())).toBeLessThan(60_000);
    }
  });

  it('computes percentiles from recent durations', async () => {
    const inner = createFaultStore();
    const store = withMetrics(inner);
    for (const delay of [1, 1, 1, 1, 1, 1, 1, 1, 1, 60]) {
      inner.delayMs = delay;
      await store.head('x');
    }
    const head = store.metrics.snapshot().providers.memory!.head!;
    expect(head.count).toBe(10);
    expect(head.durationMs.p50).toBeLessThan(30);
    expect(head.durationMs.p99).toBeGreaterThanOrEqual(55);
    expect(head.durationMs.max).toBe(head.durationMs.p99);
  });

  it('shares one collector between stores and separates them by provider', async () => {
    const metrics = createStoreMetrics();
    const a = withMetrics(createMemoryStore(), { metrics });
    const plugin = createMemoryStore();
    const b = withMetrics({ ...plugin, provider: 'dropbox' }, { metrics });
    await a.put('x', 'abc');
    await b.put('y', 'abcd');
    const snapshot = metrics.snapshot();
    expect(snapshot.providers.memory?.put?.bytesIn).toBe(3);
    expect(snapshot.providers.dropbox?.put?.bytesIn).toBe(4);
    metrics.reset();
    expect(metrics.snapshot().totals.count).toBe(0);
  });

  it('puts no secret into events, and an observer that throws does not break the call', async () => {
    const inner = createFaultStore();
    const events: StoreEvent[] = [];
    const store = withMetrics(inner, {
      onEvent: (e) => {
        events.push(e);
        throw new Error('observer failure');
      },
    });
    await store.put('doc.txt', 'body with password=hunter2-secret', { metadata: { token: 'hunter2-secret' } });
    inner.failNext(1, 'UNAVAILABLE', 'get');
    await expectStorageError(store.get('doc.txt'), 'UNAVAILABLE');
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(Object.keys(events[1]!).sort()).toEqual(['bytesIn', 'bytesOut', 'code', 'durationMs', 'key', 'location', 'operation', 'outcome', 'provider', 'startedAt']);
  });
});
