import { Readable } from 'node:stream';
import { digestStream, expectStorageError, patternDigest, patternStream } from '@agentmap/storage-testkit';
import type { ObjectStore } from '@agentmap/storage-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useEmulator, useStore } from './support/emulator';
import { RequestRecorder, isMultipartStart, isPartUpload } from './support/recorder';

const MIB = 1024 * 1024;
const text = async (store: ObjectStore, key: string) => Buffer.from((await store.get(key)).body).toString();

/** A stream that yields `good` bytes, then fails. */
function failingStream(good: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= good) return void this.destroy(new Error('disk read failed'));
      const n = Math.min(MIB, good - sent);
      sent += n;
      this.push(Buffer.alloc(n, 1));
    },
  });
}

describe('uploads: one request up to the threshold, bounded parallel parts above it', () => {
  const recorder = new RequestRecorder();
  const emulator = useEmulator({ onRequest: recorder.onRequest, onFinish: recorder.onFinish });
  const use = useStore(emulator, { multipartThreshold: 8 * MIB, partSize: 5 * MIB, queueSize: 2 });
  let store: ObjectStore;
  beforeAll(() => {
    store = use();
  });
  beforeEach(() => recorder.reset());

  it('sends bodies up to the threshold in one PutObject, streams with a known length unbuffered', async () => {
    await store.put('small.bin', new Uint8Array(8 * MIB));
    const size = 7 * MIB;
    const info = await store.put('known.bin', patternStream(size), { contentLength: size });
    expect(info.size).toBe(size);
    expect(recorder.seen.filter(isMultipartStart)).toHaveLength(0);
    expect(await digestStream((await store.getStream('known.bin')).stream)).toEqual(await patternDigest(size));
  });

  it('splits larger bodies into parts, at most queueSize at a time', async () => {
    const size = 23 * MIB;
    const info = await store.put('parts.bin', patternStream(size));
    expect(info.size).toBe(size);
    expect(recorder.seen.filter(isMultipartStart)).toHaveLength(1);
    expect(recorder.seen.filter(isPartUpload)).toHaveLength(5);
    expect(recorder.maxPartsInFlight).toBeGreaterThan(0);
    expect(recorder.maxPartsInFlight).toBeLessThanOrEqual(2);
    expect(await digestStream((await store.getStream('parts.bin')).stream)).toEqual(await patternDigest(size));
    expect((await store.head('parts.bin'))?.etag).toBe(info.etag);
  });

  it('uploads a stream of unknown length that ends within one part in a single request', async () => {
    await store.put('short-stream.txt', Readable.from([Buffer.from('short '), Buffer.from('stream')]));
    expect(recorder.seen.filter(isMultipartStart)).toHaveLength(0);
    expect(await text(store, 'short-stream.txt')).toBe('short stream');
  });

  it('keeps the stored object when the body stream fails, in one request or in parts', async () => {
    await store.put('keep.txt', 'precious');
    await expectStorageError(store.put('keep.txt', failingStream(2 * MIB), { contentLength: 4 * MIB }), 'INVALID_ARGUMENT');
    expect(await text(store, 'keep.txt')).toBe('precious');
    await expectStorageError(store.put('keep.txt', failingStream(12 * MIB)), 'INVALID_ARGUMENT');
    expect(await text(store, 'keep.txt')).toBe('precious');
  });

  it('refuses a body whose length differs from contentLength and stores nothing', async () => {
    await expectStorageError(store.put('short.bin', Readable.from([Buffer.alloc(10)]), { contentLength: 20 }), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('long.bin', Readable.from([Buffer.alloc(30)]), { contentLength: 20 }), 'INVALID_ARGUMENT');
    expect(await store.head('short.bin')).toBeUndefined();
    expect(await store.head('long.bin')).toBeUndefined();
    await expectStorageError(store.put('neg.bin', 'x', { contentLength: -1 }), 'INVALID_ARGUMENT');
  });

  it('stops a multipart upload on abort with ABORTED and keeps what was stored', async () => {
    await store.put('abort.bin', 'before');
    const controller = new AbortController();
    const pending = store.put('abort.bin', patternStream(40 * MIB), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectStorageError(pending, 'ABORTED');
    expect(await text(store, 'abort.bin')).toBe('before');
  });
});
