import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** Dot paths in reads, writes and deletes. */
export function pathSection(ctx: SuiteContext): void {
  describe('dot paths', () => {
    it('reads, sets and deletes values at a path', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'A', preferences: { theme: 'dark', lang: 'en' } }, 'user_001');
      expect(await ctx.json.read(users, 'user_001', { path: 'preferences.theme' })).toBe('dark');
      expect(await ctx.json.read(users, 'user_001', { path: 'preferences.missing.deeper' })).toBeUndefined();

      const set = await ctx.json.write(users, 'a@b.c', 'user_001', { mode: 'update', path: 'email' });
      expect(set).toMatchObject({ success: true, rowsUpdated: 1 });
      await ctx.json.write(users, true, 'user_001', { mode: 'update', path: 'preferences.notifications.email' });
      expect(await ctx.json.read(users, 'user_001')).toEqual({
        name: 'A',
        email: 'a@b.c',
        preferences: { theme: 'dark', lang: 'en', notifications: { email: true } },
      });

      const removed = await ctx.json.delete(users, 'user_001', { path: 'preferences.theme' });
      expect(removed).toMatchObject({ success: true, rowsDeleted: 1 });
      expect(await ctx.json.read(users, 'user_001', { path: 'preferences' })).toEqual({ lang: 'en', notifications: { email: true } });
    });

    it('honours a path on write, creating the document when missing', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, 'dark', 'u1', { path: 'preferences.theme' });
      expect(await ctx.json.read(users, 'u1')).toEqual({ preferences: { theme: 'dark' } });
      await ctx.json.write(users, 1, 'u1', { path: 'preferences.size' });
      expect(await ctx.json.read(users, 'u1')).toEqual({ preferences: { theme: 'dark', size: 1 } });
    });

    it('indexes arrays with numeric segments, creating and padding them', async () => {
      const docs = ctx.name('docs');
      await ctx.json.write(docs, { items: [{ name: 'a' }, { name: 'b' }] }, 'd1');
      expect(await ctx.json.read(docs, 'd1', { path: 'items.1.name' })).toBe('b');
      expect(await ctx.json.read(docs, 'd1', { path: 'items.5.name' })).toBeUndefined();
      await ctx.json.write(docs, 'c', 'd1', { mode: 'update', path: 'items.3.name' });
      expect(await ctx.json.read(docs, 'd1', { path: 'items' })).toEqual([{ name: 'a' }, { name: 'b' }, null, { name: 'c' }]);
      await ctx.json.write(docs, 'x', 'd1', { mode: 'update', path: 'grid.0.1' });
      expect(await ctx.json.read(docs, 'd1', { path: 'grid' })).toEqual([[null, 'x']]);
      await ctx.json.delete(docs, 'd1', { path: 'items.0' });
      expect(await ctx.json.read(docs, 'd1', { path: 'items' })).toEqual([{ name: 'b' }, null, { name: 'c' }]);
    });

    it('deleting a missing path succeeds and changes nothing', async () => {
      const docs = ctx.name('docs');
      await ctx.json.write(docs, { a: { b: 1 } }, 'd1');
      const before = await ctx.snapshot(docs);
      const result = await ctx.json.delete(docs, 'd1', { path: 'a.c.d' });
      expect(result).toMatchObject({ success: true, rowsDeleted: 0 });
      expect(await ctx.snapshot(docs)).toEqual(before);
    });

    it('a path in a missing document fails as not found', async () => {
      const docs = ctx.name('docs');
      await ctx.json.write(docs, { a: 1 }, 'd1');
      expect(await ctx.json.write(docs, 1, 'ghost', { mode: 'update', path: 'a' })).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await ctx.json.delete(docs, 'ghost', { path: 'a' })).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await ctx.json.exists(docs, 'ghost')).toBe(false);
    });

    it('a path without an id starts at the collection: its first segment is the document', async () => {
      const users = ctx.name('users');
      await ctx.seed(users, { u1: { name: 'A' }, u2: { name: 'B' } });
      expect(await ctx.json.read(users, undefined, { path: 'u2.name' })).toBe('B');
      await ctx.json.write(users, 'x@y.z', undefined, { mode: 'update', path: 'u1.email' });
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'A', email: 'x@y.z' });
      await ctx.json.delete(users, undefined, { path: 'u2.name' });
      expect(await ctx.json.read(users, 'u2')).toEqual({});
    });

    it('refuses paths into scalars and lists indexed by name, writing nothing', async () => {
      const docs = ctx.name('docs');
      await ctx.json.write(docs, { name: 'text', list: [1, 2] }, 'd1');
      const before = await ctx.snapshot(docs);
      await expect(ctx.json.write(docs, 1, 'd1', { mode: 'update', path: 'name.first' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.write(docs, 1, 'd1', { mode: 'update', path: 'list.first' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.write(docs, 1, 'd1', { path: 'a..b' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.write(docs, 1, 'd1', { path: '__proto__.polluted' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.read(docs, 'd1', { path: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await ctx.snapshot(docs)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
}
