import { formatError } from './errors';
import { parsePointId, keyOf, type StoredPoint } from './model';

/**
 * Qdrant's payload filter (schema `Filter`), checked against one point: `must` (all),
 * `should` (at least one; an empty list restricts nothing), `must_not` (none), `min_should`
 * (at least `min_count`), each holding one `Condition` or a list of them. Conditions are
 * field conditions (`match`, `range`, `values_count`, `is_empty`/`is_null` flags), `is_empty`,
 * `is_null`, `has_id`, `has_vector` and nested filters. Without payload indexes, as here,
 * `match.text` is a substring test.
 */
export type Predicate = (point: StoredPoint) => boolean;

const FILTER_KEYS = new Set(['must', 'should', 'must_not', 'min_should']);

export function compileQdrantFilter(filter: unknown, where = 'filter'): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw formatError(`${where}: expected a Filter object`);
  for (const key of Object.keys(filter)) if (!FILTER_KEYS.has(key)) throw formatError(`${where}: unknown field \`${key}\`, expected one of \`should\`, \`min_should\`, \`must\`, \`must_not\``);
  const f = filter as Record<string, unknown>;
  const list = (value: unknown, at: string): Predicate[] | undefined => {
    if (value === undefined || value === null) return undefined;
    return (Array.isArray(value) ? value : [value]).map((c, i) => compileCondition(c, `${at}[${i}]`));
  };
  const must = list(f.must, `${where}.must`);
  const should = list(f.should, `${where}.should`);
  const mustNot = list(f.must_not, `${where}.must_not`);
  let minShould: { conditions: Predicate[]; min: number } | undefined;
  if (f.min_should !== undefined && f.min_should !== null) {
    const m = f.min_should as Record<string, unknown>;
    if (typeof m !== 'object' || !Array.isArray(m.conditions) || typeof m.min_count !== 'number' || !Number.isInteger(m.min_count) || m.min_count < 0) {
      throw formatError(`${where}.min_should: expected { conditions: [...], min_count: unsigned integer }`);
    }
    minShould = { conditions: m.conditions.map((c, i) => compileCondition(c, `${where}.min_should.conditions[${i}]`)), min: m.min_count };
  }
  return (point) =>
    (!must || must.every((p) => p(point))) &&
    (!should || should.length === 0 || should.some((p) => p(point))) &&
    (!mustNot || !mustNot.some((p) => p(point))) &&
    (!minShould || minShould.conditions.filter((p) => p(point)).length >= minShould.min);
}

/** The values a key path reaches: `a.b` walks objects, `a[]` flattens arrays, and a final array yields its elements. */
export function valuesAt(payload: Record<string, unknown>, key: string | readonly string[]): unknown[] {
  let current: unknown[] = [payload];
  for (const raw of typeof key === 'string' ? splitPath(key) : key) {
    const flatten = raw.endsWith('[]');
    const name = flatten ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const value of current) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      if (!Object.hasOwn(value, name)) continue;
      const v = (value as Record<string, unknown>)[name];
      if (flatten && Array.isArray(v)) next.push(...(v as unknown[]));
      else next.push(v);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
}

/** Splits `a.b."c.d"` into `a`, `b`, `c.d`. */
function splitPath(key: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of key) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** The raw value at a path, for `is_empty`/`is_null`, which look at the field itself rather than its elements. */
function rawAt(payload: Record<string, unknown>, key: string | readonly string[]): { found: boolean; value: unknown } {
  let value: unknown = payload;
  for (const name of typeof key === 'string' ? splitPath(key) : key) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, name)) return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[name];
  }
  return { found: true, value };
}

function isEmptyAt(point: StoredPoint, key: string | readonly string[]): boolean {
  const { found, value } = rawAt(point.payload, key);
  return !found || value === null || (Array.isArray(value) && value.length === 0);
}

function isNullAt(point: StoredPoint, key: string | readonly string[]): boolean {
  const { found, value } = rawAt(point.payload, key);
  return found && value === null;
}

function payloadKey(value: unknown, where: string): string {
  if (typeof value !== 'object' || value === null || typeof (value as { key?: unknown }).key !== 'string') throw formatError(`${where}: expected { key: "field" }`);
  return (value as { key: string }).key;
}

function compileCondition(condition: unknown, where: string): Predicate {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) throw formatError(`${where}: expected a Condition object`);
  const c = condition as Record<string, unknown>;
  if ('key' in c) return compileFieldCondition(c, where);
  if ('is_empty' in c) {
    const key = splitPath(payloadKey(c.is_empty, `${where}.is_empty`));
    return (p) => isEmptyAt(p, key);
  }
  if ('is_null' in c) {
    const key = splitPath(payloadKey(c.is_null, `${where}.is_null`));
    return (p) => isNullAt(p, key);
  }
  if ('has_id' in c) {
    if (!Array.isArray(c.has_id)) throw formatError(`${where}.has_id: expected a list of point ids`);
    const ids = new Set(c.has_id.map((id, i) => keyOf(parsePointId(id, `${where}.has_id[${i}]`))));
    return (p) => ids.has(keyOf(p.id));
  }
  if ('has_vector' in c) {
    if (typeof c.has_vector !== 'string') throw formatError(`${where}.has_vector: expected a vector name`);
    const name = c.has_vector;
    return (p) => p.vectors.has(name);
  }
  if ('nested' in c) throw formatError(`${where}.nested: nested object filters are not served by this test server`);
  return compileQdrantFilter(c, where);
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function compileFieldCondition(c: Record<string, unknown>, where: string): Predicate {
  if (typeof c.key !== 'string' || c.key.length === 0) throw formatError(`${where}.key: expected a payload key`);
  // Parsed once per request, as Qdrant does, not once per point.
  const key = splitPath(c.key);
  const checks: Predicate[] = [];
  if (c.match !== undefined && c.match !== null) checks.push(compileMatch(key, c.match, `${where}.match`));
  if (c.range !== undefined && c.range !== null) {
    const r = c.range as Record<string, unknown>;
    const bounds: Array<[string, (v: number, b: number) => boolean]> = [
      ['lt', (v, b) => v < b],
      ['gt', (v, b) => v > b],
      ['gte', (v, b) => v >= b],
      ['lte', (v, b) => v <= b],
    ];
    const active: Array<[number, (v: number, b: number) => boolean]> = [];
    for (const [name, test] of bounds) {
      const b = r[name];
      if (b === undefined || b === null) continue;
      if (typeof b !== 'number' || !Number.isFinite(b)) throw formatError(`${where}.range.${name}: expected a number (datetime ranges are not served by this test server)`);
      active.push([b, test]);
    }
    checks.push((p) => valuesAt(p.payload, key).some((v) => typeof v === 'number' && active.every(([b, test]) => test(v, b))));
  }
  if (c.values_count !== undefined && c.values_count !== null) {
    const r = c.values_count as Record<string, unknown>;
    checks.push((p) => {
      const n = valuesAt(p.payload, key).length;
      return (r.lt == null || n < (r.lt as number)) && (r.gt == null || n > (r.gt as number)) && (r.gte == null || n >= (r.gte as number)) && (r.lte == null || n <= (r.lte as number));
    });
  }
  if (c.is_empty === true || c.is_empty === false) {
    const want = c.is_empty;
    checks.push((p) => isEmptyAt(p, key) === want);
  }
  if (c.is_null === true || c.is_null === false) {
    const want = c.is_null;
    checks.push((p) => isNullAt(p, key) === want);
  }
  for (const geo of ['geo_bounding_box', 'geo_radius', 'geo_polygon']) {
    if (c[geo] !== undefined && c[geo] !== null) throw formatError(`${where}.${geo}: geo conditions are not served by this test server`);
  }
  if (checks.length === 0) throw formatError(`${where}: at least one field condition must be specified (match, range, values_count, is_empty, is_null…)`);
  return (p) => checks.every((check) => check(p));
}

function compileMatch(key: readonly string[], match: unknown, where: string): Predicate {
  if (typeof match !== 'object' || match === null) throw formatError(`${where}: expected a Match object`);
  const m = match as Record<string, unknown>;
  if ('value' in m) {
    const want = m.value;
    if (typeof want === 'string' || typeof want === 'boolean') return (p) => valuesAt(p.payload, key).some((v) => v === want);
    if (isInteger(want)) return (p) => valuesAt(p.payload, key).some((v) => isInteger(v) && v === want);
    throw formatError(`${where}.value: expected a string, an integer or a boolean`);
  }
  if ('any' in m || 'except' in m) {
    const list = 'any' in m ? m.any : m.except;
    if (!Array.isArray(list) || !(list.every((v) => typeof v === 'string') || list.every(isInteger))) {
      throw formatError(`${where}: expected a list of strings or a list of integers`);
    }
    const set = new Set<unknown>(list);
    const hit = (v: unknown) => (typeof v === 'string' || isInteger(v)) && set.has(v);
    if ('any' in m) return (p) => valuesAt(p.payload, key).some(hit);
    // Qdrant: `except` matches a field holding at least one value outside the list, and a missing field.
    return (p) => {
      const values = valuesAt(p.payload, key);
      return values.length === 0 || values.some((v) => !hit(v));
    };
  }
  for (const kind of ['text', 'phrase', 'text_any'] as const) {
    if (!(kind in m)) continue;
    const text = m[kind];
    if (typeof text !== 'string') throw formatError(`${where}.${kind}: expected a string`);
    // Without a full-text index Qdrant compares by substring.
    const parts = kind === 'text_any' ? text.split(/\s+/).filter(Boolean) : [text];
    return (p) => valuesAt(p.payload, key).some((v) => typeof v === 'string' && parts.some((part) => v.includes(part)));
  }
  throw formatError(`${where}: expected one of value, any, except, text, phrase, text_any`);
}
