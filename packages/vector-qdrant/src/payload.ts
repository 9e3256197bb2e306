import type { CheckedRecord, MetadataValue, StoredVectorRecord, VectorMetadata } from '@agentmap/storage-vector';

/**
 * How a record is laid out in a Qdrant point's payload, one level deep so Qdrant reaches every
 * key at once:
 *
 * - `id` (our id, since the point id is its UUID) and `text`;
 * - `norm`: the vector's length, for cosine collections (Qdrant stores cosine vectors
 *   normalised; multiplying by `norm` gives the vector back);
 * - each metadata field once, under a key that says what it holds: `s_<name>` a scalar (or
 *   null), `l_<name>` a list, `p_<name>` is `true` beside an empty list (which Qdrant's
 *   `is_empty` cannot tell from a missing field), and, only in collections made with
 *   `stringRanges`, `o<i>_<name>`: the order chunks of a string (below).
 *   Scalars and lists live apart because Qdrant's `match` on a list matches any element, while
 *   `{ field: value }` in our language compares the whole value.
 *
 * `<name>` is the field name itself when it is 1 to 64 ASCII letters, digits and `_` (a plain
 * key path); any other name is written as `x_` and the hex of its UTF-8 bytes instead of `_`
 * and the name (`sx_<hex>`, `o0x_<hex>`…), so no field name, however hostile, reaches Qdrant's
 * key path syntax. Reads rebuild the metadata from the `s` and `l` keys; nothing is stored
 * twice.
 */
export interface QdrantPayload {
  id: string;
  text?: string;
  norm?: number;
  [filterKey: string]: MetadataValue | undefined;
}

const PLAIN = /^[A-Za-z0-9_]{1,64}$/;

/** Key suffixes of recently seen field names: every record of a batch names the same few fields. Bounded. */
const suffixes = new Map<string, string>();

/** What follows the kind letter(s) in a field's keys: `_<name>`, or `x_<hex>`. */
export function suffixOf(field: string): string {
  let suffix = suffixes.get(field);
  if (suffix === undefined) {
    suffix = PLAIN.test(field) ? `_${field}` : `x_${Buffer.from(field, 'utf8').toString('hex')}`;
    if (suffixes.size >= 1024) suffixes.clear();
    suffixes.set(field, suffix);
  }
  return suffix;
}
export const scalarKey = (field: string): string => `s${suffixOf(field)}`;
export const listKey = (field: string): string => `l${suffixOf(field)}`;
export const emptyListKey = (field: string): string => `p${suffixOf(field)}`;
export const orderKey = (field: string, chunk: number): string => `o${chunk}${suffixOf(field)}`;

/**
 * Qdrant's `range` compares numbers only. To compare strings, each string's first
 * {@link ORDER_BYTES} UTF-8 bytes are also stored as whole numbers, {@link CHUNK_BYTES} bytes
 * each, in base 257 (byte + 1, and 0 past the end), so comparing the chunks in turn orders
 * strings exactly as their bytes. A range bound may be at most {@link MAX_BOUND_BYTES} bytes.
 */
export const CHUNK_BYTES = 6;
export const ORDER_CHUNKS = 11;
export const ORDER_BYTES = CHUNK_BYTES * ORDER_CHUNKS;
export const MAX_BOUND_BYTES = ORDER_BYTES - CHUNK_BYTES;

/** The order chunks of a string: at least one (an empty string is a single 0). */
export function orderChunks(value: string, limit = ORDER_CHUNKS): number[] {
  const bytes = Buffer.from(value, 'utf8');
  const count = Math.min(limit, Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES)));
  const chunks: number[] = [];
  for (let c = 0; c < count; c++) {
    let n = 0;
    for (let j = 0; j < CHUNK_BYTES; j++) {
      const at = c * CHUNK_BYTES + j;
      n = n * 257 + (at < bytes.length ? bytes[at]! + 1 : 0);
    }
    chunks.push(n);
  }
  return chunks;
}

/** The payload of a checked record (the order chunks of strings only with `stringRanges`). */
export function payloadOf(record: CheckedRecord, norm: number | undefined, stringRanges: boolean): QdrantPayload {
  const payload: QdrantPayload = { id: record.id };
  if (record.text !== undefined) payload.text = record.text;
  if (norm !== undefined) payload.norm = norm;
  const metadata = record.metadata;
  for (const field in metadata) {
    const value = metadata[field]!;
    const suffix = suffixOf(field);
    if (Array.isArray(value)) {
      payload[`l${suffix}`] = value;
      if (value.length === 0) payload[`p${suffix}`] = true;
      continue;
    }
    payload[`s${suffix}`] = value;
    if (stringRanges && typeof value === 'string') {
      const chunks = orderChunks(value);
      for (let i = 0; i < chunks.length; i++) payload[`o${i}${suffix}`] = chunks[i]!;
    }
  }
  return payload;
}

const FIELD_KEY = /^([sl])(x?)_(.+)$/s;

/** The metadata held in a payload's `s` and `l` keys. */
export function metadataOf(payload: Record<string, unknown>): VectorMetadata {
  const metadata: VectorMetadata = {};
  for (const key in payload) {
    const found = FIELD_KEY.exec(key);
    if (!found) continue;
    const value = payload[key];
    const field = found[2] === 'x' ? Buffer.from(found[3]!, 'hex').toString('utf8') : found[3]!;
    // A key written by another program could name the prototype.
    if (field === '__proto__') continue;
    if (found[1] === 'l' ? Array.isArray(value) : value === null || typeof value !== 'object') metadata[field] = value as MetadataValue;
  }
  return metadata;
}

/** A point read back. Points written by other programs (no `id` in the payload) keep their Qdrant id. */
export function recordOf(point: { id: string | number; payload?: Record<string, unknown> | null; vector?: unknown }, vectorName: string, withVector: boolean): StoredVectorRecord {
  const payload = point.payload ?? {};
  const text = payload.text;
  let vector: number[] = [];
  if (withVector) {
    const stored = point.vector;
    const raw = Array.isArray(stored) ? stored : typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)[vectorName] : undefined;
    const norm = typeof payload.norm === 'number' ? payload.norm : 1;
    vector = Array.isArray(raw) ? (raw as number[]).map((x) => x * norm) : [];
  }
  const record: StoredVectorRecord = { id: typeof payload.id === 'string' ? payload.id : String(point.id), vector, metadata: metadataOf(payload) };
  if (typeof text === 'string') record.text = text;
  return record;
}
