// Files as the Python AgentMap and pandas write them read as they do there (see the README's
// "Moving from the Python AgentMap").
import { readFileSync } from 'node:fs';
import { createMemoryStore, textOf } from '@agentmap/storage-core';
import { type CsvWarning, createCsvStorage } from '@agentmap/storage-csv';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/python/${name}.csv`, import.meta.url));

async function serviceWith(...names: string[]) {
  const store = createMemoryStore();
  for (const name of names) await store.put(`${name}.csv`, fixture(name));
  const warnings: CsvWarning[] = [];
  const csv = createCsvStorage({ store }, { onWarning: (w) => warnings.push(w) });
  return { store, csv, warnings, text: async (name: string) => textOf((await store.get(`${name}.csv`)).body) };
}

describe('spaces after the delimiter', () => {
  it('reads trimmed header names and values, and a quoted field after spaces', async () => {
    const { csv } = await serviceWith('spaced');
    expect(await csv.read('spaced', 1)).toEqual({ id: 1, name: 'Ada', age: 36 });
    expect(await csv.read('spaced', 2)).toEqual({ id: 2, name: 'Smith, John', age: 41 });
    expect(await csv.read('spaced', 3)).toEqual({ id: 3, name: 'Cy', age: 29 });
    expect(await csv.read('spaced', undefined, { format: 'records', query: { name: 'Ada' } })).toEqual([{ id: 1, name: 'Ada', age: 36 }]);
  });

  it("keeps the file's own spacing when rewriting it, quoting what needs it", async () => {
    const { csv, text } = await serviceWith('spaced');
    await csv.write('spaced', { age: 37 }, 1, { mode: 'update' });
    await csv.write('spaced', [{ id: 4, name: ' padded ', age: 50 }], undefined, { mode: 'append' });
    expect(await text('spaced')).toBe('id, name, age\n1, Ada, 37\n2, "Smith, John", 41\n3, Cy, 29\n4, " padded ", 50\n');
    expect(await csv.read('spaced', 4)).toEqual({ id: 4, name: ' padded ', age: 50 });
  });

  it('reads files without spaces after the delimiter as they are (a leading space is data)', async () => {
    const { store, csv } = await serviceWith();
    await store.put('plain.csv', 'id,v\n1, x\n');
    expect(await csv.read('plain', 1)).toEqual({ id: 1, v: ' x' });
  });
});

describe("what pandas writes", () => {
  it('reads True / False as booleans, so queries and count find them, and writes them back as True / False', async () => {
    const { csv, text } = await serviceWith('pandas_booleans');
    expect(await csv.read('pandas_booleans', 1)).toEqual({ id: 1, name: 'Ada', active: true });
    expect(await csv.count('pandas_booleans', { active: true })).toBe(2);
    expect((await csv.read('pandas_booleans', undefined, { format: 'records', query: { active: false } }))!.map((r) => r.name)).toEqual(['Bob']);
    await csv.write('pandas_booleans', { active: true }, 2, { mode: 'update' });
    expect(await text('pandas_booleans')).toBe('id,name,active\n1,Ada,True\n2,Bob,True\n3,Cy,True\n');
  });

  it('finds 1.0 ids by their integer form, reads empty cells as missing, and keeps the float spelling when writing', async () => {
    const { csv, text } = await serviceWith('pandas_people');
    expect(await csv.read('pandas_people', '2')).toEqual({ id: 2, name: 'Bob', age: null, active: false });
    expect(await csv.read('pandas_people', 1)).toEqual({ id: 1, name: 'Ada', age: 36, active: true });
    expect(await csv.exists('pandas_people', '1.0')).toBe(true);
    await csv.write('pandas_people', { age: 42 }, 2, { mode: 'update' });
    expect(await text('pandas_people')).toBe('id,name,age,active\n1.0,Ada,36.0,True\n2.0,Bob,42.0,False\n,Nobody,29.0,True\n');
  });

  it('does not turn 007 or 1.50 into numbers', async () => {
    const { store, csv } = await serviceWith();
    await store.put('codes.csv', 'code_id,price\n007,1.50\n7.0,2.0\n');
    expect(await csv.read('codes', undefined, { format: 'records' })).toEqual([
      { code_id: '007', price: '1.50' },
      { code_id: 7, price: 2 },
    ]);
  });
});

describe('calls that differed', () => {
  it('says when a query filters on a column the table lacks (still ignored, as the original does)', async () => {
    const { csv, warnings } = await serviceWith('spaced');
    expect(await csv.read('spaced', undefined, { format: 'records', query: { nmae: 'Ada' } })).toHaveLength(3);
    expect(warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_COLUMN', collection: 'spaced', columns: ['nmae'] })]);
    expect(warnings[0]!.message).toMatch(/"nmae".*ignored/);
    await csv.count('spaced', { name: 'Ada', limit: 1 });
    expect(warnings).toHaveLength(1);
  });

  it('reads by id as one row or undefined, whatever the format', async () => {
    const { csv } = await serviceWith('spaced');
    expect(await csv.read('spaced', 1, { format: 'records' })).toEqual({ id: 1, name: 'Ada', age: 36 });
    expect(await csv.read('spaced', 9, { format: 'records' })).toBeUndefined();
  });

  it('checks the path in exists', async () => {
    const { csv } = await serviceWith('pandas_people');
    expect(await csv.exists('pandas_people', 1, { path: 'age' })).toBe(true);
    expect(await csv.exists('pandas_people', 2, { path: 'age' })).toBe(false);
    expect(await csv.exists('pandas_people', 1, { path: 'nosuch' })).toBe(false);
  });

  it('keeps limit 0 as no rows and a negative limit as an error (the original reads both as "no limit")', async () => {
    const { csv } = await serviceWith('spaced');
    expect(await csv.read('spaced', undefined, { format: 'records', query: { limit: 0 } })).toEqual([]);
    await expect(csv.read('spaced', undefined, { query: { limit: -1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
