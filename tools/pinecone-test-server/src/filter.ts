import { ApiError } from './errors';

/** A stored metadata value, as Pinecone accepts them: no null, lists of strings only. */
export type MetadataValue = string | number | boolean | string[];
export type Metadata = Record<string, MetadataValue>;

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(message: string): ApiError {
  return new ApiError(400, `Invalid filter: ${message}`);
}

/**
 * Checks a filter against Pinecone's documented language before any record is read: `$and`
 * and `$or` take lists of filters; `$eq`/`$ne` numbers, strings or booleans; `$gt $gte $lt
 * $lte` numbers only; `$in`/`$nin` lists of strings or numbers; `$exists` a boolean. Anything
 * else is a 400.
 */
export function checkFilter(filter: unknown, depth = 0): void {
  if (!isObject(filter)) throw bad('a filter must be a JSON object.');
  if (depth > 64) throw bad('the filter is nested too deeply.');
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw bad(`${key} takes a non-empty list of filters.`);
      for (const child of value) checkFilter(child, depth + 1);
      continue;
    }
    if (key.startsWith('$')) throw bad(`unknown operator ${key}.`);
    if (!isObject(value)) {
      checkOperand('$eq', value);
      continue;
    }
    const ops = Object.keys(value);
    if (ops.length === 0) throw bad(`the operator object of "${key}" is empty.`);
    for (const op of ops) {
      if (!OPERATORS.has(op)) throw bad(`unknown operator ${op}.`);
      checkOperand(op, value[op]);
    }
  }
}

function checkOperand(op: string, value: unknown): void {
  switch (op) {
    case '$eq':
    case '$ne':
      if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) throw bad(`${op} compares with a number, string or boolean.`);
      return;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${op} compares with a number.`);
      return;
    case '$in':
    case '$nin':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) throw bad(`${op} takes a list of strings or numbers.`);
      return;
    case '$exists':
      if (typeof value !== 'boolean') throw bad('$exists takes true or false.');
      return;
  }
}

/**
 * Whether a record's metadata matches a (checked) filter. A list field matches `$eq`/`$in`
 * when any element does, and `$ne`/`$nin` when none does. A missing field matches only
 * `{ $exists: false }`.
 */
export function matches(filter: Record<string, unknown>, metadata: Metadata): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      if (!(value as Array<Record<string, unknown>>).every((f) => matches(f, metadata))) return false;
    } else if (key === '$or') {
      if (!(value as Array<Record<string, unknown>>).some((f) => matches(f, metadata))) return false;
    } else {
      const ops = isObject(value) ? value : { $eq: value };
      const actual = Object.hasOwn(metadata, key) ? metadata[key] : undefined;
      for (const [op, arg] of Object.entries(ops)) if (!test(op, actual, arg)) return false;
    }
  }
  return true;
}

function test(op: string, actual: MetadataValue | undefined, arg: unknown): boolean {
  if (op === '$exists') return (actual !== undefined) === arg;
  if (actual === undefined) return false;
  const values: Array<string | number | boolean> = Array.isArray(actual) ? actual : [actual];
  switch (op) {
    case '$eq':
      return values.includes(arg as string);
    case '$ne':
      return !values.includes(arg as string);
    case '$in':
      return values.some((v) => (arg as unknown[]).includes(v));
    case '$nin':
      return !values.some((v) => (arg as unknown[]).includes(v));
    default: {
      if (typeof actual !== 'number') return false;
      const n = arg as number;
      return op === '$gt' ? actual > n : op === '$gte' ? actual >= n : op === '$lt' ? actual < n : actual <= n;
    }
  }
}
