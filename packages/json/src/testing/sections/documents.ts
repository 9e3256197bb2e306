import { WriteMode } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** Reading and writing whole documents: direct storage, ids, write vs update, results. */
export function documentSection(ctx: SuiteContext): void {
  describe('documents', () => {
    it('stores a document exactly as given and reads it back', async () => {
      const users = ctx.name('users');
      const result = await ctx.json.write(users, { name: 'John', age: 30 }, 'user123');
      expect(result).toMatchObject({ success: true, operation: 'write', collection: users, documentId: 'user123', createdNew: true, rowsWritten: 1 });
      expect(typeof result.etag).toBe('string');
      expect(await ctx.json.read(users, 'user123')).toEqual({ name: 'John', age: 30 });
    });

    it('reads nothing for a missing collection or document', async () => {
      const users = ctx.name('users');
      expect(await ctx.json.read(users)).toBeUndefined();
      expect(await ctx.json.read(users, 'nobody')).toBeUndefined();
      await ctx.json.write(users, { a: 1 }, 'someone');
      expect(await ctx.json.read(users, 'nobody')).toBeUndefined();
      expect(await ctx.json.exists(users, 'nobody')).toBe(false);
      expect(await ctx.json.exists(users, 'someone')).toBe(true);
      expect(await ctx.json.exists(users)).toBe(true);
      expect(await ctx.json.exists(ctx.name('absent'))).toBe(false);
    });

    it('exists checks the path inside the document (or the collection) when one is given', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'Ann', prefs: { theme: 'dark', email: null }, tags: ['a'] }, 'u1');
      expect(await ctx.json.exists(users, 'u1', { path: 'prefs.theme' })).toBe(true);
      expect(await ctx.json.exists(users, 'u1', { path: 'tags.0' })).toBe(true);
      expect(await ctx.json.exists(users, 'u1', { path: 'prefs.email' })).toBe(true); // a stored null is a value
      expect(await ctx.json.exists(users, 'u1', { path: 'prefs.language' })).toBe(false);
      expect(await ctx.json.exists(users, 'u1', { path: 'tags.1' })).toBe(false);
      expect(await ctx.json.exists(users, 'u1', { path: 'name.first' })).toBe(false);
      expect(await ctx.json.exists(users, 'nobody', { path: 'name' })).toBe(false);
      expect(await ctx.json.exists(users, undefined, { path: 'u1.prefs.theme' })).toBe(true);
      expect(await ctx.json.exists(users, undefined, { path: 'u2.name' })).toBe(false);
      expect(await ctx.json.exists(ctx.name('absent'), 'u1', { path: 'name' })).toBe(false);
      await expect(ctx.json.exists(users, 'u1', { path: 'a..b' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('reading by id returns the one document or undefined, whatever the format', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'Ann', id: 'own-field' }, 'u1');
      await ctx.json.write(users, { name: 'Bob' }, 'u2');
      for (const format of ['raw', 'records', 'dict'] as const) {
        expect(await ctx.json.read(users, 'u2', { format })).toEqual({ name: 'Bob' });
        expect(await ctx.json.read(users, 'nobody', { format })).toBeUndefined();
      }
      expect(await ctx.json.read(users, 'u2', { format: 'records', idField: 'key' })).toEqual({ key: 'u2', name: 'Bob' });
      expect(await ctx.json.read(users, 'u1', { format: 'records', idField: 'id' })).toEqual({ name: 'Ann', id: 'own-field' });
      expect(await ctx.json.read(users, 'u2', { format: 'records', path: 'name' })).toBe('Bob');
    });

    it('finds a document by a numeric id or its string form', async () => {
      const items = ctx.name('items');
      await ctx.json.write(items, { sku: 'A' }, '123');
      expect(await ctx.json.read(items, 123)).toEqual({ sku: 'A' });
      await ctx.json.write(items, { sku: 'B' }, 456);
      expect(await ctx.json.read(items, '456')).toEqual({ sku: 'B' });
      expect(await ctx.json.exists(items, 456)).toBe(true);
      expect((await ctx.json.write(items, { price: 2 }, 123, { mode: 'update' })).success).toBe(true);
      expect(await ctx.json.read(items, '123')).toEqual({ sku: 'A', price: 2 });
    });

    it('write replaces a document; update deep-merges objects and replaces arrays and scalars', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'A', prefs: { theme: 'dark', lang: 'en' }, tags: ['x', 'y'] }, 'u1');
      const updated = await ctx.json.write(users, { prefs: { theme: 'light' }, tags: ['z'], age: 3 }, 'u1', { mode: WriteMode.UPDATE });
      expect(updated).toMatchObject({ success: true, operation: 'update', mode: 'update', rowsUpdated: 1, createdNew: false });
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'A', prefs: { theme: 'light', lang: 'en' }, tags: ['z'], age: 3 });
      await ctx.json.write(users, { only: true }, 'u1', { mode: 'write' });
      expect(await ctx.json.read(users, 'u1')).toEqual({ only: true });
    });

    it('update of a missing document fails and creates nothing', async () => {
      const users = ctx.name('users');
      const missingCollection = await ctx.json.write(users, { a: 1 }, 'ghost', { mode: 'update' });
      expect(missingCollection).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await ctx.json.exists(users)).toBe(false);
      await ctx.json.write(users, { a: 1 }, 'real');
      const missingDocument = await ctx.json.write(users, { a: 1 }, 'ghost', { mode: 'update' });
      expect(missingDocument).toMatchObject({ success: false, operation: 'update', documentId: 'ghost', error: { code: 'NOT_FOUND' } });
      expect(missingDocument.error?.message).toContain('ghost');
      expect(await ctx.json.exists(users, 'ghost')).toBe(false);
    });

    it('update without an id merges documents into the collection; a missing collection fails', async () => {
      const users = ctx.name('users');
      expect(await ctx.json.write(users, { u1: { a: 1 } }, undefined, { mode: 'update' })).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      await ctx.seed(users, { u1: { name: 'A', prefs: { x: 1 } } });
      const result = await ctx.json.write(users, { u1: { prefs: { y: 2 } }, u2: { name: 'B' } }, undefined, { mode: 'update' });
      expect(result).toMatchObject({ success: true, rowsUpdated: 1, rowsAdded: 1 });
      expect(await ctx.json.read(users)).toEqual({ u1: { name: 'A', prefs: { x: 1, y: 2 } }, u2: { name: 'B' } });
    });

    it('keeps documents of any JSON type and unusual ids', async () => {
      const misc = ctx.name('misc');
      const ids = ['a/b', '..', 'with space', 'ünï©ødé', '%41', 'x.json', '__proto__', 'constructor'];
      for (const [i, id] of ids.entries()) await ctx.json.write(misc, i % 2 ? [i, 'list'] : { i }, id);
      for (const [i, id] of ids.entries()) expect(await ctx.json.read(misc, id)).toEqual(i % 2 ? [i, 'list'] : { i });
      await ctx.json.write(misc, 'just text', 'scalar');
      expect(await ctx.json.read(misc, 'scalar')).toBe('just text');
      expect(await ctx.json.count(misc)).toBe(ids.length + 1);
      expect(({} as Record<string, unknown>).i).toBeUndefined();
    });

    it('returns copies: changing what a read returned changes nothing stored', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'A', tags: ['x'] }, 'u1');
      const first = await ctx.json.read<{ name: string; tags: string[] }>(users, 'u1');
      first!.name = 'changed';
      first!.tags.push('y');
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'A', tags: ['x'] });
      const data = { name: 'B' };
      await ctx.json.write(users, data, 'u2');
      data.name = 'mutated after write';
      expect(await ctx.json.read(users, 'u2')).toEqual({ name: 'B' });
    });

    it('stores dates as ISO strings and drops undefined properties, as JSON does', async () => {
      const events = ctx.name('events');
      await ctx.json.write(events, { at: new Date('2024-01-02T03:04:05.000Z'), gone: undefined, kept: null }, 'e1');
      expect(await ctx.json.read(events, 'e1')).toEqual({ at: '2024-01-02T03:04:05.000Z', kept: null });
    });

    it('lists collections', async () => {
      const a = ctx.name('list-a');
      const b = ctx.name('list-b');
      await ctx.json.write(a, { x: 1 }, '1');
      await ctx.json.write(b, { x: 1 }, '1');
      await ctx.json.write(b, { x: 2 }, '2');
      const names = await ctx.json.listCollections();
      expect(names).toContain(a);
      expect(names).toContain(b);
      expect(names.filter((n) => n === b)).toHaveLength(1);
      expect([...names].sort()).toEqual(names);
    });

    it('gives a typed handle bound to one collection', async () => {
      interface User {
        name: string;
        age?: number;
      }
      const users = ctx.json.collection<User>(ctx.name('typed'));
      await users.write({ name: 'Ann' }, 'u1');
      await users.update({ age: 4 }, 'u1');
      const user: User | undefined = await users.read('u1');
      expect(user).toEqual({ name: 'Ann', age: 4 });
      expect(await users.exists('u1')).toBe(true);
      expect(await users.count()).toBe(1);
      expect(await users.readAll({ format: 'records' })).toEqual([{ name: 'Ann', age: 4 }]);
      expect(await users.readAll({ format: 'records', idField: 'id' })).toEqual([{ id: 'u1', name: 'Ann', age: 4 }]);
      expect(await users.exists('u1', { path: 'age' })).toBe(true);
      expect((await users.delete('u1')).success).toBe(true);
    });
  });
}
