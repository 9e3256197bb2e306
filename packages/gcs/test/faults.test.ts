import { Readable } from 'node:stream';
import { type FaultProxy, startFaultProxy } from '@agentmap/fault-proxy';
import { type ObjectStore, updateObject } from '@agentmap/storage-core';
import { collect } from '@agentmap/storage-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { text, useGcsServer } from './server';

/** GCS's own 503 body, so the SDK parses the injected failure as it would a real one. */
const GCS_503 = {
  contentType: 'application/json; charset=UTF-8',
  body: JSON.stringify({ error: { code: 503, message: 'Service Unavailable', errors: [{ domain: 'global', reason: 'backendError', message: 'Service Unavailable' }] } }),
};

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const increment = (store: ObjectStore, key: string) =>
  updateObject(store, key, (current) => {
    const n = current ? Number(text(current.body)) : 0;
    return { body: String(n + 1), result: n + 1 };
  }, { maxAttempts: 200 });

describe('fault injection: 20 % of requests fail, every write lands exactly once', () => {
  const server = useGcsServer({ buckets: ['faults'] });
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });
  const storeVia = (p: FaultProxy, extra: Parameters<typeof createGcsStore>[0] extends infer O ? Partial<O> : never = {}) =>
    createGcsStore({ bucket: 'faults', apiEndpoint: p.url, retries: 8, retryMinDelayMs: 5, ...extra });

  it('survives refused and reset requests (the server never saw them)', async () => {
    proxy = await startFaultProxy({ target: server().url, failureRate: 0.2, faults: ['unavailable', 'reset-before'], unavailableBody: GCS_503, seed: 7 });
    const store = storeVia(proxy);
    const keys = Array.from({ length: 40 }, (_, i) => `plain/${String(i).padStart(2, '0')}.txt`);
    await inBatches(keys, 8, (key) => store.put(key, `body of ${key}`));
    await inBatches(keys, 8, async (key) => expect(text((await store.get(key)).body)).toBe(`body of ${key}`));
    const listed = (await collect(store.list('plain/', { pageSize: 7 }))).map((e) => (e.kind === 'object' ? e.key : e.prefix));
    expect(listed).toEqual(keys);
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 3; i++) await increment(store, 'counters/shared');
    }));
    proxy.setFailureRate(0);
    expect(text((await store.get('counters/shared')).body)).toBe('24');
    expect(proxy.stats.faults.unavailable + proxy.stats.faults['reset-before']).toBeGreaterThan(20);
  });

  it('does not apply a conditional write twice when its answer is lost after the server acted', async () => {
    proxy = await startFaultProxy({ target: server().url, failureRate: 0.2, faults: ['reset-after', 'unavailable'], unavailableBody: GCS_503, seed: 11 });
    const store = storeVia(proxy);
    // A lost answer of a write that landed must be recognised, not repeated, even when other
    // writers race to store the very same bytes.
    for (let i = 0; i < 10; i++) await increment(store, 'counters/single');
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 3; i++) await increment(store, 'counters/single');
    }));
    const unconditional = Array.from({ length: 20 }, (_, i) => `after/${i}`);
    await inBatches(unconditional, 5, (key) => store.put(key, `value ${key}`));
    proxy.setFailureRate(0);
    expect(text((await store.get('counters/single')).body)).toBe('25');
    expect((await store.get('counters/single')).info.metadata).toEqual({});
    for (const key of unconditional) expect(text((await store.get(key)).body)).toBe(`value ${key}`);
    expect(proxy.stats.faults['reset-after']).toBeGreaterThan(3);
  });

  it('resumes a resumable upload whose chunks fail', async () => {
    proxy = await startFaultProxy({ target: server().url, failureRate: 0.2, faults: ['unavailable', 'reset-before'], unavailableBody: GCS_503, seed: 3 });
    const store = storeVia(proxy, { resumableThreshold: 256 * 1024, chunkSize: 256 * 1024 });
    const data = Buffer.from(Array.from({ length: 1024 * 1024 + 17 }, (_, i) => (i * 13) % 256));
    const chunks = Array.from({ length: 9 }, (_, i) => data.subarray(i * 120_000, (i + 1) * 120_000));
    const info = await store.put('big/resumed.bin', Readable.from(chunks));
    expect(info.size).toBe(data.length);
    proxy.setFailureRate(0);
    expect(Buffer.from((await store.get('big/resumed.bin')).body).equals(data)).toBe(true);
  }, 120_000);
});
