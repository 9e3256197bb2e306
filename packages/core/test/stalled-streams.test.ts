import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type ObjectStore, createLocalStore, createMemoryStore, isStorageError, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '../src/index';

const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-stalled-'));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

/** A body that sends one chunk and then nothing, ever. */
const stalled = () => new Readable({ read() {} }).on('newListener', function onFirst(this: Readable) {
  this.removeListener('newListener', onFirst);
  this.push(Buffer.from('first chunk'));
});

/** Rejects with the error of `promise`, or fails if it has not settled within `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  const timer = new Promise((resolve) => setTimeout(() => resolve('still pending'), ms));
  const outcome = await Promise.race([promise.then(() => 'fulfilled', (error: unknown) => error), timer]);
  return outcome;
}

const backends: Array<[string, () => ObjectStore, string | undefined]> = [
  ['memory', () => createMemoryStore(), undefined],
  ['local', () => createLocalStore({ baseDir }), baseDir],
];

describe.each(backends)('stalled body streams on %s', (_name, make, dir) => {
  it('an abort settles a put whose body stopped sending, with ABORTED, leaving no temp file', async () => {
    const store = make();
    const controller = new AbortController();
    const put = store.put('stalled/doc.bin', stalled(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await settledWithin(put, 2_000);
    expect(isStorageError(error, 'ABORTED'), String(error)).toBe(true);
    expect(await store.head('stalled/doc.bin')).toBeUndefined();
    if (dir) expect(readdirSync(join(dir, 'stalled')).filter((n) => n.startsWith('.agentmap~'))).toEqual([]);
  });

  it('in the documented layer stack, stalled puts time out and free their slots', async () => {
    const store = withMetrics(withRetry(withTimeout(withConcurrencyLimit(make(), { maxConcurrent: 2 }), { timeoutMs: 150 }), { retries: 1, minDelayMs: 1 }));
    const stuck = [store.put('stack/a.bin', stalled()), store.put('stack/b.bin', stalled())];
    for (const put of stuck) {
      const error = await settledWithin(put, 2_000);
      expect(isStorageError(error, 'TIMEOUT'), String(error)).toBe(true);
    }
    // The slots are free again: a normal call goes through.
    await store.put('stack/ok.txt', 'fine');
    expect(Buffer.from((await store.get('stack/ok.txt')).body).toString()).toBe('fine');
  });
});

describe.each(backends)('aborting getStream on %s', (_name, make) => {
  it('errors the stream mid-read with a StorageError ABORTED', async () => {
    const store = make();
    await store.put('read/big.bin', new Uint8Array(4 * 1024 * 1024));
    const controller = new AbortController();
    const { stream } = await store.getStream('read/big.bin', { signal: controller.signal });
    let caught: unknown;
    try {
      for await (const _chunk of stream) controller.abort();
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'ABORTED'), String(caught)).toBe(true);
  });
});
