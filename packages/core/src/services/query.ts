import { StorageError } from '../errors/storage-error';
import type { FilterOperators, Query } from '../spec/service';

/** Keys of a {@link Query} that control paging and order instead of filtering. */
export const QUERY_CONTROL_KEYS = ['limit', 'offset', 'sort', 'order'] as const;

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$contains']);

/** A compiled query: a predicate plus the ordering and paging to apply after it. */
export interface CompiledQuery<T> {
  filter: (item: T) => boolean;
  /** True when the query has at least one filter. */
  filtered: boolean;
  sort?: string;
  descending: boolean;
  offset: number;
  limit?: number;
}

/** How to read a field from an item (rows are flat; documents may use dot paths). */
export type FieldGetter<T> = (item: T, field: string) => unknown;

const defaultGetter: FieldGetter<unknown> = (item, field) =>
  item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;

/**
 * Compiles a query once. Never mutates the caller's object. Options `knownFields`: filters
 * on fields outside it are ignored, as AgentMap does for unknown CSV columns.
 */
export function compileQuery<T>(
  query: Query | undefined,
  options: { get?: FieldGetter<T>; knownFields?: ReadonlySet<string> } = {},
): CompiledQuery<T> {
  const get = (options.get ?? defaultGetter);
  if (query !== undefined && (query === null || typeof query !== 'object' || Array.isArray(query))) {
    throw new StorageError('INVALID_ARGUMENT', `A query must be an object like { status: 'active', limit: 10 }; got ${Array.isArray(query) ? 'an array' : typeof query}.`);
  }
  const q = query ?? {};
  const tests: Array<(item: T) => boolean> = [];
  for (const [field, expected] of Object.entries(q)) {
    if ((QUERY_CONTROL_KEYS as readonly string[]).includes(field) || expected === undefined) continue;
    if (options.knownFields && !options.knownFields.has(field)) continue;
    tests.push(fieldTest(field, expected, get));
  }
  const limit = q.limit === undefined || q.limit === null ? undefined : nonNegativeInt(q.limit, 'limit');
  const offset = q.offset === undefined || q.offset === null ? 0 : nonNegativeInt(q.offset, 'offset');
  const order = q.order === undefined ? 'asc' : String(q.order).toLowerCase();
  if (order !== 'asc' && order !== 'desc') {
    throw new StorageError('INVALID_ARGUMENT', `query.order must be "asc" or "desc" (any case); got ${JSON.stringify(q.order)}.`);
  }
  if (q.sort !== undefined && typeof q.sort !== 'string') {
    throw new StorageError('INVALID_ARGUMENT', `query.sort must be a field name; got ${typeof q.sort}.`);
  }
  return {
    filter: tests.length === 0 ? () => true : (item) => tests.every((t) => t(item)),
    filtered: tests.length > 0,
    ...(q.sort ? { sort: q.sort } : {}),
    descending: order === 'desc',
    offset,
    ...(limit === undefined ? {} : { limit }),
  };
}

/** Filter, sort, offset, limit, in that order. Returns a new array. */
export function applyQuery<T>(items: Iterable<T>, query: Query | undefined, options: { get?: FieldGetter<T>; knownFields?: ReadonlySet<string> } = {}): T[] {
  const compiled = compileQuery<T>(query, options);
  return runCompiled(items, compiled, (options.get ?? defaultGetter));
}

/** Applies an already compiled query. */
export function runCompiled<T>(items: Iterable<T>, compiled: CompiledQuery<T>, get: FieldGetter<T> = defaultGetter): T[] {
  let out: T[] = [];
  for (const item of items) if (compiled.filter(item)) out.push(item);
  if (compiled.sort !== undefined) {
    const field = compiled.sort;
    const sign = compiled.descending ? -1 : 1;
    // Decorate once so the comparator does not re-read fields (stable sort keeps ties in order).
    const decorated = out.map((item) => ({ item, value: get(item, field) }));
    // Missing values go last in both directions, as pandas and SQL's NULLS LAST do.
    decorated.sort((a, b) => (isMissing(a.value) || isMissing(b.value) ? compareValues(a.value, b.value) : sign * compareValues(a.value, b.value)));
    out = decorated.map((d) => d.item);
  }
  const end = compiled.limit === undefined ? undefined : compiled.offset + compiled.limit;
  return compiled.offset === 0 && end === undefined ? out : out.slice(compiled.offset, end);
}

/** Total order used for sorting: missing values last, numbers numerically, then strings. */
export function compareValues(a: unknown, b: unknown): number {
  const aMissing = isMissing(a);
  const bMissing = isMissing(b);
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // A number and a numeric string compare as numbers; other mixes put numbers first, so
  // a column mixing both still sorts in one consistent order.
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : numericText(a);
    const y = typeof b === 'number' ? b : numericText(b);
    if (x !== undefined && y !== undefined) return x - y;
    return x !== undefined ? -1 : 1;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const sa = textOf(a);
  const sb = textOf(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

/** The number a string spells exactly (`"30"`, `"2.5"`), else undefined. */
function numericText(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** Loose equality used by filters: `30` equals `"30"`, otherwise strict. */
export function valuesEqual(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || actual === undefined || expected === null || expected === undefined) return false;
  if (typeof actual === 'number' || typeof expected === 'number') {
    const a = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
    const e = typeof expected === 'number' ? expected : typeof expected === 'string' && expected.trim() !== '' ? Number(expected) : NaN;
    return !Number.isNaN(a) && a === e;
  }
  if (typeof actual === 'boolean' || typeof expected === 'boolean') return textOf(actual) === textOf(expected);
  return false;
}

function fieldTest<T>(field: string, expected: unknown, get: FieldGetter<T>): (item: T) => boolean {
  if (Array.isArray(expected)) return (item) => expected.some((e) => valuesEqual(get(item, field), e));
  if (isOperatorObject(expected)) {
    const checks = Object.entries(expected).map(([op, arg]) => operatorTest(field, op, arg));
    return (item) => {
      const value = get(item, field);
      return checks.every((c) => c(value));
    };
  }
  return (item) => valuesEqual(get(item, field), expected);
}

function isOperatorObject(value: unknown): value is FilterOperators {
  if (value === null || typeof value !== 'object' || value instanceof Date) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function operatorTest(field: string, op: string, arg: unknown): (value: unknown) => boolean {
  if (!OPERATORS.has(op)) {
    throw new StorageError('INVALID_ARGUMENT', `Unknown operator ${op} on "${field}"; use one of ${[...OPERATORS].join(' ')}.`);
  }
  const ordered = (test: (c: number) => boolean) => (value: unknown) => !isMissing(value) && !isMissing(arg) && test(compareValues(value, arg));
  switch (op) {
    case '$eq':
      return (v) => valuesEqual(v, arg);
    case '$ne':
      return (v) => !valuesEqual(v, arg);
    case '$gt':
      return ordered((c) => c > 0);
    case '$gte':
      return ordered((c) => c >= 0);
    case '$lt':
      return ordered((c) => c < 0);
    case '$lte':
      return ordered((c) => c <= 0);
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg)) throw new StorageError('INVALID_ARGUMENT', `${op} on "${field}" needs a list of values.`);
      const inList = (v: unknown) => arg.some((e) => valuesEqual(v, e));
      return op === '$in' ? inList : (v) => !inList(v);
    }
    default: // $contains: a substring of text (numbers as their text), or an element of a list
      return (v) =>
        Array.isArray(v)
          ? v.some((e) => valuesEqual(e, arg))
          : (typeof v === 'string' || typeof v === 'number') && (typeof arg === 'string' || typeof arg === 'number') && String(v).includes(String(arg));
  }
}


function nonNegativeInt(value: unknown, name: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new StorageError('INVALID_ARGUMENT', `query.${name} must be a non-negative integer; got ${JSON.stringify(value)}.`);
  }
  return n;
}

/** A value's text for comparisons: objects as JSON rather than "[object Object]". */
export function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
