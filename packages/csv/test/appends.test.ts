// An append writes only its new rows and leaves the joined row list for the next read to
// build; whatever comes after (reads, more appends, updates, deletes, other writers) must see
// every row in file order, and the cached table must match the file.
import { createMemoryStore, textOf } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createCsvStorage } from '../src/index';

describe('appends in a row', () => {
  it('keep every row in order through many appends, reads between some of them, updates and deletes', async () => {
    const store = createMemoryStore();
    const csv = createCsvStorage({ store });
    await csv.write('log', [{ id: 1, v: 'a' }]);
    let next = 1;
    // More appends than the row list is left unjoined for, with reads joining it now and then.
    for (let round = 0; round < 150; round++) {
      const rows = [{ id: ++next, v: `r${round}` }, { id: ++next, v: `s${round}` }];
      expect((await csv.write('log', rows, undefined, { mode: 'append' })).success).toBe(true);
      if (round % 70 === 69) expect(await csv.read('log', next)).toEqual({ id: next, v: `s${round}` });
    }
    expect(await csv.count('log')).toBe(next);
    expect(await csv.read('log', 2)).toEqual({ id: 2, v: 'r0' });
    expect(await csv.read('log', next - 1)).toEqual({ id: next - 1, v: 'r149' });

    // An update and a delete after appends, and appends after them.
    expect((await csv.write('log', { v: 'changed' }, 100, { mode: 'update' })).success).toBe(true);
    await csv.write('log', [{ id: ++next, v: 'after-update' }], undefined, { mode: 'append' });
    expect((await csv.delete('log', 3)).success).toBe(true);
    await csv.write('log', [{ id: ++next, v: 'after-delete' }], undefined, { mode: 'append' });

    const expected = ['id,v', '1,a'];
    for (let id = 2, round = 0; round < 150; round++, id += 2) expected.push(`${id},${id === 100 ? 'changed' : `r${round}`}`, `${id + 1},s${round}`);
    expected.splice(expected.indexOf('3,s0'), 1);
    expected.push(`${next - 1},after-update`, `${next},after-delete`);
    expect(textOf((await store.get('log.csv')).body)).toBe(`${expected.join('\n')}\n`);

    // A fresh service parses the file; the cached table must say the same.
    const records = await csv.read('log', undefined, { format: 'records' });
    expect(records).toEqual(await createCsvStorage({ store }, { cacheSize: 0 }).read('log', undefined, { format: 'records' }));
    expect(records).toHaveLength(expected.length - 1);
  });

  it('see rows another writer added between them', async () => {
    const store = createMemoryStore();
    const mine = createCsvStorage({ store });
    const theirs = createCsvStorage({ store });
    await mine.write('log', [{ id: 1 }]);
    await mine.write('log', [{ id: 2 }], undefined, { mode: 'append' });
    await theirs.write('log', [{ id: 3 }], undefined, { mode: 'append' });
    await mine.write('log', [{ id: 4 }], undefined, { mode: 'append' });
    expect((await mine.read('log', undefined, { format: 'records' }))?.map((row) => row.id)).toEqual([1, 2, 3, 4]);
    expect(await theirs.read('log', 4)).toEqual({ id: 4 });
  });
});
