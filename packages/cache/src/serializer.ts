import { StorageError } from '@agentmap/storage-core';

/**
 * A value the cache stores: JSON values, plus `Uint8Array`, `Date`, `Map` and `Set`, nested
 * in any combination. Object properties that are `undefined` are dropped, as JSON drops them.
 */
export type CacheValue = unknown;

/**
 * A value after {@link encodeValue}: plain JSON, except that bytes are a `Buffer`, which
 * keyv's default serializer writes as base64 and reads back as a `Buffer`.
 */
export type EncodedValue = null | boolean | number | string | Buffer | EncodedValue[] | { [key: string]: EncodedValue };

/** The most nested levels a value may have; deeper values are `INVALID_ARGUMENT`. */
export const MAX_DEPTH = 100;

/**
 * The tag key of the documented encoding: `{ "$t": "bytes", "v": <Buffer> }` (base64 text once serialized),
 * `{ "$t": "date", "v": "<ISO 8601>" }`, `{ "$t": "map", "v": [[k, v], …] }`,
 * `{ "$t": "set", "v": [v, …] }`; a plain object that has its own `$t` key is kept as
 * `{ "$t": "obj", "v": { … } }` so it reads back unchanged.
 */
export const TAG = '$t';

function refuse(path: string, what: string): never {
  throw new StorageError(
    'INVALID_ARGUMENT',
    `Cannot cache ${what} at ${path}: cache values are JSON values, Uint8Array, Date, Map and Set. Convert it to one of those first.`,
    { provider: 'cache' },
  );
}

/**
 * Turns a value into plain JSON with tagged special types. Anything else (functions, symbols,
 * bigint, class instances, NaN, Infinity, cycles, nesting past {@link MAX_DEPTH}) is
 * `INVALID_ARGUMENT`, so a bad value fails at `set`, never as a corrupt entry at `get`.
 */
export function encodeValue(value: unknown): EncodedValue {
  return encode(value, '$', 0, new Set());
}

function encode(value: unknown, path: string, depth: number, seen: Set<object>): EncodedValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(path, String(value));
    return value;
  }
  if (typeof value !== 'object') refuse(path, value === undefined ? 'undefined' : `a ${typeof value}`);
  if (depth >= MAX_DEPTH) refuse(path, `a value nested deeper than ${MAX_DEPTH} levels`);
  if (seen.has(value)) refuse(path, 'a circular reference');
  seen.add(value);
  try {
    // A copy, so the caller may reuse its array.
    if (value instanceof Uint8Array) return { [TAG]: 'bytes', v: Buffer.from(value) };
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) refuse(path, 'an invalid Date');
      return { [TAG]: 'date', v: value.toISOString() };
    }
    if (value instanceof Map) {
      const entries: EncodedValue[] = [];
      let i = 0;
      for (const [k, v] of value) {
        entries.push([encode(k, `${path}<key ${i}>`, depth + 1, seen), encode(v, `${path}<value ${i}>`, depth + 1, seen)]);
        i++;
      }
      return { [TAG]: 'map', v: entries };
    }
    if (value instanceof Set) {
      const items: EncodedValue[] = [];
      let i = 0;
      for (const item of value) items.push(encode(item, `${path}<item ${i++}>`, depth + 1, seen));
      return { [TAG]: 'set', v: items };
    }
    if (Array.isArray(value)) return value.map((item, i) => encode(item, `${path}[${i}]`, depth + 1, seen));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      refuse(path, `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'a class'}`);
    }
    const out: Record<string, EncodedValue> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      out[key] = encode(item, `${path}.${key}`, depth + 1, seen);
    }
    return Object.hasOwn(out, TAG) ? { [TAG]: 'obj', v: out } : out;
  } finally {
    seen.delete(value);
  }
}

/** The inverse of {@link encodeValue}; always returns a fresh copy, so callers may mutate it. */
export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  const tag = record[TAG];
  if (typeof tag === 'string') {
    const v = record.v;
    switch (tag) {
      case 'bytes':
        return v instanceof Uint8Array ? new Uint8Array(v) : new Uint8Array(Buffer.from(String(v), 'base64'));
      case 'date':
        return new Date(String(v));
      case 'map':
        return new Map((v as [unknown, unknown][]).map(([k, item]) => [decodeValue(k), decodeValue(item)]));
      case 'set':
        return new Set((v as unknown[]).map(decodeValue));
      case 'obj':
        return decodePlain(v as Record<string, unknown>);
    }
  }
  return decodePlain(record);
}

function decodePlain(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = decodeValue(record[key]);
  return out;
}

/** Rough size in bytes of an encoded value (its JSON length; bytes count once), for byte-bounded levels. */
export function encodedSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'boolean':
      return 8;
    case 'object': {
      if (value instanceof Uint8Array) return value.byteLength;
      let size = 2;
      if (Array.isArray(value)) for (const item of value) size += encodedSize(item) + 1;
      else for (const [key, item] of Object.entries(value)) size += key.length + 4 + encodedSize(item);
      return size;
    }
    default:
      return 8;
  }
}
