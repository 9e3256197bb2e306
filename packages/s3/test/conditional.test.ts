import { expectStorageError } from '@agentmap/storage-testkit';
import type { ObjectStore } from '@agentmap/storage-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bucketName, useEmulator, useStore } from './support/emulator';
import { RequestRecorder } from './support/recorder';

const MIB = 1024 * 1024;
const text = async (store: ObjectStore, key: string) => Buffer.from((await store.get(key)).body).toString();

describe('conditional writes reach S3 as If-Match / If-None-Match', () => {
  const recorder = new RequestRecorder();
  const bucket = bucketName('cond');
  const emulator = useEmulator({ onRequest: recorder.onRequest, onFinish: recorder.onFinish });
  const use = useStore(emulator, { bucket, multipartThreshold: 6 * MIB, partSize: 5 * MIB });
  let store: ObjectStore;
  beforeAll(() => {
    store = use();
  });

  it('sends the etag that was read, and the server refuses a stale one', async () => {
    const v1 = await store.put('doc.txt', 'v1');
    recorder.reset();
    await store.put('doc.txt', 'v2', { ifMatch: v1.etag });
    const sent = recorder.on(bucket, 'doc.txt').find((r) => r.method === 'PUT');
    expect(sent?.headers['if-match']).toBe(v1.etag);
    const refusedBefore = emulator().proxy!.refused;
    await expectStorageError(store.put('doc.txt', 'stale', { ifMatch: v1.etag }), 'PRECONDITION_FAILED');
    expect(emulator().proxy!.refused).toBe(refusedBefore + 1);
    expect(await text(store, 'doc.txt')).toBe('v2');
  });

  it('treats ifMatch on a missing object as a failed precondition and creates nothing', async () => {
    await expectStorageError(store.put('absent.txt', 'x', { ifMatch: '"0123456789abcdef0123456789abcdef"' }), 'PRECONDITION_FAILED');
    expect(await store.head('absent.txt')).toBeUndefined();
  });

  it('refuses ifNoneMatch values other than "*" before any request', async () => {
    recorder.reset();
    await expectStorageError(store.put('x.txt', 'x', { ifNoneMatch: 'etag' as never }), 'INVALID_ARGUMENT');
    expect(recorder.seen).toHaveLength(0);
  });

  it('checks preconditions of multipart uploads when they complete', async () => {
    const original = await store.put('big.bin', 'original');
    const big = new Uint8Array(11 * MIB).fill(7);
    recorder.reset();
    await expectStorageError(store.put('big.bin', big, { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
    const complete = recorder.on(bucket, 'big.bin').find((r) => r.method === 'POST' && r.url.includes('uploadId='));
    expect(complete?.headers['if-none-match']).toBe('*');
    expect(await text(store, 'big.bin')).toBe('original');
    await expectStorageError(store.put('big.bin', big, { ifMatch: '"ffffffffffffffffffffffffffffffff"' }), 'PRECONDITION_FAILED');
    expect(await text(store, 'big.bin')).toBe('original');
    const replaced = await store.put('big.bin', big, { ifMatch: original.etag });
    expect(replaced.size).toBe(11 * MIB);
    expect((await store.head('big.bin'))?.etag).toBe(replaced.etag);
  });

  it('copies only when the source is unchanged and the destination absent, when asked', async () => {
    const source = await store.put('copy/src.txt', 'source');
    await store.put('copy/taken.txt', 'keep me');
    await expectStorageError(store.copy('copy/src.txt', 'copy/taken.txt', { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
    expect(await text(store, 'copy/taken.txt')).toBe('keep me');
    await store.put('copy/src.txt', 'changed');
    await expectStorageError(store.copy('copy/src.txt', 'copy/new.txt', { ifMatch: source.etag }), 'PRECONDITION_FAILED');
    expect(await store.head('copy/new.txt')).toBeUndefined();
    const current = (await store.head('copy/src.txt'))!;
    const copied = await store.copy('copy/src.txt', 'copy/new.txt', { ifMatch: current.etag, ifNoneMatch: '*' });
    expect(copied.size).toBe(7);
    expect(await text(store, 'copy/new.txt')).toBe('changed');
  });
});

describe('a server that does not enforce conditions (conditionalWrites: false)', () => {
  const use = useStore(useEmulator({ conditional: false }), { conditionalWrites: false });

  it('reports the capability honestly and refuses conditional calls with UNSUPPORTED', async () => {
    const store = use();
    expect(store.capabilities.conditionalWrite).toBe(false);
    const info = await store.put('k.txt', 'one');
    await expectStorageError(store.put('k.txt', 'two', { ifMatch: info.etag }), 'UNSUPPORTED');
    await expectStorageError(store.put('k.txt', 'two', { ifNoneMatch: '*' }), 'UNSUPPORTED');
    await expectStorageError(store.delete('k.txt', { ifMatch: info.etag }), 'UNSUPPORTED');
    await expectStorageError(store.copy('k.txt', 'l.txt', { ifNoneMatch: '*' }), 'UNSUPPORTED');
    expect(await text(store, 'k.txt')).toBe('one');
    expect(await store.head('l.txt')).toBeUndefined();
  });
});
