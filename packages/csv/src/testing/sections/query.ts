import { describe, expect, it } from 'vitest';
import { type SuiteContext, rejectsWith } from '../context';

const PEOPLE = 'id,name,age,active,city\n1,Ada,36,true,Paris\n2,Bob,41,false,Lima\n3,Cy,29,true,Paris\n4,Di,,true,Oslo\n5,Ed,52,false,Paris\n';

/** Read formats, queries (equality, lists, operators, sort/order/offset/limit) and count. */
export function querySection(f: SuiteContext): void {
  describe('formats and queries', () => {
    it('reads a whole collection as { rowIndex: row } by default, as records, or as a data frame', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      const dict = await f.csv().read(c);
      expect(Object.keys(dict!)).toEqual(['0', '1', '2', '3', '4']);
      expect(dict!['3']).toEqual({ id: 4, name: 'Di', age: null, active: true, city: 'Oslo' });
      const records = await f.csv().read(c, undefined, { format: 'records' });
      expect(records!.map((r) => r.name)).toEqual(['Ada', 'Bob', 'Cy', 'Di', 'Ed']);
      const frame = await f.csv().read(c, undefined, { format: 'dataframe' });
      expect(frame!.numRows()).toBe(5);
      expect(frame!.columnNames()).toEqual(['id', 'name', 'age', 'active', 'city']);
      expect(frame!.objects()[1]).toEqual({ id: 2, name: 'Bob', age: 41, active: false, city: 'Lima' });
    });

    it('keeps header order in a data frame even for numeric-looking column names', async () => {
      const c = f.name('years');
      await f.put(c, 'country,2024,2023\nFR,3,2\n');
      const frame = await f.csv().read(c, undefined, { format: 'dataframe', query: { country: 'FR' } });
      expect(frame!.columnNames()).toEqual(['country', '2024', '2023']);
    });

    it('hands out rows the caller may change without changing what later reads return', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      const row = await f.csv().read(c, 1);
      row!.name = 'changed';
      const records = await f.csv().read(c, undefined, { format: 'records' });
      records![0]!.name = 'changed too';
      expect(await f.csv().read(c, 1)).toMatchObject({ name: 'Ada' });
    });

    it('filters by equality and by lists, ignoring unknown columns, keeping file positions as dict keys', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      expect(await f.csv().read(c, undefined, { query: { city: 'Paris', active: true } })).toEqual({
        '0': { id: 1, name: 'Ada', age: 36, active: true, city: 'Paris' },
        '2': { id: 3, name: 'Cy', age: 29, active: true, city: 'Paris' },
      });
      const names = await f.csv().read(c, undefined, { format: 'records', query: { name: ['Bob', 'Ed', 'Zed'], nosuchcolumn: 1 } });
      expect(names!.map((r) => r.id)).toEqual([2, 5]);
      expect(await f.csv().read(c, undefined, { format: 'records', query: { age: '41' } })).toHaveLength(1);
    });

    it('compares with $gt $gte $lt $lte $ne $in $nin $contains', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      const ids = async (query: Record<string, unknown>) => (await f.csv().read(c, undefined, { format: 'records', query }))!.map((r) => r.id);
      expect(await ids({ age: { $gt: 36 } })).toEqual([2, 5]);
      expect(await ids({ age: { $gte: 36, $lt: 52 } })).toEqual([1, 2]);
      expect(await ids({ age: { $lte: 29 } })).toEqual([3]);
      expect(await ids({ city: { $ne: 'Paris' } })).toEqual([2, 4]);
      expect(await ids({ id: { $in: [1, '4'] } })).toEqual([1, 4]);
      expect(await ids({ city: { $nin: ['Paris', 'Oslo'] } })).toEqual([2]);
      expect(await ids({ name: { $contains: 'd' } })).toEqual([1, 5]);
      await rejectsWith(f.csv().read(c, undefined, { query: { age: { $between: [1, 2] } } }), 'INVALID_ARGUMENT');
    });

    it('applies filter, then sort (order in any case; empty cells last when ascending), then offset, then limit', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      const names = async (query: Record<string, unknown>) => (await f.csv().read(c, undefined, { format: 'records', query }))!.map((r) => r.name);
      expect(await names({ sort: 'age' })).toEqual(['Cy', 'Ada', 'Bob', 'Ed', 'Di']);
      expect(await names({ sort: 'name', order: 'DESC', offset: 1, limit: 2 })).toEqual(['Di', 'Cy']);
      expect(await names({ city: 'Paris', sort: 'name', order: 'desc', limit: 2 })).toEqual(['Ed', 'Cy']);
      expect(await names({ offset: 4 })).toEqual(['Ed']);
      await rejectsWith(f.csv().read(c, undefined, { query: { limit: -1 } }), 'INVALID_ARGUMENT');
      await rejectsWith(f.csv().read(c, undefined, { query: { order: 'sideways' } }), 'INVALID_ARGUMENT');
    });

    it('counts with the same query, and counts 0 for a missing collection', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      expect(await f.csv().count(c)).toBe(5);
      expect(await f.csv().count(c, { city: 'Paris' })).toBe(3);
      expect(await f.csv().count(c, { age: { $gt: 30 }, limit: 2 })).toBe(2);
      expect(await f.csv().count(f.name('missing'))).toBe(0);
    });

    it('returns undefined for a missing collection, a missing id and a missing column path', async () => {
      const c = f.name('people');
      await f.put(c, PEOPLE);
      expect(await f.csv().read(f.name('missing'))).toBeUndefined();
      expect(await f.csv().read(f.name('missing'), 1)).toBeUndefined();
      expect(await f.csv().read(c, 99)).toBeUndefined();
      expect(await f.csv().read(c, 2, { path: 'city' })).toBe('Lima');
      expect(await f.csv().read(c, 2, { path: 'nope' })).toBeUndefined();
      expect(await f.csv().read(c, undefined, { query: { city: 'Rome' } })).toEqual({});
      await rejectsWith(f.csv().read(c, undefined, { format: 'xml' as never }), 'INVALID_ARGUMENT');
      await rejectsWith(f.csv().read(c, undefined, { path: 'city' }), 'INVALID_ARGUMENT');
    });

    it('lists collections under its prefix and tells whether one exists', async () => {
      const c = f.name('listed');
      await f.put(c, 'id\n1\n');
      await f.store().put(f.key(c).replace(/\.csv$/, '.txt'), 'not a table');
      expect(await f.csv().listCollections()).toContain(c);
      expect(await f.csv().listCollections()).not.toContain(`${c}.txt`);
      expect(await f.csv().exists(c)).toBe(true);
      expect(await f.csv().exists(f.name('missing'))).toBe(false);
    });
  });
}
