import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ErrorCode, type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestStream, patternDigest, patternStream } from './streams';

/** Options of {@link describeObjectStore}. */
export interface ObjectStoreSuiteOptions {
  /** Run the large-object case (streamed in and out). Default true. */
  large?: boolean;
  /** Size of the large object in bytes. Default 64 MiB. */
  largeSize?: number;
  /** Writers in the concurrency case. Default 20. */
  concurrentWriters?: number;
  /** Called after the suite, e.g. to stop a server. */
  teardown?: () => Promise<void> | void;
  /** Per-test timeout in ms. Default 60 s (the large case gets 4×). */
  timeout?: number;
}

/** Asserts that a promise rejects with a StorageError of the given code. */
export async function expectStorageError(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a StorageError ${code}`).toBeDefined();
  if (!isStorageError(caught)) throw new Error(`expected a StorageError ${code}, got ${String(caught)}`, { cause: caught });
  expect(caught.code).toBe(code);
}

/** Collects a listing. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * The conformance suite every ObjectStore passes. Call it from a vitest file:
 *
 * ```ts
 * describeObjectStore('local', () => createLocalStore({ baseDir }));
 * ```
 *
 * `factory` runs once before the tests; each test works under its own random prefix, so
 * the store may be shared with other data. Capabilities the backend reports as missing
 * (metadata, presign, conditional writes) are checked to fail with `UNSUPPORTED` or skipped.
 */
export function describeObjectStore(name: string, factory: () => ObjectStore | Promise<ObjectStore>, options: ObjectStoreSuiteOptions = {}): void {
  const timeout = options.timeout ?? 60_000;
  describe(`ObjectStore conformance: ${name}`, () => {
    let store: ObjectStore;
    const run = randomUUID().slice(0, 8);
    const k = (s: string) => `conformance-${run}/${s}`;

    beforeAll(async () => {
      store = await factory();
    }, 120_000);
    afterAll(async () => {
      if (store) {
        for await (const entry of store.list(`conformance-${run}/`)) if (entry.kind === 'object') await store.delete(entry.key);
        await store.close?.();
      }
      await options.teardown?.();
    }, 120_000);

    describe('bytes in, bytes out', () => {
      it('round-trips every byte value', { timeout }, async () => {
        const bytes = new Uint8Array(512).map((_, i) => i % 256);
        const info = await store.put(k('binary.bin'), bytes);
        expect(info.size).toBe(512);
        expect(typeof info.etag).toBe('string');
        expect(info.etag.length).toBeGreaterThan(0);
        const got = await store.get(k('binary.bin'));
        expect(Buffer.from(got.body).equals(Buffer.from(bytes))).toBe(true);
        expect(got.info.size).toBe(512);
        expect(got.info.etag).toBe(info.etag);
      });

      it('stores empty objects', { timeout }, async () => {
        await store.put(k('empty'), new Uint8Array(0));
        const got = await store.get(k('empty'));
        expect(got.body.byteLength).toBe(0);
        expect((await store.head(k('empty')))?.size).toBe(0);
      });

      it('encodes strings as UTF-8 and accepts ArrayBuffer, Node and Web streams', { timeout }, async () => {
        await store.put(k('text.txt'), 'héllo wörld ✓');
        expect(Buffer.from((await store.get(k('text.txt'))).body).toString('utf8')).toBe('héllo wörld ✓');
        await store.put(k('ab'), new TextEncoder().encode('array buffer').buffer);
        expect(Buffer.from((await store.get(k('ab'))).body).toString()).toBe('array buffer');
        await store.put(k('node-stream'), Readable.from([Buffer.from('node '), Buffer.from('stream')]));
        expect(Buffer.from((await store.get(k('node-stream'))).body).toString()).toBe('node stream');
        const web = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('web '));
            c.enqueue(new TextEncoder().encode('stream'));
            c.close();
          },
        });
        await store.put(k('web-stream'), web);
        expect(Buffer.from((await store.get(k('web-stream'))).body).toString()).toBe('web stream');
      });

      it('keeps unicode, spaces and deep keys apart', { timeout }, async () => {
        const keys = ['ünïcødé/日本語.txt', 'with space/and+plus=.txt', 'emoji 😀.txt', 'a/b/c/d/e/f/g/deep.txt'];
        for (const key of keys) await store.put(k(key), key);
        for (const key of keys) expect(Buffer.from((await store.get(k(key))).body).toString()).toBe(key);
        const listed = (await collect(store.list(k('')))).filter((e) => e.kind === 'object').map((e) => (e.kind === 'object' ? e.key : ''));
        for (const key of keys) expect(listed).toContain(k(key));
      });

      it('overwrites, changing the etag', { timeout }, async () => {
        const first = await store.put(k('over'), 'one');
        const second = await store.put(k('over'), 'two, longer');
        expect(second.etag).not.toBe(first.etag);
        expect(Buffer.from((await store.get(k('over'))).body).toString()).toBe('two, longer');
        expect((await store.head(k('over')))?.etag).toBe(second.etag);
      });

      it('gives a fresh etag to a rewrite with the same bytes of the same size', { timeout }, async () => {
        const etags = new Set<string>();
        for (let i = 0; i < 5; i++) etags.add((await store.put(k('same'), i % 2 === 0 ? 'aaaa' : 'bbbb')).etag);
        // Content-addressed etags repeat for equal content; what must never happen is an etag
        // that matches while the content differs.
        const current = await store.get(k('same'));
        expect(Buffer.from(current.body).toString()).toBe('aaaa');
        expect(etags.size).toBeGreaterThanOrEqual(2);
      });

      it('answers head with size, etag and modification time; undefined when missing', { timeout }, async () => {
        const before = Date.now();
        const put = await store.put(k('head.txt'), '12345');
        const info = await store.head(k('head.txt'));
        expect(info).toBeDefined();
        expect(info!.key).toBe(k('head.txt'));
        expect(info!.size).toBe(5);
        expect(info!.etag).toBe(put.etag);
        expect(info!.lastModified).toBeInstanceOf(Date);
        expect(info!.lastModified.getTime()).toBeGreaterThan(before - 120_000);
        expect(await store.head(k('missing.txt'))).toBeUndefined();
      });
    });

    describe('metadata', () => {
      it('stores content type and user metadata (keys lower-cased)', { timeout }, async () => {
        if (!store.capabilities.metadata) return;
        await store.put(k('meta.json'), '{}', { contentType: 'application/json', metadata: { Owner: 'alice', purpose: 'test run' } });
        const info = await store.head(k('meta.json'));
        expect(info?.contentType).toMatch(/^application\/json/);
        expect(info?.metadata).toMatchObject({ owner: 'alice', purpose: 'test run' });
        const got = await store.get(k('meta.json'));
        expect(got.info.metadata).toMatchObject({ owner: 'alice' });
      });

      it('replaces metadata on overwrite', { timeout }, async () => {
        if (!store.capabilities.metadata) return;
        await store.put(k('meta2'), 'x', { metadata: { a: '1' } });
        await store.put(k('meta2'), 'y', { metadata: { b: '2' } });
        const info = await store.head(k('meta2'));
        expect(info?.metadata?.a).toBeUndefined();
        expect(info?.metadata?.b).toBe('2');
      });
    });

    describe('ranges and streams', () => {
      const text = '0123456789abcdefghij';
      beforeAll(async () => {
        await store.put(k('range.txt'), text);
      });

      it('reads a range from the middle, to the end, and truncates past the end', { timeout }, async () => {
        const str = async (range: { offset: number; length?: number }) => Buffer.from((await store.get(k('range.txt'), { range })).body).toString();
        expect(await str({ offset: 5, length: 4 })).toBe('5678');
        expect(await str({ offset: 15 })).toBe('fghij');
        expect(await str({ offset: 18, length: 100 })).toBe('ij');
        expect(await str({ offset: 0, length: 1 })).toBe('0');
      });

      it('refuses an offset past the end with INVALID_ARGUMENT', { timeout }, async () => {
        await expectStorageError(store.get(k('range.txt'), { range: { offset: 50 } }), 'INVALID_ARGUMENT');
        await expectStorageError(store.get(k('range.txt'), { range: { offset: -1 } }), 'INVALID_ARGUMENT');
      });

      it('streams whole objects and ranges', { timeout }, async () => {
        const whole = await store.getStream(k('range.txt'));
        expect(whole.info.size).toBe(text.length);
        expect(Buffer.concat(await collect(whole.stream as AsyncIterable<Buffer>)).toString()).toBe(text);
        const part = await store.getStream(k('range.txt'), { range: { offset: 10, length: 3 } });
        expect(Buffer.concat(await collect(part.stream as AsyncIterable<Buffer>)).toString()).toBe('abc');
      });

      it('fails getStream of a missing key with NOT_FOUND before any byte flows', { timeout }, async () => {
        await expectStorageError(store.getStream(k('nope')), 'NOT_FOUND');
      });
    });

    describe('listing', () => {
      const keys = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/b/3/deep.txt', 'list/c.txt', 'list/d-e.txt', 'list/e/x.txt', 'listing-other.txt'];
      beforeAll(async () => {
        for (const key of keys) await store.put(k(key), key);
      });
      const objectKeys = (entries: Array<{ kind: string; key?: string; prefix?: string }>) => entries.map((e) => (e.kind === 'object' ? e.key : `P:${e.prefix}`));

      it('lists every key under a prefix in byte order', { timeout }, async () => {
        const entries = await collect(store.list(k('list/')));
        expect(objectKeys(entries)).toEqual(keys.filter((x) => x.startsWith('list/')).map(k).sort());
        for (const e of entries) if (e.kind === 'object') expect(e.size).toBeGreaterThan(0);
      });

      it('treats the prefix as a string prefix, not a folder', { timeout }, async () => {
        const entries = await collect(store.list(k('list')));
        expect(objectKeys(entries)).toContain(k('listing-other.txt'));
        expect(await collect(store.list(k('nothing-here/')))).toEqual([]);
      });

      it('groups by delimiter into common prefixes', { timeout }, async () => {
        const entries = await collect(store.list(k('list/'), { delimiter: '/' }));
        expect(objectKeys(entries)).toEqual([k('list/a.txt'), `P:${k('list/b/')}`, k('list/c.txt'), k('list/d-e.txt'), `P:${k('list/e/')}`]);
        const inner = await collect(store.list(k('list/b/'), { delimiter: '/' }));
        expect(objectKeys(inner)).toEqual([k('list/b/1.txt'), k('list/b/2.txt'), `P:${k('list/b/3/')}`]);
      });

      it('pages through small pages lazily and resumes after a key', { timeout }, async () => {
        const paged = await collect(store.list(k('list/'), { pageSize: 2 }));
        expect(objectKeys(paged)).toEqual(keys.filter((x) => x.startsWith('list/')).map(k).sort());
        const firstTwo: string[] = [];
        for await (const e of store.list(k('list/'), { pageSize: 1 })) {
          if (e.kind === 'object') firstTwo.push(e.key);
          if (firstTwo.length === 2) break;
        }
        expect(firstTwo).toEqual([k('list/a.txt'), k('list/b/1.txt')]);
        const rest = await collect(store.list(k('list/'), { startAfter: k('list/b/3/deep.txt') }));
        expect(objectKeys(rest)).toEqual([k('list/c.txt'), k('list/d-e.txt'), k('list/e/x.txt')]);
      });
    });

    describe('delete and copy', () => {
      it('deletes, and deleting a missing key is not an error', { timeout }, async () => {
        await store.put(k('del.txt'), 'bye');
        await store.delete(k('del.txt'));
        expect(await store.head(k('del.txt'))).toBeUndefined();
        await expectStorageError(store.get(k('del.txt')), 'NOT_FOUND');
        await store.delete(k('del.txt'));
      });

      it('deletes conditionally on the etag', { timeout }, async () => {
        if (!store.capabilities.conditionalWrite) return;
        const info = await store.put(k('cdel.txt'), 'keep me');
        await store.put(k('cdel.txt'), 'changed');
        await expectStorageError(store.delete(k('cdel.txt'), { ifMatch: info.etag }), 'PRECONDITION_FAILED');
        expect(Buffer.from((await store.get(k('cdel.txt'))).body).toString()).toBe('changed');
        const current = (await store.head(k('cdel.txt')))!;
        await store.delete(k('cdel.txt'), { ifMatch: current.etag });
        expect(await store.head(k('cdel.txt'))).toBeUndefined();
        await expectStorageError(store.delete(k('cdel.txt'), { ifMatch: current.etag }), 'NOT_FOUND');
      });

      it('copies content and metadata; a missing source is NOT_FOUND', { timeout }, async () => {
        await store.put(k('copy/src.json'), '{"a":1}', { contentType: 'application/json', metadata: { tag: 'x' } });
        const info = await store.copy(k('copy/src.json'), k('copy/dst.json'));
        expect(info.size).toBe(7);
        expect(Buffer.from((await store.get(k('copy/dst.json'))).body).toString()).toBe('{"a":1}');
        if (store.capabilities.metadata) {
          const head = await store.head(k('copy/dst.json'));
          expect(head?.contentType).toMatch(/^application\/json/);
          expect(head?.metadata?.tag).toBe('x');
        }
        expect(Buffer.from((await store.get(k('copy/src.json'))).body).toString()).toBe('{"a":1}');
        await expectStorageError(store.copy(k('copy/missing'), k('copy/dst2')), 'NOT_FOUND');
      });
    });

    describe('bad input', () => {
      const unsafe = ['../escape.txt', 'a/../../escape.txt', '/absolute.txt', 'nul\u0000byte', '', 'a//b', './a', 'a\\..\\b', 'C:/windows'];

      it.each(unsafe)('refuses the unsafe key %j with INVALID_ARGUMENT and touches nothing', async (key) => {
        await expectStorageError(store.put(key, 'x'), 'INVALID_ARGUMENT');
        await expectStorageError(store.get(key), 'INVALID_ARGUMENT');
        await expectStorageError(store.head(key), 'INVALID_ARGUMENT');
        await expectStorageError(store.delete(key), 'INVALID_ARGUMENT');
      });

      it('refuses bodies that are not bytes, text or streams', { timeout }, async () => {
        await expectStorageError(store.put(k('bad-body'), 42 as never), 'INVALID_ARGUMENT');
        await expectStorageError(store.put(k('bad-body'), { a: 1 } as never), 'INVALID_ARGUMENT');
        await expectStorageError(store.put(k('bad-body'), null as never), 'INVALID_ARGUMENT');
        expect(await store.head(k('bad-body'))).toBeUndefined();
      });

      it('refuses non-string keys', { timeout }, async () => {
        await expectStorageError(store.get(42 as never), 'INVALID_ARGUMENT');
        await expectStorageError(store.put(undefined as never, 'x'), 'INVALID_ARGUMENT');
      });

      it('honours an aborted signal with ABORTED', { timeout }, async () => {
        const controller = new AbortController();
        controller.abort();
        await expectStorageError(store.get(k('range.txt'), { signal: controller.signal }), 'ABORTED');
        await expectStorageError(store.put(k('aborted'), 'x', { signal: controller.signal }), 'ABORTED');
        expect(await store.head(k('aborted'))).toBeUndefined();
      });

      it('fails get of a missing key with NOT_FOUND naming the key', { timeout }, async () => {
        try {
          await store.get(k('missing/thing.txt'));
          expect.unreachable();
        } catch (error) {
          expect(isStorageError(error, 'NOT_FOUND')).toBe(true);
          expect((error as Error).message).toContain('thing.txt');
        }
      });
    });

    describe('conditional writes', () => {
      it('creates only when absent with ifNoneMatch "*"', { timeout }, async () => {
        if (!store.capabilities.conditionalWrite) return;
        await store.put(k('cond/new'), 'first', { ifNoneMatch: '*' });
        await expectStorageError(store.put(k('cond/new'), 'second', { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
        expect(Buffer.from((await store.get(k('cond/new'))).body).toString()).toBe('first');
      });

      it('replaces only the version that was read with ifMatch', { timeout }, async () => {
        if (!store.capabilities.conditionalWrite) return;
        const v1 = await store.put(k('cond/match'), 'v1');
        const v2 = await store.put(k('cond/match'), 'v2', { ifMatch: v1.etag });
        await expectStorageError(store.put(k('cond/match'), 'stale', { ifMatch: v1.etag }), 'PRECONDITION_FAILED');
        expect(Buffer.from((await store.get(k('cond/match'))).body).toString()).toBe('v2');
        await store.put(k('cond/match'), 'v3', { ifMatch: v2.etag });
        await expectStorageError(store.put(k('cond/absent'), 'x', { ifMatch: v2.etag }), 'PRECONDITION_FAILED');
        expect(await store.head(k('cond/absent'))).toBeUndefined();
      });

      it('loses no increment when writers race (read-modify-write with ifMatch)', { timeout: timeout * 2 }, async () => {
        if (!store.capabilities.conditionalWrite) return;
        const writers = options.concurrentWriters ?? 20;
        const key = k('cond/counter');
        // Each writer runs its own loop against the backend (not core's updateObject, which
        // queues writers of one process), so the backend's conditions are what keeps count.
        const increment = async () => {
          for (let attempt = 0; attempt < 1000; attempt++) {
            let current: { body: Uint8Array; info: { etag: string } } | undefined;
            try {
              current = await store.get(key);
            } catch (error) {
              if (!isStorageError(error, 'NOT_FOUND')) throw error;
            }
            const n = current ? Number(Buffer.from(current.body).toString()) : 0;
            try {
              await store.put(key, String(n + 1), current ? { ifMatch: current.info.etag } : { ifNoneMatch: '*' });
              return;
            } catch (error) {
              if (!isStorageError(error, 'PRECONDITION_FAILED')) throw error;
              await new Promise((r) => setTimeout(r, Math.random() * 20));
            }
          }
          throw new Error('an increment never landed');
        };
        await Promise.all(Array.from({ length: writers }, increment));
        expect(Buffer.from((await store.get(key)).body).toString()).toBe(String(writers));
      });
    });

    describe('large objects', () => {
      const size = options.largeSize ?? 64 * 1024 * 1024;
      it.skipIf(options.large === false)(`streams ${Math.round(size / 1048576)} MiB in and out intact`, { timeout: timeout * 4 }, async () => {
        const expected = await patternDigest(size);
        const info = await store.put(k('large.bin'), patternStream(size), { contentType: 'application/octet-stream' });
        expect(info.size).toBe(size);
        const { stream, info: got } = await store.getStream(k('large.bin'));
        expect(got.size).toBe(size);
        expect(await digestStream(stream)).toEqual(expected);
        const tail = await store.get(k('large.bin'), { range: { offset: size - 10 } });
        expect(tail.body.byteLength).toBe(10);
        await store.delete(k('large.bin'));
      });
    });

    describe('presign', () => {
      it('returns a URL when supported, and is absent otherwise', { timeout }, async () => {
        if (!store.capabilities.presign) {
          expect(store.presign === undefined || typeof store.presign === 'function').toBe(true);
          return;
        }
        await store.put(k('signed.txt'), 'signed');
        const url = await store.presign!(k('signed.txt'), { method: 'GET', expiresIn: 60 });
        expect(() => new URL(url)).not.toThrow();
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('signed');
      });
    });
  });
}
