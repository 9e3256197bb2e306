import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collect } from '../assertions';
import type { SuiteContext } from './context';

/** Bytes in, bytes out: binary, empty, text and stream bodies, keys, overwrite, etags, head. */
export function basicTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('bytes in, bytes out', () => {
    it('round-trips every byte value', { timeout }, async () => {
      const bytes = new Uint8Array(512).map((_, i) => i % 256);
      const info = await suite.store.put(k('binary.bin'), bytes);
      expect(info.size).toBe(512);
      expect(typeof info.etag).toBe('string');
      expect(info.etag.length).toBeGreaterThan(0);
      const got = await suite.store.get(k('binary.bin'));
      expect(Buffer.from(got.body).equals(Buffer.from(bytes))).toBe(true);
      expect(got.info.size).toBe(512);
      expect(got.info.etag).toBe(info.etag);
    });

    it('stores empty objects', { timeout }, async () => {
      await suite.store.put(k('empty'), new Uint8Array(0));
      const got = await suite.store.get(k('empty'));
      expect(got.body.byteLength).toBe(0);
      expect((await suite.store.head(k('empty')))?.size).toBe(0);
    });

    it('encodes strings as UTF-8 and accepts ArrayBuffer, Node and Web streams', { timeout }, async () => {
      await suite.store.put(k('text.txt'), 'héllo wörld ✓');
      expect(Buffer.from((await suite.store.get(k('text.txt'))).body).toString('utf8')).toBe('héllo wörld ✓');
      await suite.store.put(k('ab'), new TextEncoder().encode('array buffer').buffer);
      expect(Buffer.from((await suite.store.get(k('ab'))).body).toString()).toBe('array buffer');
      await suite.store.put(k('node-stream'), Readable.from([Buffer.from('node '), Buffer.from('stream')]));
      expect(Buffer.from((await suite.store.get(k('node-stream'))).body).toString()).toBe('node stream');
      const web = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('web '));
          c.enqueue(new TextEncoder().encode('stream'));
          c.close();
        },
      });
      await suite.store.put(k('web-stream'), web);
      expect(Buffer.from((await suite.store.get(k('web-stream'))).body).toString()).toBe('web stream');
    });

    it('keeps unicode, spaces and deep keys apart', { timeout }, async () => {
      const keys = ['ünïcødé/日本語.txt', 'with space/and+plus=.txt', 'emoji 😀.txt', 'a/b/c/d/e/f/g/deep.txt'];
      for (const key of keys) await suite.store.put(k(key), key);
      for (const key of keys) expect(Buffer.from((await suite.store.get(k(key))).body).toString()).toBe(key);
      const listed = (await collect(suite.store.list(k('')))).filter((e) => e.kind === 'object').map((e) => (e.kind === 'object' ? e.key : ''));
      for (const key of keys) expect(listed).toContain(k(key));
    });

    it('overwrites, changing the etag', { timeout }, async () => {
      const first = await suite.store.put(k('over'), 'one');
      const second = await suite.store.put(k('over'), 'two, longer');
      expect(second.etag).not.toBe(first.etag);
      expect(Buffer.from((await suite.store.get(k('over'))).body).toString()).toBe('two, longer');
      expect((await suite.store.head(k('over')))?.etag).toBe(second.etag);
    });

    it('gives a fresh etag to a rewrite with the same bytes of the same size', { timeout }, async () => {
      const etags = new Set<string>();
      for (let i = 0; i < 5; i++) etags.add((await suite.store.put(k('same'), i % 2 === 0 ? 'aaaa' : 'bbbb')).etag);
      // Content-addressed etags repeat for equal content; what must never happen is an etag
      // that matches while the content differs.
      const current = await suite.store.get(k('same'));
      expect(Buffer.from(current.body).toString()).toBe('aaaa');
      expect(etags.size).toBeGreaterThanOrEqual(2);
    });

    it('answers head with size, etag and modification time; undefined when missing', { timeout }, async () => {
      const before = Date.now();
      const put = await suite.store.put(k('head.txt'), '12345');
      const info = await suite.store.head(k('head.txt'));
      expect(info).toBeDefined();
      expect(info!.key).toBe(k('head.txt'));
      expect(info!.size).toBe(5);
      expect(info!.etag).toBe(put.etag);
      expect(info!.lastModified).toBeInstanceOf(Date);
      expect(info!.lastModified.getTime()).toBeGreaterThan(before - 120_000);
      expect(await suite.store.head(k('missing.txt'))).toBeUndefined();
    });
  });
}
