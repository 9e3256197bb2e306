import { StorageError } from '@agentmap/storage-core';
import type { FilterNode, FilterOperatorName } from '@agentmap/storage-vector';
import { TYPE_KEYS, valueKeys } from './records';

/**
 * The operators Pinecone can express with the meaning of our filter language. Pinecone has no
 * `$not`/`$nor`: they are pushed down to the comparisons (De Morgan), which all have exact
 * negations here. `$regex` and `$contains` (substring) have no Pinecone counterpart, and
 * `$gt $gte $lt $lte` compare numbers only (a string bound is `UNSUPPORTED`).
 */
export const PINECONE_OPERATORS: readonly FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all'];

/** A Pinecone filter, or a constant when the filter is decided without looking at records. */
export type PineconeFilter = Record<string, unknown>;
export type Compiled = PineconeFilter | boolean;

type Scalar = string | number | boolean | null;

function and(parts: Compiled[]): Compiled {
  const kept: PineconeFilter[] = [];
  for (const p of parts) {
    if (p === false) return false;
    if (p !== true) kept.push(p);
  }
  if (kept.length === 0) return true;
  return kept.length === 1 ? kept[0]! : { $and: kept };
}

function or(parts: Compiled[]): Compiled {
  const kept: PineconeFilter[] = [];
  for (const p of parts) {
    if (p === true) return true;
    if (p !== false) kept.push(p);
  }
  if (kept.length === 0) return false;
  return kept.length === 1 ? kept[0]! : { $or: kept };
}

/** `key` holds a value matching `op`, or (negated) does not: a missing key matches the negation. */
function atom(key: string, op: '$eq' | '$in' | '$gt' | '$gte' | '$lt' | '$lte', value: unknown, negated: boolean): Compiled {
  if (!negated) return { [key]: { [op]: value } };
  const inverse = { $eq: '$ne', $in: '$nin', $gt: '$lte', $gte: '$lt', $lt: '$gte', $lte: '$gt' }[op];
  return { $or: [{ [key]: { [inverse]: value } }, { [key]: { $exists: false } }] };
}

/** The field holds some non-null value (or, negated, is missing or null). */
function present(field: string, negated: boolean): Compiled {
  const keys = valueKeys(field);
  return negated ? and(keys.map((k) => ({ [k]: { $exists: false } }))) : or(keys.map((k) => ({ [k]: { $exists: true } })));
}

function typeKey(value: string | number | boolean): string {
  return typeof value === 'string' ? TYPE_KEYS.string : typeof value === 'number' ? TYPE_KEYS.number : TYPE_KEYS.boolean;
}

/** `field` equals one of `values` (null: missing or null), or negated none of them. */
function oneOf(field: string, values: readonly Scalar[], negated: boolean): Compiled {
  const parts: Compiled[] = [];
  const strings = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
  const numbers = [...new Set(values.filter((v): v is number => typeof v === 'number'))];
  const booleans = [...new Set(values.filter((v): v is boolean => typeof v === 'boolean'))];
  if (strings.length === 1) parts.push(atom(TYPE_KEYS.string + field, '$eq', strings[0], negated));
  else if (strings.length > 1) parts.push(atom(TYPE_KEYS.string + field, '$in', strings, negated));
  if (numbers.length === 1) parts.push(atom(TYPE_KEYS.number + field, '$eq', numbers[0], negated));
  else if (numbers.length > 1) parts.push(atom(TYPE_KEYS.number + field, '$in', numbers, negated));
  for (const b of booleans) parts.push(atom(TYPE_KEYS.boolean + field, '$eq', b, negated));
  if (values.includes(null)) parts.push(present(field, !negated));
  return negated ? and(parts) : or(parts);
}

/** A list field holding `value` (lists of numbers and booleans are stored as text). */
function listHolds(field: string, value: string | number | boolean, negated: boolean): Compiled {
  const key = (typeof value === 'string' ? TYPE_KEYS.stringList : typeof value === 'number' ? TYPE_KEYS.numberList : TYPE_KEYS.booleanList) + field;
  return atom(key, '$in', [String(value)], negated);
}

function compare(node: Extract<FilterNode, { kind: 'compare' }>, negated: boolean): Compiled {
  const { field, op, value } = node;
  switch (op) {
    case '$eq':
      return oneOf(field, [value as Scalar], negated);
    case '$ne':
      return oneOf(field, [value as Scalar], !negated);
    case '$in':
      return oneOf(field, value as Scalar[], negated);
    case '$nin':
      return oneOf(field, value as Scalar[], !negated);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (typeof value !== 'number') {
        throw new StorageError('UNSUPPORTED', `pinecone compares only numbers with ${op}; filter.${field} compares with a string. Store the value as a number, or filter with $eq/$in.`, { provider: 'pinecone' });
      }
      return atom(typeKey(value) + field, op, value, negated);
    case '$exists':
      return present(field, value === negated);
    case '$all': {
      const parts = (value as Array<string | number | boolean>).map((v) => listHolds(field, v, negated));
      return negated ? or(parts) : and(parts);
    }
    default:
      throw new StorageError('UNSUPPORTED', `pinecone cannot filter with ${op}; it supports ${PINECONE_OPERATORS.join(' ')}.`, { provider: 'pinecone' });
  }
}

/**
 * Compiles a parsed filter to Pinecone's filter language with the meaning of ours. `$not` and
 * `$nor` are pushed down to the comparisons; each comparison reads only the key of the type it
 * compares (see `TYPE_KEYS`), so a negation ("not equal", "not below") also matches records
 * whose field is missing or of another type, as the language says. The result is `true` or
 * `false` when the filter is decided without reading any record (`$in: []`).
 */
export function compilePinecone(node: FilterNode, negated = false): Compiled {
  switch (node.kind) {
    case 'and':
      return negated ? or(node.nodes.map((n) => compilePinecone(n, true))) : and(node.nodes.map((n) => compilePinecone(n, false)));
    case 'or':
      return negated ? and(node.nodes.map((n) => compilePinecone(n, true))) : or(node.nodes.map((n) => compilePinecone(n, false)));
    case 'nor':
      return negated ? or(node.nodes.map((n) => compilePinecone(n, false))) : and(node.nodes.map((n) => compilePinecone(n, true)));
    case 'not':
      return compilePinecone(node.node, !negated);
    case 'compare':
      return compare(node, negated);
  }
}
