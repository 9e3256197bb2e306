import { describe, expect, it } from 'vitest';
import { StorageError, applyQuery, compareValues, idsEqual, valuesEqual } from '../../src/index';

const rows = [
  { id: 1, name: 'Ada', age: 36, tags: ['math'], city: 'London' },
  { id: 2, name: 'Linus', age: '29', tags: ['kernel'], city: 'Portland' },
  { id: 3, name: 'Grace', age: 85, tags: ['navy', 'cobol'], city: null },
  { id: 4, name: 'Alan', age: 41, tags: [], city: 'London' },
];

describe('query engine', () => {
  it('applies equality, lists as "in", then sort, offset and limit in that order', () => {
    expect(applyQuery(rows, { city: 'London' }).map((r) => r.id)).toEqual([1, 4]);
    expect(applyQuery(rows, { id: [2, 3] }).map((r) => r.id)).toEqual([2, 3]);
    expect(applyQuery(rows, { sort: 'age', order: 'DESC', offset: 1, limit: 2 }).map((r) => r.id)).toEqual([4, 1]);
  });

  it('compares numbers and numeric strings as numbers', () => {
    expect(applyQuery(rows, { age: { $gt: 30, $lt: 50 } }).map((r) => r.id)).toEqual([1, 4]);
    expect(applyQuery(rows, { age: { $lte: '29' } }).map((r) => r.id)).toEqual([2]);
    expect(applyQuery(rows, { age: 29 }).map((r) => r.id)).toEqual([2]);
    expect(applyQuery(rows, { sort: 'age' }).map((r) => r.id)).toEqual([2, 1, 4, 3]);
  });

  it('supports $ne $in $nin $contains', () => {
    expect(applyQuery(rows, { city: { $ne: 'London' } }).map((r) => r.id)).toEqual([2, 3]);
    expect(applyQuery(rows, { name: { $in: ['Ada', 'Alan'] } }).map((r) => r.id)).toEqual([1, 4]);
    expect(applyQuery(rows, { name: { $nin: ['Ada', 'Alan'] } }).map((r) => r.id)).toEqual([2, 3]);
    expect(applyQuery(rows, { name: { $contains: 'la' } }).map((r) => r.id)).toEqual([4]);
    expect(applyQuery(rows, { tags: { $contains: 'cobol' } }).map((r) => r.id)).toEqual([3]);
    expect(applyQuery([{ n: 12345 }], { n: { $contains: 234 } })).toHaveLength(1);
  });

  it('keeps missing values last whichever the order', () => {
    expect(applyQuery(rows, { sort: 'city' }).map((r) => r.id)).toEqual([1, 4, 2, 3]);
    expect(applyQuery(rows, { sort: 'city', order: 'desc' }).map((r) => r.id)).toEqual([2, 1, 4, 3]);
  });

  it('never mutates the caller query and ignores fields outside knownFields', () => {
    const query = Object.freeze({ city: 'London', limit: 1, nosuch: 'x' });
    expect(applyQuery(rows, query, { knownFields: new Set(['city']) }).map((r) => r.id)).toEqual([1]);
    expect(query).toEqual({ city: 'London', limit: 1, nosuch: 'x' });
  });

  it('refuses malformed queries with INVALID_ARGUMENT', () => {
    const bad = [{ limit: -1 }, { offset: 1.5 }, { order: 'sideways' }, { age: { $near: 3 } }, { age: { $in: 3 } }];
    for (const q of bad) {
      try {
        applyQuery(rows, q);
        expect.unreachable(JSON.stringify(q));
      } catch (error) {
        expect(error).toBeInstanceOf(StorageError);
        expect((error as StorageError).code).toBe('INVALID_ARGUMENT');
      }
    }
    expect(() => applyQuery(rows, [] as never)).toThrow(StorageError);
  });

  it('treats ids and values loosely only between numbers and their text', () => {
    expect(idsEqual(123, '123')).toBe(true);
    expect(idsEqual('123', 123)).toBe(true);
    expect(idsEqual('abc', 'abc')).toBe(true);
    expect(idsEqual('0123', 'x')).toBe(false);
    expect(valuesEqual(true, 'true')).toBe(true);
    expect(valuesEqual({ a: 1 }, '[object Object]')).toBe(false);
    expect(compareValues(2, '10')).toBeLessThan(0);
  });
});
