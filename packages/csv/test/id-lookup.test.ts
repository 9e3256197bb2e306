// Reads by id go through an index and a per-header row template; both must answer exactly as
// a scan of the rows with idsEqual would, and hand out rows the caller may change freely.
import util from 'node:util';
import { type DocumentId, createMemoryStore, idsEqual } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createCsvStorage } from '../src/index';
import { idIndexOf } from '../src/table/id-index';
import type { Table } from '../src/table/table';
import type { CsvCell } from '../src/types';

const tableOf = (ids: CsvCell[]): Table => ({ columns: ['id', 'n'], rows: ids.map((id, i) => [id, i]), layout: { bom: false, eol: '\n' } });

function expectLikeScan(ids: CsvCell[], requests: DocumentId[]): void {
  const table = tableOf(ids);
  const index = idIndexOf(table, 0);
  const idOf = (row: number) => table.rows[row]![0]!;
  for (const id of requests) {
    const scan = ids.flatMap((cell, row) => (idsEqual(cell, id) ? [row] : []));
    expect(index.find(id, idOf), `find ${JSON.stringify(id)}`).toEqual(scan);
    expect(index.first(id, idOf), `first ${JSON.stringify(id)}`).toBe(scan[0] ?? -1);
  }
}

describe('the id index', () => {
  it('finds whole-number ids in a narrow range, with gaps and repeats, as a scan does', () => {
    const ids: CsvCell[] = Array.from({ length: 500 }, (_, i) => (i % 7 === 3 ? null : 1 + (i % 450)));
    const requests: DocumentId[] = [0, 1, 2, 3, 4, 50, 449, 450, 451, 1000, -1, 2.5, '1', '01', '1.0', ' 7', '7 ', 'x', '', 'NaN', 'Infinity', 1e20];
    expectLikeScan(ids, requests);
  });

  it('finds ids far from zero, negative ids, -0 and ids outside the range the index expected', () => {
    const ids: CsvCell[] = [1_000_000, 1_000_003, -5, 0, 1_000_001, 1e15, 1_000_003, 2.5, -0, '1000002', '007', 'abc', true, '1e3', 1000];
    const requests: DocumentId[] = [1_000_000, '1000000', 1_000_003, 1_000_002, '1000002', '1000002.0', -5, '-5', 0, -0, '0', '-0', 1e15, '1e15', 2.5, '2.5', 7, '7', '007', 'abc', 'true', 1000, '1e3', '1000'];
    expectLikeScan(ids, requests);
  });

  it('finds ids in a narrow range far from zero through the direct lookup, and numbers outside it', () => {
    const ids: CsvCell[] = Array.from({ length: 300 }, (_, i) => (i % 11 === 5 ? String(1_000_000 + i) : 1_000_000 + (i % 290)));
    const index = idIndexOf(tableOf(ids), 0) as unknown as { byNumber: { dense?: Int32Array } };
    expect(index.byNumber.dense).toBeInstanceOf(Int32Array);
    const requests: DocumentId[] = [1_000_000, '1000000', 1_000_005, '1000005', '1000005.0', 1_000_289, 1_000_290, 1_000_299, 1_000_300, 999_999, 0, -1, 1_000_000.5];
    expectLikeScan(ids, requests);
  });

  it('finds text ids and ids that mix text and numbers', () => {
    const ids: CsvCell[] = ['a', 'b', '10', 10, 'a', '010', 'B', '1e1', ' 10', null, 'ä'];
    const requests: DocumentId[] = ['a', 'A', 'b', 'B', 10, '10', '10.0', '010', '1e1', ' 10', 'ä', 'x'];
    expectLikeScan(ids, requests);
  });
});

describe('reads by id', () => {
  it('hand out fresh rows: changing one changes neither the cache nor the next read', async () => {
    const csv = createCsvStorage({ store: createMemoryStore() });
    await csv.write('users', [
      { id: 1, name: 'Ada', age: 36 },
      { id: 2, name: 'Bob' },
    ]);
    const row = (await csv.read('users', 1)) as Record<string, unknown>;
    row.name = 'changed';
    row.extra = true;
    delete row.age;
    expect(await csv.read('users', 1)).toEqual({ id: 1, name: 'Ada', age: 36 });
    expect(await csv.read('users', 2)).toEqual({ id: 2, name: 'Bob', age: null });
    const records = (await csv.read('users', undefined, { format: 'records' })) as Array<Record<string, unknown>>;
    records[0]!.id = 99;
    expect(await csv.read('users', 1)).toEqual({ id: 1, name: 'Ada', age: 36 });
  });

  it('keep a column named __proto__ as a plain value, never as the row prototype', async () => {
    const store = createMemoryStore();
    await store.put('odd.csv', 'id,__proto__,constructor\n1,x,y\n2,,\n');
    const csv = createCsvStorage({ store });
    const row = (await csv.read('odd', 1)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(['id', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('x');
    const empty = (await csv.read('odd', 2)) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(empty, '__proto__')?.value).toBeNull();
    expect(Object.getPrototypeOf(empty)).toBe(Object.prototype);
    const records = (await csv.read('odd', undefined, { format: 'records' })) as Array<Record<string, unknown>>;
    expect(records.map((r) => [Object.getPrototypeOf(r) === Object.prototype, Object.getOwnPropertyDescriptor(r, '__proto__')?.value])).toEqual([
      [true, 'x'],
      [true, null],
    ]);
  });

  it('build whole tables of plain objects, short rows filled with null', async () => {
    const store = createMemoryStore();
    await store.put('t.csv', 'id,a,b\n1,x,\n2,,y\n');
    const csv = createCsvStorage({ store });
    const records = (await csv.read('t', undefined, { format: 'records' })) as Array<Record<string, unknown>>;
    expect(records).toEqual([
      { id: 1, a: 'x', b: null },
      { id: 2, a: null, b: 'y' },
    ]);
    for (const row of records) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(row.constructor).toBe(Object);
      expect(util.inspect(row)).toMatch(/^\{ id:/);
    }
    expect(await csv.read('t')).toEqual({ 0: { id: 1, a: 'x', b: null }, 1: { id: 2, a: null, b: 'y' } });
  });

  it('are ABORTED when the signal fired, even when no store call is needed', async () => {
    const csv = createCsvStorage({ store: createMemoryStore() });
    await csv.write('users', [{ id: 1 }]);
    await csv.read('users', 1);
    const signal = AbortSignal.abort();
    await expect(csv.read('users', 1, { signal })).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(csv.exists('users', 1, { signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('with cacheSize: 0, read the store every time, even one that vouches for its etags', async () => {
    const store = createMemoryStore();
    let gets = 0;
    const get = store.get.bind(store);
    store.get = (key, options) => {
      gets++;
      return get(key, options);
    };
    const csv = createCsvStorage({ store }, { cacheSize: 0 });
    await csv.write('users', [{ id: 1 }, { id: 2 }]);
    const before = gets;
    for (let i = 0; i < 3; i++) await csv.read('users', 2);
    expect(gets - before).toBe(3);
  });
});
