import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** The per-document layout: one plain JSON object per document, safely named. */
export function perDocumentFormatSection(ctx: SuiteContext): void {
  describe('per-document format', () => {
    it('stores each document as plain JSON at <collection>/<id>.json', async () => {
      const events = ctx.name('events');
      await ctx.json.write(events, { type: 'login', user: 'u1' }, 'e1');
      expect(await ctx.text(ctx.key(events, 'e1'))).toBe('{\n  "type": "login",\n  "user": "u1"\n}');
      expect(await ctx.text(ctx.key(events))).toBeUndefined();
    });

    it('encodes ids into one safe key segment', async () => {
      const events = ctx.name('events');
      await ctx.json.write(events, { x: 1 }, '../../etc/passwd');
      await ctx.json.write(events, { x: 2 }, 'a b/ü');
      const keys: string[] = [];
      for await (const entry of ctx.store.list(`${ctx.prefix}${events}/`)) if (entry.kind === 'object') keys.push(entry.key.slice(ctx.prefix.length));
      expect(keys.sort()).toEqual([`${events}/..%2F..%2Fetc%2Fpasswd.json`, `${events}/a%20b%2F%C3%BC.json`]);
      expect(await ctx.json.read(events, undefined, { format: 'dict' })).toEqual({ '../../etc/passwd': { x: 1 }, 'a b/ü': { x: 2 } });
    });

    it('refuses a corrupt document with an error naming it, and never overwrites it', async () => {
      const events = ctx.name('events');
      await ctx.json.write(events, { ok: true }, 'good');
      const key = ctx.key(events, 'bad');
      await ctx.store.put(key, '{not json');
      await expect(ctx.json.read(events, 'bad')).rejects.toMatchObject({ code: 'CORRUPT_DATA', message: expect.stringContaining(key) });
      await expect(ctx.json.write(events, { a: 1 }, 'bad', { mode: 'update' })).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
      await expect(ctx.json.read(events)).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
      expect(await ctx.text(key)).toBe('{not json');
      expect(await ctx.json.read(events, 'good')).toEqual({ ok: true });
    });

    it('replaces the whole collection with the documents given', async () => {
      const events = ctx.name('events');
      await ctx.seed(events, { a: { n: 1 }, b: { n: 2 } });
      const result = await ctx.json.write(events, [{ id: 'c', n: 3 }]);
      expect(result).toMatchObject({ success: true, rowsWritten: 1, createdNew: false });
      expect(await ctx.json.read(events)).toEqual({ c: { id: 'c', n: 3 } });
      await expect(ctx.json.write(events, 'not documents')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
}
