import { StorageError } from '@agentmap/storage-core';
import type { FilterOperatorName } from '../spec/vector-store';
import type { ComparisonOperator, FilterNode } from './types';

const COMPARISONS: ReadonlySet<string> = new Set<ComparisonOperator>(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$all', '$regex', '$contains']);
const MAX_DEPTH = 32;
const MAX_LIST = 10_000;
const MAX_FIELD = 256;

/**
 * Parses and checks a filter once, for every database. A malformed filter (unknown operator,
 * wrong argument type, NaN, too deep) is `INVALID_ARGUMENT` naming the path of the problem.
 * `undefined` or `{}` parse to `undefined`: no filter.
 */
export function parseFilter(filter: unknown, provider?: string): FilterNode | undefined {
  if (filter === undefined || filter === null) return undefined;
  const node = parseObject(filter, 'filter', 0, provider);
  return node.kind === 'and' && node.nodes.length === 0 ? undefined : node;
}

/** Every operator a parsed filter uses (`$eq` for plain `{ field: value }`, `$in` for lists). */
export function operatorsOf(node: FilterNode | undefined, into = new Set<FilterOperatorName>()): Set<FilterOperatorName> {
  if (!node) return into;
  switch (node.kind) {
    case 'compare':
      into.add(node.op);
      break;
    case 'not':
      into.add('$not');
      operatorsOf(node.node, into);
      break;
    default:
      if (node.kind !== 'and' || node.nodes.length > 1) into.add(`$${node.kind}`);
      for (const child of node.nodes) operatorsOf(child, into);
  }
  return into;
}

/** `UNSUPPORTED` naming the operators the database cannot express, so a filter is never ignored. */
export function assertSupported(node: FilterNode | undefined, supported: readonly FilterOperatorName[], provider: string): void {
  const missing = [...operatorsOf(node)].filter((op) => !supported.includes(op));
  if (missing.length > 0) {
    throw new StorageError('UNSUPPORTED', `${provider} cannot filter with ${missing.join(', ')}; it supports ${supported.join(' ')}. Rewrite the filter with those operators.`, {
      provider,
    });
  }
}

function bad(path: string, what: string, provider?: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `${path}: ${what}`, { provider });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function parseObject(filter: unknown, path: string, depth: number, provider?: string): FilterNode {
  if (depth > MAX_DEPTH) throw bad(path, `a filter may nest at most ${MAX_DEPTH} levels deep.`, provider);
  if (!isPlainObject(filter)) throw bad(path, `expected a filter object like { category: 'tech' }; got ${describe(filter)}.`, provider);
  const nodes: FilterNode[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    const at = `${path}.${key}`;
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value) || value.length === 0) throw bad(at, `${key} needs a non-empty list of filters.`, provider);
      if (value.length > MAX_LIST) throw bad(at, `${key} may hold at most ${MAX_LIST} filters.`, provider);
      nodes.push({ kind: key.slice(1) as 'and' | 'or' | 'nor', nodes: value.map((child, i) => parseObject(child, `${at}[${i}]`, depth + 1, provider)) });
    } else if (key === '$not') {
      nodes.push({ kind: 'not', node: parseObject(value, at, depth + 1, provider) });
    } else if (key.startsWith('$')) {
      throw bad(at, `unknown logical operator ${key}; use $and, $or, $nor or $not, or put field operators under a field name.`, provider);
    } else {
      checkField(key, at, provider);
      nodes.push(parseField(key, value, at, depth + 1, provider));
    }
  }
  return nodes.length === 1 ? nodes[0]! : { kind: 'and', nodes };
}

function checkField(field: string, path: string, provider?: string): void {
  if (field.length === 0 || field.length > MAX_FIELD) throw bad(path, `a field name must have 1 to ${MAX_FIELD} characters.`, provider);
  if (/[\u0000-\u001f]/.test(field)) throw bad(path, 'a field name may not contain control characters.', provider);
}

function parseField(field: string, value: unknown, path: string, depth: number, provider?: string): FilterNode {
  if (Array.isArray(value)) return { kind: 'compare', field, op: '$in', value: scalarList(value, path, provider) };
  if (!isPlainObject(value)) return { kind: 'compare', field, op: '$eq', value: scalar(value, path, provider) };
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) throw bad(path, 'an operator object needs at least one operator, such as { $gt: 3 }.', provider);
  const nodes: FilterNode[] = [];
  for (const op of keys) {
    const arg = value[op];
    const at = `${path}.${op}`;
    if (op === '$not') {
      if (!isPlainObject(arg)) throw bad(at, '$not wraps an operator object, as in { year: { $not: { $lt: 2020 } } }.', provider);
      if (depth > MAX_DEPTH) throw bad(at, `a filter may nest at most ${MAX_DEPTH} levels deep.`, provider);
      nodes.push({ kind: 'not', node: parseField(field, arg, at, depth + 1, provider) });
      continue;
    }
    if (!COMPARISONS.has(op)) {
      throw bad(at, `unknown operator ${op}; use one of ${[...COMPARISONS].join(' ')} or $not.`, provider);
    }
    nodes.push({ kind: 'compare', field, op: op as ComparisonOperator, value: operand(op as ComparisonOperator, arg, at, provider) });
  }
  return nodes.length === 1 ? nodes[0]! : { kind: 'and', nodes };
}

function operand(op: ComparisonOperator, arg: unknown, path: string, provider?: string): unknown {
  switch (op) {
    case '$eq':
    case '$ne':
      return scalar(arg, path, provider);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if ((typeof arg === 'number' && Number.isFinite(arg)) || typeof arg === 'string') return arg;
      throw bad(path, `${op} compares with a finite number or a string; got ${describe(arg)}.`, provider);
    case '$in':
    case '$nin':
      if (!Array.isArray(arg)) throw bad(path, `${op} needs a list of values.`, provider);
      return scalarList(arg, path, provider);
    case '$all': {
      if (!Array.isArray(arg) || arg.length === 0) throw bad(path, '$all needs a non-empty list of values.', provider);
      const list = scalarList(arg, path, provider);
      if (list.includes(null)) throw bad(path, '$all cannot look for null.', provider);
      return list;
    }
    case '$exists':
      if (typeof arg !== 'boolean') throw bad(path, `$exists takes true or false; got ${describe(arg)}.`, provider);
      return arg;
    case '$regex':
      if (typeof arg !== 'string' || arg.length === 0 || arg.length > 1000) throw bad(path, '$regex takes a pattern string of 1 to 1000 characters.', provider);
      try {
        new RegExp(arg, 'u');
      } catch {
        throw bad(path, `$regex: ${JSON.stringify(arg.slice(0, 80))} is not a valid regular expression.`, provider);
      }
      return arg;
    case '$contains': {
      const value = scalar(arg, path, provider);
      if (value === null) throw bad(path, '$contains cannot look for null; use { $exists: false }.', provider);
      return value;
    }
  }
}

function scalar(value: unknown, path: string, provider?: string): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw bad(path, `filter values must be finite numbers; got ${String(value)}.`, provider);
    return value;
  }
  throw bad(path, `expected a string, number, boolean or null; got ${describe(value)}.`, provider);
}

function scalarList(values: readonly unknown[], path: string, provider?: string): Array<string | number | boolean | null> {
  if (values.length > MAX_LIST) throw bad(path, `a list may hold at most ${MAX_LIST} values.`, provider);
  return values.map((v, i) => scalar(v, `${path}[${i}]`, provider));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return String(value);
  return typeof value;
}
