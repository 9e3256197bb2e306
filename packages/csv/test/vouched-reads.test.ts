import { createMemoryStore } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createCsvStorage } from '../src/index';

describe('reads from a store that vouches for its etags', () => {
  it('serve the parsed table without a head, and still see every write at once', async () => {
    const store = createMemoryStore();
    let heads = 0;
    const head = store.head.bind(store);
    store.head = (key, options) => {
      heads++;
      return head(key, options);
    };
    const writer = createCsvStorage({ store });
    const reader = createCsvStorage({ store });
    await writer.write('people', [{ id: '1', name: 'Ada' }, { id: '2', name: 'Alan' }]);
    expect(await reader.read('people', '1')).toMatchObject({ name: 'Ada' });
    const before = heads;
    for (let i = 0; i < 100; i++) await reader.read('people', '2');
    expect(heads).toBe(before);

    // Another service instance writes: the next read sees it, strongly consistent as before.
    await writer.write('people', { name: 'Grace' }, '2', { mode: 'update' });
    expect(await reader.read('people', '2')).toMatchObject({ name: 'Grace' });
    await store.put('people.csv', 'id,name\n2,Barbara\n');
    expect(await reader.read('people', '2')).toMatchObject({ name: 'Barbara' });
    await store.delete('people.csv');
    expect(await reader.read('people', '2')).toBeUndefined();
  });
});
