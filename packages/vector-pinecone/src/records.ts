import { createHash } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import { jsonBytesBound, type CheckedRecord, type MetadataValue, type StoredVectorRecord, type VectorMetadata } from '@agentmap/storage-vector';

const PROVIDER = 'pinecone';

/**
 * How a metadata field is stored: Pinecone keeps strings, numbers, booleans and lists of
 * strings, and no null. Each field is stored under a key naming its type (`s:category`,
 * `n:year`, `ls:tags`…), so a filter compares only values of the type it asks about (`30`
 * never matches `"30"`, a list never matches `$eq`), lists of numbers and booleans are kept as
 * lists of their text, and a null is kept as a marker.
 */
export const TYPE_KEYS = {
  string: 's:',
  number: 'n:',
  boolean: 'b:',
  stringList: 'ls:',
  numberList: 'ln:',
  booleanList: 'lb:',
  null: 'nil:',
} as const;

/** Every key a present (non-null) value of `field` can be stored under. */
export function valueKeys(field: string): string[] {
  return [TYPE_KEYS.string, TYPE_KEYS.number, TYPE_KEYS.boolean, TYPE_KEYS.stringList, TYPE_KEYS.numberList, TYPE_KEYS.booleanList].map((t) => t + field);
}

/** Reserved keys; they have no `:` after a type tag, so no field's key can equal them. */
export const TEXT_KEY = '_text';
export const ID_KEY = '_id';

/** Pinecone's published limits. */
export const PINECONE_LIMITS = {
  maxMetadataBytes: 40 * 1024,
  maxUpsertRecords: 1000,
  maxRequestBytes: 2 * 1024 * 1024,
  maxDeleteIds: 1000,
  /** Ids per fetch: they travel in the URL. */
  maxFetchIds: 100,
  /** topK when metadata or values come back with the matches. */
  maxTopKWithData: 1000,
} as const;

const SAFE_ID = /^[\x21-\x7d][\x21-\x7e]*$/;

/**
 * The id a record is stored under. Ids of printable ASCII without spaces (Pinecone's fetch
 * refuses spaces) that do not start with `~` are kept as they are; any other id becomes `~`
 * and the base64url SHA-256 of its UTF-8 bytes, and the original is kept in the metadata.
 */
export function pineconeId(id: string): string {
  if (SAFE_ID.test(id)) return id;
  return `~${createHash('sha256').update(id, 'utf8').digest('base64url')}`;
}

function encodeValue(field: string, value: MetadataValue, out: Record<string, string | number | boolean | string[]>): void {
  if (value === null) out[TYPE_KEYS.null + field] = true;
  else if (typeof value === 'string') out[TYPE_KEYS.string + field] = value;
  else if (typeof value === 'number') out[TYPE_KEYS.number + field] = value;
  else if (typeof value === 'boolean') out[TYPE_KEYS.boolean + field] = value;
  else {
    const first = (value as readonly unknown[])[0];
    if (typeof first === 'number') out[TYPE_KEYS.numberList + field] = value.map(String);
    else if (typeof first === 'boolean') out[TYPE_KEYS.booleanList + field] = value.map(String);
    else out[TYPE_KEYS.stringList + field] = [...(value as string[])];
  }
}

export interface EncodedRecord {
  id: string;
  values: number[];
  metadata: Record<string, string | number | boolean | string[]>;
  /** Estimated bytes of this record in an upsert body. */
  bytes: number;
}

/**
 * A checked record as Pinecone stores it; `INVALID_ARGUMENT` when its metadata passes Pinecone's
 * 40 KB. The values are the caller's numbers as checked: float32-rounded ones print to JSON
 * about twice as slowly, and Pinecone rounds them itself.
 */
export function encodeRecord(record: CheckedRecord & { values: number[] }, where: string): EncodedRecord {
  const id = pineconeId(record.id);
  const metadata: EncodedRecord['metadata'] = {};
  for (const [field, value] of Object.entries(record.metadata)) encodeValue(field, value, metadata);
  if (record.text !== undefined) metadata[TEXT_KEY] = record.text;
  if (id !== record.id) metadata[ID_KEY] = record.id;
  // The exact size only when a cheap upper bound could pass the limit.
  const bound = jsonBytesBound(metadata);
  const metadataBytes = bound <= PINECONE_LIMITS.maxMetadataBytes ? bound : Buffer.byteLength(JSON.stringify(metadata));
  if (metadataBytes > PINECONE_LIMITS.maxMetadataBytes) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `${where} has ${metadataBytes} bytes of metadata and text; Pinecone keeps at most ${PINECONE_LIMITS.maxMetadataBytes} bytes per record. Store long text elsewhere and keep a reference in metadata.`,
      { provider: PROVIDER, key: record.id },
    );
  }
  const values = record.values;
  return { id, values, metadata, bytes: 64 + id.length * 6 + metadataBytes + values.length * 24 };
}

/** Our id, text and metadata back from what Pinecone returned. */
export function decodeMetadata(pid: string, stored: Record<string, unknown> | undefined): { id: string; text?: string; metadata: VectorMetadata } {
  const metadata: VectorMetadata = {};
  let id = pid;
  let text: string | undefined;
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (key === TEXT_KEY) {
      text = value as string;
      continue;
    }
    if (key === ID_KEY) {
      id = value as string;
      continue;
    }
    const colon = key.indexOf(':');
    if (colon < 0) continue; // not written by this package
    const tag = key.slice(0, colon + 1);
    const field = key.slice(colon + 1);
    switch (tag) {
      case TYPE_KEYS.null:
        metadata[field] = null;
        break;
      case TYPE_KEYS.numberList:
        metadata[field] = (value as string[]).map(Number);
        break;
      case TYPE_KEYS.booleanList:
        metadata[field] = (value as string[]).map((v) => v === 'true');
        break;
      case TYPE_KEYS.string:
      case TYPE_KEYS.number:
      case TYPE_KEYS.boolean:
      case TYPE_KEYS.stringList:
        metadata[field] = value as MetadataValue;
        break;
    }
  }
  return { id, ...(text === undefined ? {} : { text }), metadata };
}

export function decodeRecord(pid: string, values: number[] | undefined, stored: Record<string, unknown> | undefined): StoredVectorRecord {
  const { id, text, metadata } = decodeMetadata(pid, stored);
  return { id, vector: values ? [...values] : [], ...(text === undefined ? {} : { text }), metadata };
}
