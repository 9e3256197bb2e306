import { WriteMode } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { type SuiteContext, rejectsWith } from '../context';

/** Write modes with and without an id, data shapes, results, delete and batch writes. */
export function writeSection(f: SuiteContext): void {
  describe('writes', () => {
    it('write without an id replaces the collection; the result says what happened', async () => {
      const c = f.name('users');
      const first = await f.csv().write(c, [{ id: 1, name: 'Ada' }, { id: 2, name: 'Bob' }]);
      expect(first).toMatchObject({ success: true, operation: 'write', mode: 'write', collection: c, rowsWritten: 2, createdNew: true });
      expect(first.etag).toEqual(expect.any(String));
      const second = await f.csv().write(c, { id: 3, city: 'Oslo' });
      expect(second).toMatchObject({ success: true, rowsWritten: 1, createdNew: false });
      expect(await f.text(c)).toBe('id,city\n3,Oslo\n');
    });

    it('write with an id replaces that row only, and inserts it when absent', async () => {
      const c = f.name('users');
      await f.put(c, 'id,name,age\n1,Ada,36\n2,Bob,41\n');
      expect(await f.csv().write(c, { name: 'Robert' }, 2)).toMatchObject({ success: true, documentId: '2', rowsUpdated: 1 });
      expect(await f.text(c)).toBe('id,name,age\n1,Ada,36\n2,Robert,\n');
      expect(await f.csv().write(c, { name: 'Cy', age: 29 }, 3)).toMatchObject({ rowsAdded: 1, rowsUpdated: 0 });
      expect(await f.csv().read(c, 3)).toEqual({ id: 3, name: 'Cy', age: 29 });
      expect(await f.csv().count(c)).toBe(3);
    });

    it('update with an id merges into the row, adds new columns, and inserts when absent', async () => {
      const c = f.name('users');
      await f.put(c, 'id,name\n1,Ada\n2,Bob\n');
      await f.csv().write(c, { email: 'ada@example.com' }, 1, { mode: WriteMode.UPDATE });
      expect(await f.csv().read(c, 1)).toEqual({ id: 1, name: 'Ada', email: 'ada@example.com' });
      expect(await f.csv().read(c, 2)).toEqual({ id: 2, name: 'Bob', email: null });
      await f.csv().write(c, { name: 'Cy' }, 'c-3', { mode: 'update' });
      expect(await f.csv().read(c, 'c-3')).toEqual({ id: 'c-3', name: 'Cy', email: null });
    });

    it('update without an id upserts every row by the id column', async () => {
      const c = f.name('users');
      await f.put(c, 'user_id,name,score\nu1,Ada,1\nu2,Bob,2\n');
      const result = await f.csv().write(c, [{ user_id: 'u2', score: 20 }, { user_id: 'u3', name: 'Cy' }], undefined, { mode: 'update' });
      expect(result).toMatchObject({ success: true, rowsUpdated: 1, rowsAdded: 1, ids: ['u2', 'u3'] });
      expect(await f.csv().read(c, undefined, { format: 'records' })).toEqual([
        { user_id: 'u1', name: 'Ada', score: 1 },
        { user_id: 'u2', name: 'Bob', score: 20 },
        { user_id: 'u3', name: 'Cy', score: null },
      ]);
      await rejectsWith(f.csv().write(c, [{ name: 'no id' }], undefined, { mode: 'update' }), 'INVALID_ARGUMENT');
    });

    it('append aligns rows by header and extends the header with new columns', async () => {
      const c = f.name('events');
      await f.put(c, 'id,kind\n1,start\n');
      await f.csv().write(c, [{ kind: 'stop', id: 2 }], undefined, { mode: 'append' });
      expect(await f.text(c)).toBe('id,kind\n1,start\n2,stop\n');
      await f.csv().write(c, { id: 3, detail: 'late' }, undefined, { mode: 'append' });
      expect(await f.text(c)).toBe('id,kind,detail\n1,start,\n2,stop,\n3,,late\n');
      await f.csv().write(c, { kind: 'again' }, 1, { mode: 'append' });
      expect(await f.csv().read(c, undefined, { format: 'records', query: { id: 1 } })).toHaveLength(2);
    });

    it('append creates a missing collection and continues a file without a final line break', async () => {
      const created = f.name('log');
      expect(await f.csv().write(created, [{ at: 1 }, { at: 2 }], undefined, { mode: 'append' })).toMatchObject({ createdNew: true, rowsAdded: 2 });
      expect(await f.text(created)).toBe('at\n1\n2\n');
      const open = f.name('open');
      await f.put(open, 'a,b\r\n1,2');
      await f.csv().write(open, { a: 3, b: 4 }, undefined, { mode: 'append' });
      expect(await f.text(open)).toBe('a,b\r\n1,2\r\n3,4\r\n');
    });

    it('accepts a data frame as data', async () => {
      const c = f.name('frame');
      await f.put(c, 'id,v\n1,a\n2,b\n');
      const frame = await f.csv().read(c, undefined, { format: 'dataframe' });
      const copy = f.name('copy');
      await f.csv().write(copy, frame!);
      expect(await f.text(copy)).toBe('id,v\n1,a\n2,b\n');
    });

    it('sets one column of a row with path', async () => {
      const c = f.name('users');
      await f.put(c, 'id,name\n1,Ada\n');
      await f.csv().write(c, 'ada@example.com', 1, { path: 'email' });
      expect(await f.csv().read(c, 1)).toEqual({ id: 1, name: 'Ada', email: 'ada@example.com' });
      await rejectsWith(f.csv().write(c, 'x', undefined, { path: 'email' }), 'INVALID_ARGUMENT');
    });

    it('refuses an unknown mode, a list written under one id, and an id that contradicts the row', async () => {
      const c = f.name('users');
      await f.put(c, 'id,name\n1,Ada\n');
      await rejectsWith(f.csv().write(c, { id: 2 }, undefined, { mode: 'merge' as never }), 'INVALID_ARGUMENT');
      await rejectsWith(f.csv().write(c, [{ name: 'a' }, { name: 'b' }], 5), 'INVALID_ARGUMENT');
      await rejectsWith(f.csv().write(c, { id: 2, name: 'x' }, 1), 'INVALID_ARGUMENT');
      expect(await f.text(c)).toBe('id,name\n1,Ada\n');
    });

    it('deletes every row with an id, reports a missing id as a failed result, and deletes whole collections', async () => {
      const c = f.name('users');
      await f.put(c, 'id,v\n1,a\n2,b\n1,c\n');
      expect(await f.csv().delete(c, '1')).toMatchObject({ success: true, rowsDeleted: 2, deletedIds: ['1', '1'] });
      expect(await f.text(c)).toBe('id,v\n2,b\n');
      const missing = await f.csv().delete(c, 42);
      expect(missing).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await f.text(c)).toBe('id,v\n2,b\n');
      expect(await f.csv().delete(c)).toMatchObject({ success: true });
      expect(await f.csv().exists(c)).toBe(false);
      expect(await f.csv().delete(c)).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await f.csv().delete(c, 2)).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    });

    it('deletes the rows a query selects', async () => {
      const c = f.name('users');
      await f.put(c, 'id,age\n1,20\n2,40\n3,60\n');
      expect(await f.csv().delete(c, undefined, { query: { age: { $gte: 40 } } })).toMatchObject({ success: true, rowsDeleted: 2, deletedIds: ['2', '3'] });
      expect(await f.csv().delete(c, undefined, { query: { age: 99 } })).toMatchObject({ success: true, rowsDeleted: 0 });
      expect(await f.text(c)).toBe('id,age\n1,20\n');
    });

    it('batch writes keep every item in one write and report refused items', async () => {
      const c = f.name('batch');
      await f.put(c, 'id,name\n1,Ada\n');
      const result = await f.csv().batchWrite(c, [
        { data: { name: 'Ada L.' }, documentId: 1 },
        { data: { id: 2, name: 'Bob' } },
        { data: 'not a row' as never },
        { data: { name: 'Cy' }, documentId: 3 },
        { data: [{ id: 9 }], mode: 'write' },
      ]);
      expect(result).toMatchObject({ success: false, operation: 'batch_write', rowsUpdated: 1, rowsAdded: 2, error: { code: 'INVALID_ARGUMENT' } });
      expect(result.data!.map((o) => o.success)).toEqual([true, true, false, true, false]);
      expect(await f.text(c)).toBe('id,name\n1,Ada L.\n2,Bob\n3,Cy\n');
      expect(await f.csv().batchWrite(c, [{ data: { id: 4 } }])).toMatchObject({ success: true, rowsAdded: 1 });
    });
  });
}
