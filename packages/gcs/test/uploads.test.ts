import { Readable } from 'node:stream';
import { collect, expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { text, useGcsServer } from './server';

const KIB = 1024;

describe('uploads: single request or resumable session', () => {
  const server = useGcsServer({ buckets: ['uploads'] });
  const store = () => createGcsStore({ bucket: 'uploads', apiEndpoint: server().url, resumableThreshold: 256 * KIB, chunkSize: 256 * KIB });
  const counts = () => ({ ...server().stats.uploads });

  it('sends bodies up to the threshold in one multipart request', async () => {
    const before = counts();
    await store().put('small.bin', new Uint8Array(256 * KIB));
    await store().put('small-stream.bin', Readable.from([Buffer.alloc(100 * KIB), Buffer.alloc(100 * KIB)]));
    expect(counts().multipart - before.multipart).toBe(2);
    expect(counts().resumable).toBe(before.resumable);
  });

  it('uses a resumable session above the threshold, for bytes and for streams of unknown size', async () => {
    const before = { ...counts(), puts: server().stats.sessionPuts };
    const data = Buffer.from(Array.from({ length: 700 * KIB }, (_, i) => i % 253));
    const fromBytes = await store().put('big-bytes.bin', data);
    const fromStream = await store().put('big-stream.bin', Readable.from([data.subarray(0, 300 * KIB), data.subarray(300 * KIB)]));
    expect(fromBytes.size).toBe(data.length);
    expect(fromStream.size).toBe(data.length);
    expect(counts().resumable - before.resumable).toBe(2);
    // 700 KiB in 256 KiB chunks: three requests per session.
    expect(server().stats.sessionPuts - before.puts).toBe(6);
    expect(Buffer.from((await store().get('big-stream.bin')).body).equals(data)).toBe(true);
  });

  it('honours a declared contentLength below the threshold', async () => {
    const before = counts();
    await store().put('declared.bin', Readable.from([Buffer.alloc(10 * KIB, 1)]), { contentLength: 10 * KIB });
    expect(counts().multipart - before.multipart).toBe(1);
  });

  it('enforces preconditions on resumable uploads too', async () => {
    const big = Buffer.alloc(300 * KIB, 7);
    const first = await store().put('cond-big.bin', big, { ifNoneMatch: '*' });
    await expectStorageError(store().put('cond-big.bin', Readable.from([big]), { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
    await expectStorageError(store().put('cond-big.bin', big, { ifMatch: '12345' }), 'PRECONDITION_FAILED');
    const second = await store().put('cond-big.bin', Buffer.alloc(300 * KIB, 8), { ifMatch: first.etag });
    expect((await store().head('cond-big.bin'))?.etag).toBe(second.etag);
  });

  it('refuses a source stream that fails, keeping what was stored', async () => {
    await store().put('keep.txt', 'original');
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk read failed'));
      },
    });
    await expectStorageError(store().put('keep.txt', failing), 'INVALID_ARGUMENT');
    const failsLater = Readable.from(
      (async function* () {
        yield Buffer.alloc(300 * KIB, 1);
        yield Buffer.alloc(300 * KIB, 2);
        throw new Error('network share vanished');
      })(),
    );
    await expectStorageError(store().put('keep.txt', failsLater), 'INVALID_ARGUMENT');
    expect(text((await store().get('keep.txt')).body)).toBe('original');
  });

  it('passes the KMS key and storage class through to new objects and copies', async () => {
    const kms = 'projects/p/locations/global/keyRings/agentmap/cryptoKeys/storage';
    const cmek = createGcsStore({ bucket: 'uploads', apiEndpoint: server().url, kmsKeyName: kms, storageClass: 'NEARLINE' });
    await cmek.put('cmek.txt', 'encrypted at rest');
    await cmek.put('cmek-big.bin', Buffer.alloc(9 * 1024 * KIB, 1));
    await cmek.copy('cmek.txt', 'cmek-copy.txt');
    const objects = server().state.bucket('uploads').objects;
    expect(objects.get('cmek.txt')).toMatchObject({ kmsKeyName: kms, storageClass: 'NEARLINE' });
    expect(objects.get('cmek-big.bin')).toMatchObject({ kmsKeyName: kms, storageClass: 'NEARLINE' });
    expect(objects.get('cmek-copy.txt')?.kmsKeyName).toBe(kms);
  });

  it('stores content type and lower-cased metadata, defaulting to application/octet-stream', async () => {
    const info = await store().put('typed.csv', 'a,b\n', { contentType: 'text/csv', metadata: { Source: 'Import' } });
    expect(info).toMatchObject({ contentType: 'text/csv', metadata: { source: 'Import' } });
    expect((await store().put('untyped', 'x')).contentType).toBe('application/octet-stream');
    const listed = await collect(store().list('typed'));
    expect(listed).toEqual([expect.objectContaining({ kind: 'object', key: 'typed.csv', size: 4, etag: info.etag })]);
  });
});
