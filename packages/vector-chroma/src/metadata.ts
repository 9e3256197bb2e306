import { createHash } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import type { MetadataValue, VectorMetadata } from '@agentmap/storage-vector';

/**
 * How our metadata lives in Chroma's (flat: strings, numbers, booleans). Chroma's `where` has
 * no `$exists`, no `$not`, no string ranges and no lists (server 1.0), so each field is
 * stored as itself plus a few companion keys under the reserved prefix `agentmap:`:
 *
 * - `agentmap:t:<field>`: the field's kind (`string`, `number`, `boolean`, `list`), for
 *   `$exists` and for negations that must match other kinds and missing fields;
 * - `agentmap:l:<field>`: a list, as JSON (read back as the list), and `agentmap:e:<hash>`:
 *   `true` for each element, so `$all` is a conjunction of equalities;
 * - only in collections made with string ranges (`STRING_RANGES_MARKER` in the collection's
 *   metadata): `agentmap:s<k>:<field>` (k = 0…3), a string's first 12 UTF-16 code units, three
 *   per number, so `$gt`/`$gte`/`$lt`/`$lte` on strings become exact numeric comparisons. Chroma
 *   returns every key with every result, so these up to four numbers per string field are
 *   kept only where they are asked for.
 */
export const RESERVED_PREFIX = 'agentmap:';

export const KINDS = ['string', 'number', 'boolean', 'list'] as const;

/** Strings compare exactly with bounds of at most this many UTF-16 code units. */
export const STRING_RANGE_LIMIT = 11;
const CHUNKS = 4;
const UNITS_PER_CHUNK = 3;

export type ChromaScalar = string | number | boolean;
export type ChromaMetadata = Record<string, ChromaScalar | null>;

export const kindKey = (field: string) => `${RESERVED_PREFIX}t:${field}`;
export const chunkKey = (field: string, k: number) => `${RESERVED_PREFIX}s${k}:${field}`;
export const listKey = (field: string) => `${RESERVED_PREFIX}l:${field}`;
export function elementKey(field: string, element: ChromaScalar): string {
  const digest = createHash('sha1').update(field, 'utf8').update('\u0000').update(JSON.stringify(element), 'utf8').digest('hex');
  return `${RESERVED_PREFIX}e:${digest.slice(0, 24)}`;
}

/** One order-preserving number per three code units: each unit + 1 (0 marks the end) in 17 bits. */
export function stringChunks(value: string, count = Math.min(CHUNKS, Math.floor(value.length / UNITS_PER_CHUNK) + 1)): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    let n = 0;
    for (let i = 0; i < UNITS_PER_CHUNK; i++) {
      const at = k * UNITS_PER_CHUNK + i;
      n = n * 131_072 + (at < value.length ? value.charCodeAt(at) + 1 : 0);
    }
    out.push(n);
  }
  return out;
}

/** The metadata Chroma stores for a record: the fields and their companion keys (the order keys of strings only with `stringRanges`). */
export function encodeMetadata(metadata: VectorMetadata, where: string, provider: string, stringRanges: boolean): ChromaMetadata {
  const out: ChromaMetadata = {};
  for (const [field, value] of Object.entries(metadata)) {
    if (field.startsWith(RESERVED_PREFIX)) {
      throw new StorageError('INVALID_ARGUMENT', `${where}.${field}: field names starting with "${RESERVED_PREFIX}" are reserved for the keys this package keeps beside each field in Chroma; rename the field.`, {
        provider,
      });
    }
    // Chroma drops such keys without a word (its own, such as chroma:document); #document names the text in filters.
    if (field.startsWith('chroma:') || field === '#document') {
      throw new StorageError('INVALID_ARGUMENT', `${where}.${field}: field names starting with "chroma:" are reserved by Chroma, which would drop the field, and "#document" names the text in filters; rename it.`, { provider });
    }
    // Chroma has no null: a null field is stored as missing, which is what filters make of it.
    if (value === null) continue;
    if (Array.isArray(value)) {
      out[listKey(field)] = JSON.stringify(value);
      out[kindKey(field)] = 'list';
      for (const element of value) out[elementKey(field, element)] = true;
      continue;
    }
    const scalar = value as ChromaScalar;
    out[field] = scalar;
    out[kindKey(field)] = typeof scalar;
    if (stringRanges && typeof scalar === 'string') stringChunks(scalar).forEach((n, k) => (out[chunkKey(field, k)] = n));
  }
  return out;
}

/** Our metadata back from Chroma's: companion keys dropped, lists parsed. */
export function decodeMetadata(stored: Record<string, unknown> | null | undefined): VectorMetadata {
  const out: VectorMetadata = {};
  if (!stored) return out;
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith(RESERVED_PREFIX)) {
      if (key.startsWith(`${RESERVED_PREFIX}l:`) && typeof value === 'string') {
        try {
          out[key.slice(RESERVED_PREFIX.length + 2)] = JSON.parse(value) as MetadataValue;
        } catch {
          // not written by this package: leave it out
        }
      }
      continue;
    }
    if (value !== null && value !== undefined) out[key] = value as MetadataValue;
  }
  return out;
}

/**
 * The metadata to send so that an upsert replaces what a record held: Chroma's upsert merges
 * into the stored metadata, so every key the old record had and the new one lacks is sent as
 * `null`, which deletes it.
 */
export function replacing(next: ChromaMetadata, previous: Record<string, unknown> | null | undefined): ChromaMetadata | null {
  const out: ChromaMetadata = { ...next };
  if (previous) for (const key of Object.keys(previous)) if (!(key in out)) out[key] = null;
  return Object.keys(out).length === 0 ? null : out;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Chroma's rule for collection names: 3 to 63 characters of letters, digits, ".", "_" and
 * "-", starting and ending with a letter or digit, no "..", and not an IPv4 address.
 * `INVALID_ARGUMENT` naming the rule.
 */
export function checkChromaName(name: string, provider: string): string {
  const problem =
    name.length < 3 || name.length > 63
      ? `has ${name.length} characters`
      : !/^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/.test(name)
        ? 'has a character outside letters, digits, ".", "_" and "-", or does not start and end with a letter or digit'
        : name.includes('..')
          ? 'contains ".."'
          : IPV4.test(name)
            ? 'is an IPv4 address'
            : undefined;
  if (problem) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `Chroma collection names must have 3 to 63 characters of letters, digits, ".", "_" and "-", start and end with a letter or digit, contain no ".." and not be an IPv4 address; ${JSON.stringify(name.slice(0, 80))} ${problem}.`,
      { provider },
    );
  }
  return name;
}
