import type { VectorMetadata } from '../spec/vector-store';
import type { FilterNode } from './types';

/**
 * The meaning of the filter language, as a predicate over a record's metadata. The local
 * index filters with it and the conformance suite checks every database against it.
 *
 * - `$eq`/`$ne`/`$in`/`$nin` compare scalars strictly (`30` is not `"30"`); a missing field
 *   matches `$ne`, `$nin` and `{ $eq: null }`, as in MongoDB.
 * - `$gt $gte $lt $lte` compare numbers with numbers and strings with strings; other pairs never match.
 * - `$contains` matches an element of a list, or a substring of a string.
 * - `$all` matches a list holding every value given. `$regex` tests strings (JavaScript syntax, `u` flag).
 * - `$not` matches whatever its operand does not, missing fields included.
 */
export function evaluateFilter(node: FilterNode | undefined, metadata: VectorMetadata): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'and':
      return node.nodes.every((n) => evaluateFilter(n, metadata));
    case 'or':
      return node.nodes.some((n) => evaluateFilter(n, metadata));
    case 'nor':
      return !node.nodes.some((n) => evaluateFilter(n, metadata));
    case 'not':
      return !evaluateFilter(node.node, metadata);
    case 'compare':
      return compare(node.op, Object.hasOwn(metadata, node.field) ? metadata[node.field] : undefined, node.value);
  }
}

/** Compiles a filter once into a predicate (the local index runs it per record). */
export function compileFilter(node: FilterNode | undefined): (metadata: VectorMetadata) => boolean {
  if (!node) return () => true;
  return (metadata) => evaluateFilter(node, metadata);
}

const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    if (regexCache.size > 256) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function compare(op: string, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case '$eq':
      return expected === null ? !present(actual) : actual === expected;
    case '$ne':
      return expected === null ? present(actual) : actual !== expected;
    case '$in':
      return (expected as unknown[]).some((e) => (e === null ? !present(actual) : actual === e));
    case '$nin':
      return !(expected as unknown[]).some((e) => (e === null ? !present(actual) : actual === e));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
      const a = actual;
      const e = expected as number | string;
      return op === '$gt' ? a > e : op === '$gte' ? a >= e : op === '$lt' ? a < e : a <= e;
    }
    case '$exists':
      return present(actual) === expected;
    case '$all':
      return Array.isArray(actual) && (expected as unknown[]).every((e) => actual.includes(e));
    case '$contains':
      if (Array.isArray(actual)) return actual.includes(expected);
      return typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
    case '$regex':
      return typeof actual === 'string' && regex(expected as string).test(actual);
    default:
      return false;
  }
}
