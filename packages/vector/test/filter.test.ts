import { describe, expect, it } from 'vitest';
import { assertSupported, evaluateFilter, operatorsOf, parseFilter } from '../src/index';
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
