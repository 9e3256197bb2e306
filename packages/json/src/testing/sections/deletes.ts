import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** Deleting documents, matches of a query, and collections. */
export function deleteSection(ctx: SuiteContext): void {
  describe('delete', () => {
    it('deletes a document; a missing one fails as not found', async () => {
      const users = ctx.name('users');
      await ctx.seed(users, { u1: { a: 1 }, u2: { a: 2 } });
      const result = await ctx.json.delete(users, 'u1');
      expect(result).toMatchObject({ success: true, operation: 'delete', documentId: 'u1', rowsDeleted: 1, deletedIds: ['u1'] });
      expect(await ctx.json.read(users)).toEqual({ u2: { a: 2 } });
      const again = await ctx.json.delete(users, 'u1');
      expect(again).toMatchObject({ success: false, documentId: 'u1', error: { code: 'NOT_FOUND' } });
      expect(await ctx.json.delete(ctx.name('absent'), 'u1')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    });

    it('deletes by a numeric id', async () => {
      const items = ctx.name('items');
      await ctx.seed(items, { '7': { a: 1 }, '8': { a: 2 } });
      expect((await ctx.json.delete(items, 7)).success).toBe(true);
      expect(await ctx.json.read(items)).toEqual({ '8': { a: 2 } });
    });

    it('deletes the documents matching a query and reports their ids', async () => {
      const tasks = ctx.name('tasks');
      await ctx.seed(tasks, { t1: { done: true }, t2: { done: false }, t3: { done: true } });
      const result = await ctx.json.delete(tasks, undefined, { query: { done: true } });
      expect(result).toMatchObject({ success: true, rowsDeleted: 2 });
      expect([...(result.deletedIds ?? [])].sort()).toEqual(['t1', 't3']);
      expect(await ctx.json.read(tasks)).toEqual({ t2: { done: false } });
      const none = await ctx.json.delete(tasks, undefined, { query: { done: 'maybe' } });
      expect(none).toMatchObject({ success: true, rowsDeleted: 0 });
    });

    it('refuses a query delete without a filter, or with an id', async () => {
      const tasks = ctx.name('tasks');
      await ctx.seed(tasks, { t1: { done: true } });
      await expect(ctx.json.delete(tasks, undefined, { query: {} })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.delete(tasks, 't1', { query: { done: true } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await ctx.json.count(tasks)).toBe(1);
    });

    it('deletes a whole collection; a missing one fails as not found', async () => {
      const temp = ctx.name('temp');
      await ctx.seed(temp, { a: { x: 1 }, b: { x: 2 } });
      expect((await ctx.json.delete(temp)).success).toBe(true);
      expect(await ctx.json.exists(temp)).toBe(false);
      expect(await ctx.json.read(temp)).toBeUndefined();
      expect(await ctx.json.delete(temp)).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    });
  });
}
