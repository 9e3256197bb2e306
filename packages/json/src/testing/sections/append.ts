import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** Append mode: creating collections, arrays in documents, new documents. */
export function appendSection(ctx: SuiteContext): void {
  describe('append', () => {
    it('creates a missing collection', async () => {
      const logs = ctx.name('logs');
      const result = await ctx.json.write(logs, [{ id: 'e1', event: 'login' }], undefined, { mode: 'append' });
      expect(result).toMatchObject({ success: true, operation: 'append', createdNew: true, rowsAdded: 1 });
      expect(await ctx.json.read(logs, undefined, { format: 'records' })).toEqual([{ id: 'e1', event: 'login' }]);
      expect(await ctx.json.read(logs, 'e1')).toEqual({ id: 'e1', event: 'login' });
    });

    it('appends to the array stored at a document, creating it', async () => {
      const feeds = ctx.name('feeds');
      await ctx.json.write(feeds, 'first', 'f1', { mode: 'append' });
      await ctx.json.write(feeds, ['second', 'third'], 'f1', { mode: 'append' });
      expect(await ctx.json.read(feeds, 'f1')).toEqual(['first', 'second', 'third']);
    });

    it('appends to the array at a path inside a document, creating it', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'A' }, 'u1');
      const result = await ctx.json.write(users, { at: 1 }, 'u1', { mode: 'append', path: 'history' });
      expect(result).toMatchObject({ success: true, rowsAdded: 1 });
      await ctx.json.write(users, [{ at: 2 }, { at: 3 }], 'u1', { mode: 'append', path: 'history' });
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'A', history: [{ at: 1 }, { at: 2 }, { at: 3 }] });
    });

    it('refuses to append to an object or a scalar, writing nothing', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'A', prefs: {} }, 'u1');
      const before = await ctx.snapshot(users);
      await expect(ctx.json.write(users, 1, 'u1', { mode: 'append' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.write(users, 1, 'u1', { mode: 'append', path: 'name' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.write(users, 1, 'u1', { mode: 'append', path: 'prefs' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await ctx.snapshot(users)).toEqual(before);
    });

    it('adds documents to an object collection keyed by their id field, or a generated id', async () => {
      const users = ctx.name('users');
      await ctx.seed(users, { u1: { name: 'A' } });
      const result = await ctx.json.write(users, [{ id: 'u2', name: 'B' }, { name: 'C' }], undefined, { mode: 'append' });
      expect(result).toMatchObject({ success: true, rowsAdded: 2 });
      expect(result.ids).toHaveLength(2);
      expect(result.ids![0]).toBe('u2');
      const generated = result.ids![1]!;
      expect(generated).toMatch(/\S/);
      expect(await ctx.json.read(users, 'u2')).toEqual({ id: 'u2', name: 'B' });
      expect(await ctx.json.read(users, generated)).toEqual({ name: 'C' });
      expect(await ctx.json.count(users)).toBe(3);
    });

    it('refuses to append a document whose id is taken', async () => {
      const users = ctx.name('users');
      await ctx.seed(users, { u1: { name: 'A' } });
      const result = await ctx.json.write(users, { id: 'u1', name: 'other' }, undefined, { mode: 'append' });
      expect(result).toMatchObject({ success: false, error: { code: 'ALREADY_EXISTS' } });
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'A' });
    });
  });
}
