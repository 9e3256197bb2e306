import { collect, expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { text, useGcsServer } from './server';

describe('reads: body and info always describe the same generation', () => {
  const server = useGcsServer({ buckets: ['reads'] });
  const store = (name = 'reads') => createGcsStore({ bucket: name, apiEndpoint: server().url });

  it('serves a repeated read of an unchanged object with one request', async () => {
    const s = store();
    await s.put('doc.json', '{"v":1}', { contentType: 'application/json', metadata: { rev: '1' } });
    const before = server().stats.requests;
    const got = await s.get('doc.json');
    expect(server().stats.requests - before).toBe(1);
    expect(got.info).toMatchObject({ contentType: 'application/json', metadata: { rev: '1' }, size: 7 });
  });

  it('sees an overwrite by another client: new bytes with their own etag and metadata', async () => {
    const reader = store();
    const writer = store();
    const v1 = await reader.put('shared.txt', 'version one', { metadata: { rev: '1' } });
    expect(text((await reader.get('shared.txt')).body)).toBe('version one');
    const v2 = await writer.put('shared.txt', 'version two!', { metadata: { rev: '2' } });
    const got = await reader.get('shared.txt');
    expect(text(got.body)).toBe('version two!');
    expect(got.info.etag).toBe(v2.etag);
    expect(got.info.etag).not.toBe(v1.etag);
    expect(got.info.metadata).toEqual({ rev: '2' });
    expect(got.info.size).toBe(12);
  });

  it('reads an object first seen through another client in a consistent way', async () => {
    await store().put('fresh.txt', 'hello', { metadata: { a: 'b' } });
    const got = await store().get('fresh.txt');
    expect(text(got.body)).toBe('hello');
    expect(got.info.metadata).toEqual({ a: 'b' });
  });

  it('serves ranges with the whole object in info, and empty ranges without a download', async () => {
    const s = store();
    await s.put('digits', '0123456789');
    const part = await s.get('digits', { range: { offset: 3, length: 2 } });
    expect(text(part.body)).toBe('34');
    expect(part.info.size).toBe(10);
    expect((await s.get('digits', { range: { offset: 4, length: 0 } })).body.byteLength).toBe(0);
    await expectStorageError(s.get('digits', { range: { offset: 11, length: 0 } }), 'INVALID_ARGUMENT');
    await s.put('empty', '');
    expect((await s.get('empty', { range: { offset: 0 } })).body.byteLength).toBe(0);
  });

  it('refuses bytes that do not match the CRC32C GCS reports with CORRUPT_DATA', async () => {
    const s = createGcsStore({ bucket: 'reads', apiEndpoint: server().url, retries: 1, retryMinDelayMs: 1 });
    await s.put('rotten.txt', 'the original bytes');
    // Damage the stored bytes behind the API, keeping the recorded hashes.
    const stored = server().state.bucket('reads').objects.get('rotten.txt')!;
    stored.data = Buffer.from('the damaged! bytes');
    await expectStorageError(s.get('rotten.txt'), 'CORRUPT_DATA');
    const { stream } = await s.getStream('rotten.txt');
    await expectStorageError(collect(stream), 'CORRUPT_DATA');
  });

  it('stops a stream with ABORTED when the signal fires mid-read', async () => {
    const s = store();
    await s.put('long.bin', new Uint8Array(4 * 1024 * 1024));
    const controller = new AbortController();
    const { stream } = await s.getStream('long.bin', { signal: controller.signal });
    controller.abort();
    await expectStorageError(collect(stream), 'ABORTED');
  });

  it('says when the bucket itself is missing, for get, head and list alike', async () => {
    const s = store('no-such-bucket');
    for (const call of [s.get('x'), s.head('x'), collect(s.list(''))]) {
      await expectStorageError(call, 'NOT_FOUND');
    }
    await s.get('x').catch((error: Error) => expect(error.message).toMatch(/bucket no-such-bucket does not exist.*createBucket/));
  });

  it('creates the bucket on first use with createBucket', async () => {
    const s = createGcsStore({ bucket: 'made-on-demand', apiEndpoint: server().url, createBucket: true, projectId: 'p' });
    await s.put('a.txt', 'a');
    const again = createGcsStore({ bucket: 'made-on-demand', apiEndpoint: server().url, createBucket: true });
    expect(text((await again.get('a.txt')).body)).toBe('a');
  });
});
