import { Readable } from 'node:stream';
import { collect, expectStorageError, patternStream } from '@agentmap/storage-testkit';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';
import { type RecordingProxy, startRecordingProxy } from './support/recording-proxy';

const KiB = 1024;
let azurite: RunningAzurite;
let proxy: RecordingProxy;

beforeAll(async () => {
  azurite = await azuriteForTests();
  proxy = await startRecordingProxy(`http://127.0.0.1:${azurite.port}`);
});
afterAll(async () => {
  await proxy?.stop();
  await azurite?.stop();
});

/** A store whose requests pass through the recording proxy. */
const recorded = (options: Parameters<typeof azuriteStore>[1]) => azuriteStore(azurite, { endpoint: `${proxy.url}/${azurite.accountName}`, ...options });
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe('block uploads', () => {
  it('stages a large stream as blocks, never more than parallelUploads at once, and commits them in order', async () => {
    const store = recorded({ container: containerName('blocks'), multipartThreshold: 256 * KiB, blockSize: 64 * KiB, parallelUploads: 2 });
    await store.head('warm-up');
    proxy.reset();
    const size = 1024 * KiB + 5;
    const info = await store.put('big.bin', patternStream(size, 10_000));
    expect(info.size).toBe(size);
    const staged = proxy.requests.filter((r) => r.url.includes('comp=block&') || r.url.endsWith('comp=block'));
    expect(staged).toHaveLength(Math.ceil(size / (64 * KiB)));
    expect(proxy.maxInFlight).toBe(2);
    const blocks = await store.containerClient.getBlockBlobClient('big.bin').getBlockList('committed');
    expect(blocks.committedBlocks?.map((b) => b.size)).toEqual([...Array.from({ length: 16 }, () => 64 * KiB), 5]);
    const back = await store.get('big.bin');
    expect(Buffer.from(back.body).equals(Buffer.concat(await collect(patternStream(size) as AsyncIterable<Buffer>)))).toBe(true);
    await store.close();
  });

  it('sends a body up to the threshold in one request, stream or not', async () => {
    const store = recorded({ container: containerName('single'), multipartThreshold: 256 * KiB, blockSize: 64 * KiB });
    await store.head('warm-up');
    proxy.reset();
    await store.put('small-stream', Readable.from([Buffer.alloc(100 * KiB, 1), Buffer.alloc(156 * KiB, 2)]));
    await store.put('small-bytes', new Uint8Array(256 * KiB));
    expect(proxy.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(proxy.requests.some((r) => r.url.includes('comp=block'))).toBe(false);
    await store.close();
  });

  it('commits nothing when a conditional block upload lost the race: the stored object stays intact', async () => {
    const store = azuriteStore(azurite, { container: containerName('cond-blocks'), multipartThreshold: 0, blockSize: 64 * KiB });
    const first = await store.put('doc', 'original');
    await store.put('doc', 'changed by someone else');
    await expectStorageError(store.put('doc', patternStream(300 * KiB), { ifMatch: first.etag }), 'PRECONDITION_FAILED');
    await expectStorageError(store.put('doc', patternStream(300 * KiB), { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
    expect(text((await store.get('doc')).body)).toBe('changed by someone else');
    await store.close();
  });

  it('refuses a body that does not match contentLength and keeps the old object', async () => {
    const store = azuriteStore(azurite, { container: containerName('length'), multipartThreshold: 64 * KiB, blockSize: 64 * KiB });
    await store.put('doc', 'keep me');
    await expectStorageError(store.put('doc', patternStream(200 * KiB), { contentLength: 100 }), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('doc', Readable.from([Buffer.from('short')]), { contentLength: 100 }), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('doc', 'xyz', { contentLength: 2 }), 'INVALID_ARGUMENT');
    expect(text((await store.get('doc')).body)).toBe('keep me');
    await store.close();
  });

  it('refuses a body stream that failed or was destroyed before its end, instead of storing what arrived', async () => {
    const store = azuriteStore(azurite, { container: containerName('broken') });
    await store.put('doc', 'intact');
    const destroyed = Readable.from([Buffer.from('partial')]);
    destroyed.destroy();
    await expectStorageError(store.put('doc', destroyed), 'INVALID_ARGUMENT');
    let pushed = 0;
    const failing = new Readable({
      read() {
        if (pushed++ < 3) this.push(Buffer.alloc(1024, 1));
        else this.destroy(new Error('disk read failed'));
      },
    });
    await expectStorageError(store.put('doc', failing), 'INVALID_ARGUMENT');
    expect(text((await store.get('doc')).body)).toBe('intact');
    await store.close();
  });

  it('stops a block upload when its signal fires, leaving the old object in place', async () => {
    const store = azuriteStore(azurite, { container: containerName('abort'), multipartThreshold: 0, blockSize: 64 * KiB, parallelUploads: 1 });
    await store.put('doc', 'before');
    const controller = new AbortController();
    let sent = 0;
    const body = new Readable({
      read() {
        sent += 64 * KiB;
        if (sent > 256 * KiB) controller.abort();
        this.push(sent > 10 * 1024 * KiB ? null : Buffer.alloc(64 * KiB, 7));
      },
    });
    await expectStorageError(store.put('doc', body, { signal: controller.signal }), 'ABORTED');
    expect(text((await store.get('doc')).body)).toBe('before');
    expect(sent).toBeLessThan(10 * 1024 * KiB);
    await store.close();
  });
});

describe('what goes over the wire', () => {
  it('sends the encryption scope on every write: single requests, staged blocks and the commit', async () => {
    const store = recorded({ container: containerName('scope'), encryptionScope: 'agentmap-scope', multipartThreshold: 64 * KiB, blockSize: 64 * KiB });
    await store.head('warm-up');
    proxy.reset();
    await store.put('one', 'small');
    await store.put('many', new Uint8Array(200 * KiB));
    const writes = proxy.requests.filter((r) => r.method === 'PUT');
    expect(writes.length).toBe(1 + 4 + 1);
    for (const write of writes) expect(write.headers['x-ms-encryption-scope']).toBe('agentmap-scope');
    await store.close();
  });

  it('keeps no more sockets open than maxConnections', async () => {
    const store = recorded({ container: containerName('pool'), maxConnections: 2 });
    await store.put('x', 'y');
    proxy.reset();
    await Promise.all(Array.from({ length: 12 }, () => store.get('x')));
    expect(proxy.maxInFlight).toBeLessThanOrEqual(2);
    expect(proxy.maxConnections).toBeLessThanOrEqual(2);
    await store.close();
  });

  it('fetches listing pages only as the consumer reads on', async () => {
    const store = recorded({ container: containerName('paging') });
    for (let i = 0; i < 10; i++) await store.put(`item-${i}`, String(i));
    proxy.reset();
    const seen: string[] = [];
    for await (const entry of store.list('item-', { pageSize: 2 })) {
      if (entry.kind === 'object') seen.push(entry.key);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['item-0', 'item-1', 'item-2']);
    expect(proxy.requests.filter((r) => r.url.includes('comp=list'))).toHaveLength(2);
    await store.close();
  });
});

describe('copy and listing details', () => {
  it('copies conditionally: a stale source etag or an existing destination changes nothing', async () => {
    const store = azuriteStore(azurite, { container: containerName('copy') });
    const source = await store.put('src.txt', 'v1', { contentType: 'text/plain', metadata: { 'x-tag': 'a' } });
    await store.put('src.txt', 'v2', { contentType: 'text/plain', metadata: { 'x-tag': 'a' } });
    await expectStorageError(store.copy('src.txt', 'dst.txt', { ifMatch: source.etag }), 'PRECONDITION_FAILED');
    expect(await store.head('dst.txt')).toBeUndefined();
    const copied = await store.copy('src.txt', 'dst.txt', { ifNoneMatch: '*' });
    expect(copied).toMatchObject({ key: 'dst.txt', size: 2, contentType: 'text/plain', metadata: { 'x-tag': 'a' } });
    await store.put('src.txt', 'v3');
    await expectStorageError(store.copy('src.txt', 'dst.txt', { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
    expect(text((await store.get('dst.txt')).body)).toBe('v2');
    await store.close();
  });

  it('groups by delimiter after a startAfter key, across small pages, each prefix once', async () => {
    const store = azuriteStore(azurite, { container: containerName('groups') });
    for (const key of ['a/1', 'a/2', 'b/1', 'b/2', 'b/3', 'c.txt', 'd/1']) await store.put(key, key);
    const names = (entries: Array<{ kind: string; key?: string; prefix?: string }>) => entries.map((e) => (e.kind === 'object' ? e.key : `P:${e.prefix}`));
    expect(names(await collect(store.list('', { delimiter: '/', pageSize: 1 })))).toEqual(['P:a/', 'P:b/', 'c.txt', 'P:d/']);
    expect(names(await collect(store.list('', { delimiter: '/', startAfter: 'b/1', pageSize: 2 })))).toEqual(['P:b/', 'c.txt', 'P:d/']);
    await store.close();
  });
});

describe('metadata Azure would refuse', () => {
  it('round-trips names with hyphens or non-ASCII letters and non-ASCII values', async () => {
    const store = azuriteStore(azurite, { container: containerName('meta') });
    const metadata = { 'Content-Hash': 'abc123', café: 'crème brûlée', plain: 'ok', spaced: ' padded ' };
    await store.put('doc', 'x', { metadata });
    const info = await store.head('doc');
    expect(info?.metadata).toEqual({ 'content-hash': 'abc123', café: 'crème brûlée', plain: 'ok', spaced: ' padded ' });
    await store.close();
  });
});
