import { createMemoryStore, createStorageRouter, textOf } from '@agentmap/storage-core';
import { createCsvStorage, detectIdField, inferCell } from '@agentmap/storage-csv';
import { describe, expect, it } from 'vitest';

describe('where collections live', () => {
  it('addresses collections as URIs through a router', async () => {
    const router = createStorageRouter();
    const csv = createCsvStorage({ router });
    await csv.write('memory://tables/users.csv', [{ id: 1, name: 'Ada' }]);
    expect(await csv.read('memory://tables/users.csv', 1)).toEqual({ id: 1, name: 'Ada' });
    const { store, key } = router.resolve('memory://tables/users.csv');
    expect(textOf((await store.get(key)).body)).toBe('id,name\n1,Ada\n');
    await router.close();
  });

  it('keeps plain names in its store and URIs in the router when given both, under a prefix', async () => {
    const store = createMemoryStore();
    const router = createStorageRouter();
    const csv = createCsvStorage({ store, router }, { prefix: 'tables' });
    await csv.write('local-name', { id: 1 });
    await csv.write('memory://elsewhere/remote.csv', { id: 2 });
    expect((await store.head('tables/local-name.csv'))?.size).toBeGreaterThan(0);
    expect(await csv.listCollections()).toEqual(['local-name']);
    expect(await csv.read('memory://elsewhere/remote.csv', 2)).toEqual({ id: 2 });
    await router.close();
  });

  it('needs a store or a router', () => {
    expect(() => createCsvStorage({})).toThrow(/store/);
  });
});

describe('public helpers', () => {
  it('detectIdField follows the reference order', () => {
    expect(detectIdField(['name', 'Id', 'user_id'])).toBe('Id');
    expect(detectIdField(['name', 'Customer_ID', 'order_id', 'id_x'])).toBe('Customer_ID');
    expect(detectIdField(['id_code', 'x'])).toBe('id_code');
    expect(detectIdField(['identity', 'uuid', 'ID2'])).toBeUndefined();
  });

  it('inferCell is the typing rule reads apply', () => {
    expect([inferCell('12'), inferCell('012'), inferCell('true'), inferCell('True'), inferCell(''), inferCell('NaN'), inferCell('2.0'), inferCell('TRUE')]).toEqual([
      12,
      '012',
      true,
      true,
      null,
      null,
      2,
      'TRUE',
    ]);
  });
});
