import { isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { checkRecords, checkVector, checkVectorValues } from '../src/index';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isStorageError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return undefined;
};

describe('vector validation', () => {
  it('keeps the caller\'s numbers beside the float32 copy, read once', () => {
    const given = [0.1, -2.5, 1e-40, 3];
    const { vector, values } = checkVectorValues(given, 'p', 'v');
    expect(values).toEqual(given);
    expect(values).not.toBe(given);
    expect([...vector]).toEqual(given.map(Math.fround));
    expect(checkVectorValues(new Float64Array([0.1, 0.2]), 'p', 'v').values).toEqual([0.1, 0.2]);
    let reads = 0;
    const shifty = new Proxy([1, 2, 3], { get: (target, key, receiver) => (key === '1' ? (reads++ === 0 ? 2 : Number.NaN) : Reflect.get(target, key, receiver)) });
    expect(checkVectorValues(shifty, 'p', 'v').values).toEqual([1, 2, 3]);
  });

  it('refuses what it refused before, with the same messages', () => {
    expect(codeOf(() => checkVector([1, Number.NaN], 'p', 'v'))).toBe('INVALID_ARGUMENT: v[1] must be a finite number; got NaN.');
    expect(codeOf(() => checkVector([Number.NEGATIVE_INFINITY], 'p', 'v'))).toBe('INVALID_ARGUMENT: v[0] must be a finite number; got -Infinity.');
    expect(codeOf(() => checkVector([1e39], 'p', 'v'))).toBe('INVALID_ARGUMENT: v[0] is too large for a 32-bit float.');
    expect(codeOf(() => checkVector([1, '2'], 'p', 'v'))).toBe('INVALID_ARGUMENT: v[1] must be a finite number; got string.');
    expect(codeOf(() => checkVector([1, 2], 'p', 'v', 3))).toMatch(/^INVALID_ARGUMENT: v has 2 dimensions/);
    expect(codeOf(() => checkVectorValues([], 'p', 'v'))).toMatch(/^INVALID_ARGUMENT: v must have 1 to/);
    expect(codeOf(() => checkRecords([{ id: 'a', vector: [1] }, { id: 'b', vector: [1, 2] }], 'p', undefined, { values: true }))).toMatch(/records\[1\]\.vector has 2 dimensions/);
  });

  it('refuses a "__proto__" metadata field instead of dropping it', () => {
    const metadata = JSON.parse('{"ok": 1, "__proto__": ["a"]}') as Record<string, unknown>;
    expect(codeOf(() => checkRecords([{ id: 'a', vector: [1], metadata }], 'p'))).toMatch(/^INVALID_ARGUMENT: records\[0\]\.metadata: the field name "__proto__" is not allowed/);
  });

  it('gives records their values only when asked', () => {
    const records = [{ id: 'a', vector: [0.1, 0.2], text: 't', metadata: { k: 1 } }];
    expect(checkRecords(records, 'p')[0]).not.toHaveProperty('values');
    const [checked] = checkRecords(records, 'p', 2, { values: true });
    expect(checked).toMatchObject({ id: 'a', text: 't', metadata: { k: 1 }, values: [0.1, 0.2] });
    expect(checked!.values).not.toBe(records[0]!.vector);
  });

  it('keeps every record\'s vector apart in a large batch, and refuses holes', () => {
    const records = Array.from({ length: 150 }, (_, i) => ({ id: `r${i}`, vector: [i, i + 0.1, -i] }));
    const checked = checkRecords(records, 'p', undefined, { values: true });
    checked.forEach((record, i) => {
      expect([...record.vector]).toEqual([i, Math.fround(i + 0.1), -i]);
      expect(record.values).toEqual([i, i + 0.1, -i]);
    });
    expect(codeOf(() => checkRecords([{ id: 'a', vector: [1, , 3] }], 'p', undefined, { values: true }))).toBe('INVALID_ARGUMENT: records[0].vector[1] must be a finite number; got undefined.');
  });
});
