import { Readable } from 'node:stream';
import { type FaultProxy, startFaultProxy } from '@agentmap/fault-proxy';
import type { ObjectStore } from '@agentmap/storage-core';
import { updateObject } from '@agentmap/storage-core/kit';
import { describeFaultTolerance } from '@agentmap/storage-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type GcsStoreOptions, createGcsStore } from '../src/index';
import { GCS_503 } from './fixtures';
import { text, useGcsServer } from './server';

const server = useGcsServer({ buckets: ['faults'] });
const storeVia = (url: string, extra: Partial<GcsStoreOptions> = {}) => createGcsStore({ bucket: 'faults', apiEndpoint: url, retries: 8, retryMinDelayMs: 5, ...extra });

describeFaultTolerance('gcs', {
  startProxy: (options) => startFaultProxy({ target: server().url, unavailableBody: GCS_503, ...options }),
  store: (endpoint) => storeVia(endpoint),
});

const increment = (store: ObjectStore, key: string) =>
  updateObject(store, key, (current) => {
    const n = current ? Number(text(current.body)) : 0;
    return { body: String(n + 1), result: n + 1 };
  }, { maxAttempts: 200 });

// What the shared suite does not cover: GCS's conditional writes go through a resumable
// session whose lost final answer is confirmed, and resumable chunks resume where they broke.
describe('fault injection, GCS specifics', () => {
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('does not apply a conditional write twice when its answer is lost after the server acted', async () => {
    proxy = await startFaultProxy({ target: server().url, failureRate: 0.2, faults: ['reset-after', 'unavailable'], unavailableBody: GCS_503, seed: 11 });
    const store = storeVia(proxy.url);
    // A lost answer of a write that landed must be recognised, not repeated, even when other
    // writers race to store the very same bytes.
    for (let i = 0; i < 10; i++) await increment(store, 'counters/single');
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 3; i++) await increment(store, 'counters/single');
    }));
    proxy.setFailureRate(0);
    expect(text((await store.get('counters/single')).body)).toBe('25');
    expect((await store.get('counters/single')).info.metadata).toEqual({});
    expect(proxy.stats.faults['reset-after']).toBeGreaterThan(3);
  });

  it('resumes a resumable upload whose chunks fail', async () => {
    proxy = await startFaultProxy({ target: server().url, failureRate: 0.2, faults: ['unavailable', 'reset-before'], unavailableBody: GCS_503, seed: 3 });
    const store = storeVia(proxy.url, { resumableThreshold: 256 * 1024, chunkSize: 256 * 1024 });
    const data = Buffer.from(Array.from({ length: 1024 * 1024 + 17 }, (_, i) => (i * 13) % 256));
    const chunks = Array.from({ length: 9 }, (_, i) => data.subarray(i * 120_000, (i + 1) * 120_000));
    const info = await store.put('big/resumed.bin', Readable.from(chunks));
    expect(info.size).toBe(data.length);
    proxy.setFailureRate(0);
    expect(Buffer.from((await store.get('big/resumed.bin')).body).equals(data)).toBe(true);
  }, 120_000);
});
