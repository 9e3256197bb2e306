import { describe, expect, it } from 'vitest';
import { type SuiteContext, rejectsWith } from '../context';

/** Smart id detection, `idField`, numeric/string equivalence, and no row-position fallback. */
export function idSection(f: SuiteContext): void {
  describe('ids', () => {
    it('detects "id" in any case before "*_id" and "id_*" columns', async () => {
      const c = f.name('complex');
      await f.put(c, 'record_id,user_id,ID,data\nR001,U001,1,first\nR002,U002,2,second\n');
      expect(await f.csv().read(c, 1)).toEqual({ record_id: 'R001', user_id: 'U001', ID: 1, data: 'first' });
      expect(await f.csv().read(c, 'R002')).toBeUndefined();
    });

    it('falls back to the first "*_id" column in column order, case-insensitively, then "id_*"', async () => {
      const orders = f.name('orders');
      await f.put(orders, 'name,Customer_ID,order_id\nWidget,C1,ORD001\n');
      expect(await f.csv().read(orders, 'C1')).toMatchObject({ order_id: 'ORD001' });
      const tagged = f.name('tagged');
      await f.put(tagged, 'label,id_code\nx,K9\n');
      expect(await f.csv().read(tagged, 'K9')).toEqual({ label: 'x', id_code: 'K9' });
    });

    it('does not take identity, uuid or ID2 for an id column, and says how to name one', async () => {
      const c = f.name('noid');
      await f.put(c, 'identity,uuid,ID2\na,b,c\n');
      const error = await rejectsWith(f.csv().read(c, 'a'), 'INVALID_ARGUMENT');
      expect(error.message).toMatch(/"identity", "uuid", "ID2"/);
      expect(error.message).toMatch(/idField/);
    });

    it('reads by a business key with idField, and refuses an idField that is not a column', async () => {
      const c = f.name('products');
      await f.put(c, 'sku,name,price\nWIDGET001,Widget,9.5\nGADGET7,Gadget,20\n');
      expect(await f.csv().read(c, 'WIDGET001', { idField: 'sku' })).toEqual({ sku: 'WIDGET001', name: 'Widget', price: 9.5 });
      await rejectsWith(f.csv().read(c, 'WIDGET001', { idField: 'SKU' }), 'INVALID_ARGUMENT');
      expect(await f.service({ idField: 'sku' }).read(c, 'GADGET7')).toMatchObject({ price: 20 });
    });

    it('finds the same row for 123, "123" and "123.0", and never treats an id as a row position', async () => {
      const c = f.name('users');
      await f.put(c, 'id,name\n10,ten\n123,Ada\n7,seven\n');
      expect(await f.csv().read(c, 123)).toEqual({ id: 123, name: 'Ada' });
      expect(await f.csv().read(c, '123')).toEqual({ id: 123, name: 'Ada' });
      expect(await f.csv().read(c, '123.0')).toEqual({ id: 123, name: 'Ada' });
      expect(await f.csv().read(c, 1)).toBeUndefined();
      expect(await f.csv().read(c, 0)).toBeUndefined();
      expect(await f.csv().exists(c, '7')).toBe(true);
      expect(await f.csv().exists(c, 2)).toBe(false);
    });

    it('matches text ids exactly and keeps zero-padded ids apart', async () => {
      const c = f.name('codes');
      await f.put(c, 'code_id,label\n007,bond\n7,seven\nabc,letters\n');
      expect(await f.csv().read(c, '007')).toEqual({ code_id: '007', label: 'bond' });
      expect(await f.csv().read(c, '7')).toEqual({ code_id: 7, label: 'seven' });
      expect(await f.csv().read(c, 7)).toEqual({ code_id: '007', label: 'bond' });
      expect(await f.csv().read(c, undefined, { format: 'records', query: { code_id: 7 } })).toEqual([
        { code_id: '007', label: 'bond' },
        { code_id: 7, label: 'seven' },
      ]);
      expect(await f.csv().read(c, 'ABC')).toBeUndefined();
      expect(await f.csv().read(c, 'abc', { format: 'records' })).toEqual({ code_id: 'abc', label: 'letters' });
    });

    it('returns the first of duplicate ids in every format, and all of them to a query', async () => {
      const c = f.name('dupes');
      await f.put(c, 'id,v\n1,a\n2,b\n1,c\n');
      expect(await f.csv().read(c, 1)).toEqual({ id: 1, v: 'a' });
      expect(await f.csv().read(c, 1, { format: 'records' })).toEqual({ id: 1, v: 'a' });
      expect(await f.csv().read(c, 9, { format: 'records' })).toBeUndefined();
      expect(await f.csv().read(c, undefined, { format: 'records', query: { id: 1 } })).toEqual([
        { id: 1, v: 'a' },
        { id: 1, v: 'c' },
      ]);
    });

    it('refuses ids that are neither strings nor finite numbers', async () => {
      const c = f.name('users');
      await f.put(c, 'id\n1\n');
      await rejectsWith(f.csv().read(c, { id: 1 } as never), 'INVALID_ARGUMENT');
      await rejectsWith(f.csv().read(c, Number.NaN), 'INVALID_ARGUMENT');
    });
  });
}
