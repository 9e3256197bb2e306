// A rewrite that changes rows in place keeps every other byte of the file as it was.
import { createMemoryStore, textOf } from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { describe, expect, it } from 'vitest';

describe('rewriting only what changed', () => {
  it("keeps untouched rows byte for byte (the file's own quoting included) and reads back what was written", async () => {
    const store = createMemoryStore();
    const file = '\uFEFF"id","name","note"\r\n"1","Ada","x, y"\r\n2,Bob,"multi\nline"\r\n"3","Cy",plain\r\n';
    await store.put('people.csv', file);
    const csv = createCsvStorage({ store });
    await csv.write('people', { name: 'Bobby "B"' }, 2, { mode: 'update' });
    const text = Buffer.from((await store.get('people.csv')).body).toString('utf8');
    expect(text).toBe('\uFEFF"id","name","note"\r\n"1","Ada","x, y"\r\n2,"Bobby ""B""","multi\nline"\r\n"3","Cy",plain\r\n');
    // Edits after the first splice land on the right rows, from the cache and from a fresh parse.
    await csv.write('people', { note: 'changed' }, 3, { mode: 'update' });
    await csv.write('people', { note: 'first' }, 1, { mode: 'update' });
    expect(Buffer.from((await store.get('people.csv')).body).toString('utf8')).toBe('\uFEFF"id","name","note"\r\n1,Ada,first\r\n2,"Bobby ""B""","multi\nline"\r\n3,Cy,changed\r\n');
    const expected = [
      { id: 1, name: 'Ada', note: 'first' },
      { id: 2, name: 'Bobby "B"', note: 'multi\nline' },
      { id: 3, name: 'Cy', note: 'changed' },
    ];
    expect(await csv.read('people', undefined, { format: 'records' })).toEqual(expected);
    expect(await createCsvStorage({ store }).read('people', undefined, { format: 'records' })).toEqual(expected);
  });

  it('writes the whole table when a column is added or a row removed', async () => {
    const store = createMemoryStore();
    await store.put('t.csv', '"id","v"\n"1","a"\n"2","b"\n');
    const csv = createCsvStorage({ store });
    await csv.write('t', { w: 1 }, 1, { mode: 'update' });
    expect(textOf((await store.get('t.csv')).body)).toBe('id,v,w\n1,a,1\n2,b,\n');
  });
});
