import { describe, expect, it } from 'vitest';
import { assertStringRangesKept, assertSupported, evaluateFilter, operatorsOf, parseFilter, stringRangeOf } from '../src/index';
import { codeOf } from './helpers';

const doc = { category: 'tech', year: 2021, tags: ['ai', 'db'], title: 'Vector search', draft: false };

describe('the filter language', () => {
  it.each([
    [{ category: 'tech' }, true],
    [{ category: 'art' }, false],
    [{ year: '2021' }, false], // strict: a string never equals a number
    [{ year: [2020, 2021] }, true],
    [{ year: { $gte: 2021, $lt: 2022 } }, true],
    [{ year: { $gt: '2000' } }, false],
    [{ missing: { $ne: 'x' } }, true],
    [{ missing: { $nin: ['x'] } }, true],
    [{ missing: null }, true],
    [{ missing: { $exists: false } }, true],
    [{ tags: { $all: ['db', 'ai'] } }, true],
    [{ tags: { $all: ['db', 'ml'] } }, false],
    [{ tags: { $contains: 'ai' } }, true],
    [{ title: { $contains: 'search' } }, true],
    [{ title: { $regex: '^Vec' } }, true],
    [{ draft: false }, true],
    [{ $or: [{ category: 'art' }, { year: 2021 }] }, true],
    [{ $nor: [{ category: 'art' }, { year: 2021 }] }, false],
    [{ $not: { category: 'tech' } }, false],
    [{ missing: { $not: { $gt: 3 } } }, true],
  ])('%j matches: %s', (filter, expected) => {
    expect(evaluateFilter(parseFilter(filter), doc)).toBe(expected);
  });

  it('refuses malformed filters with INVALID_ARGUMENT naming the path', async () => {
    for (const bad of [{ a: { $near: 1 } }, { $xor: [] }, { a: { $in: 'x' } }, { a: { $gt: Infinity } }, { a: { $regex: '(' } }, { a: { b: 1 } }, [1], { a: { $exists: 'yes' } }, { a: { $not: 3 } }]) {
      expect(await codeOf(() => parseFilter(bad)), JSON.stringify(bad)).toBe('INVALID_ARGUMENT');
    }
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 40; i++) deep = { $and: [deep] };
    expect(await codeOf(() => parseFilter(deep))).toBe('INVALID_ARGUMENT');
  });

  it('lists the operators a filter uses, and refuses those a database lacks with UNSUPPORTED', async () => {
    const node = parseFilter({ $or: [{ a: 1 }, { b: { $regex: 'x' } }], c: [1, 2] });
    expect([...operatorsOf(node)].sort()).toEqual(['$and', '$eq', '$in', '$or', '$regex']);
    expect(await codeOf(() => assertSupported(node, ['$eq', '$in', '$or', '$and'], 'somedb'))).toBe('UNSUPPORTED');
    expect(() => assertSupported(node, ['$eq', '$in', '$or', '$and', '$regex'], 'somedb')).not.toThrow();
  });

  it('treats an empty filter as none', () => {
    expect(parseFilter({})).toBeUndefined();
    expect(parseFilter(undefined)).toBeUndefined();
  });
});

describe('string bounds', () => {
  it('finds the first comparison with a string bound, through $not and the logical operators', () => {
    expect(stringRangeOf(parseFilter({ year: { $gt: 2020 }, tags: ['a'] }))).toBeUndefined();
    expect(stringRangeOf(parseFilter({ $or: [{ n: 1 }, { $not: { d: { $lte: '2024' } } }] }))).toEqual({ field: 'd', op: '$lte' });
    expect(stringRangeOf(parseFilter({ d: { $eq: '2024' } }))).toBeUndefined();
    expect(stringRangeOf(undefined)).toBeUndefined();
  });

  it('refuses a string bound in a collection without order keys, naming the collection', async () => {
    const range = stringRangeOf(parseFilter({ d: { $gte: '2024' } }));
    expect(() => assertStringRangesKept(range, true, 'c', 'p')).not.toThrow();
    expect(() => assertStringRangesKept(undefined, false, 'c', 'p')).not.toThrow();
    expect(await codeOf(() => assertStringRangesKept(range, false, 'docs', 'p'))).toBe('UNSUPPORTED');
    expect(() => assertStringRangesKept(range, false, 'docs', 'p')).toThrow(/^p compares strings with \$gte \(on "d"\) only in collections made with stringRanges: true.*"docs" was made without them/);
  });
});
