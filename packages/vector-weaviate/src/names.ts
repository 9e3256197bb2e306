import { createHash } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import { checkCollection } from '@agentmap/storage-vector';

const PROVIDER = 'weaviate';

/** Weaviate's rule for class names. */
const CLASS_NAME = /^[A-Z][_0-9A-Za-z]{0,254}$/;

/** The naming rule, as error messages and the README state it. */
export const CLASS_RULE =
  'a Weaviate class name is a letter followed by letters, digits and "_" (at most 255 characters); the collection name becomes the class name with its first letter upper-cased and "-" and "." turned into "_", after the className prefix and "_" when one is set';

/** A prefix (the guide's `class_name`) must itself be a valid class name. */
export function checkClassPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  if (typeof prefix !== 'string' || !CLASS_NAME.test(prefix) || prefix.length > 120) {
    throw new StorageError('INVALID_ARGUMENT', `className must be a valid Weaviate class name (an upper-case letter, then letters, digits and "_", at most 120 characters); got ${JSON.stringify(String(prefix).slice(0, 64))}.`, {
      provider: PROVIDER,
    });
  }
  return prefix;
}

/**
 * The Weaviate class a collection lives in: `kb` -> `Kb`, `my-docs.v2` -> `My_docs_v2`, or with
 * the prefix `Document`: `Document_kb`. Names that cannot map (starting with a digit, "_" or
 * "-" without a prefix) are `INVALID_ARGUMENT` stating the rule. Two collections that map to
 * the same class are told apart by the class description (see `describeCollection`).
 */
export function classNameFor(collection: string, prefix: string | undefined): string {
  checkCollection(collection, PROVIDER);
  const body = collection.replace(/[-.]/g, '_');
  const name = prefix === undefined ? body[0]!.toUpperCase() + body.slice(1) : `${prefix}_${body}`;
  if (!CLASS_NAME.test(name)) {
    throw new StorageError('INVALID_ARGUMENT', `Collection ${JSON.stringify(collection)} cannot be a Weaviate class: ${CLASS_RULE}. Start the name with a letter, or set className.`, { provider: PROVIDER });
  }
  return name;
}

/** Properties every class of ours has. They hold "_", which kept metadata names never do, so they cannot clash. */
export const ID_PROPERTY = 'agentmap_id';
export const TEXT_PROPERTY = 'agentmap_text';
export const METADATA_PROPERTY = 'agentmap_metadata';

/** Metadata keys kept as their own property name: a lower-case letter, then letters and digits. */
const PLAIN_KEY = /^[a-z][A-Za-z0-9]{0,99}$/;
/** Names Weaviate reserves or treats specially. */
const RESERVED = new Set(['id', 'vector', 'vectors', 'additional']);

/**
 * The property a metadata field is stored in. A key like `year` or `publishedAt` is kept;
 * any other key (`author_name`, `Title`, `x' OR 1=1`) becomes `m_` and the hex of its UTF-8
 * bytes, or `h_` and its SHA-256 when that would be too long for Weaviate (231 characters).
 * Kept names have no "_", encoded ones start `m_` / `h_`: no two keys share a property.
 */
export function propertyFor(field: string): string {
  if (PLAIN_KEY.test(field) && !RESERVED.has(field)) return field;
  const hex = Buffer.from(field, 'utf8').toString('hex');
  return hex.length <= 200 ? `m_${hex}` : `h_${createHash('sha256').update(field, 'utf8').digest('hex')}`;
}

/** What a class's description says about the collection it holds. */
export interface CollectionMarker {
  collection: string;
  dimensions: number;
}

const MARKER = 'AgentMap vector collection ';
const FIELD_MARKER = 'AgentMap metadata field ';

export function describeCollection(marker: CollectionMarker): string {
  return `${MARKER}${JSON.stringify(marker)}`;
}

export function readCollectionMarker(description: unknown): CollectionMarker | undefined {
  if (typeof description !== 'string' || !description.startsWith(MARKER)) return undefined;
  try {
    const parsed = JSON.parse(description.slice(MARKER.length)) as Partial<CollectionMarker>;
    if (typeof parsed.collection === 'string' && typeof parsed.dimensions === 'number') return { collection: parsed.collection, dimensions: parsed.dimensions };
  } catch {
    // Not ours after all.
  }
  return undefined;
}

/** A metadata property's description names its field, so encoded names read back. */
export function describeField(field: string): string {
  return `${FIELD_MARKER}${JSON.stringify(field)}`;
}

export function readFieldMarker(description: unknown): string | undefined {
  if (typeof description !== 'string' || !description.startsWith(FIELD_MARKER)) return undefined;
  try {
    const field: unknown = JSON.parse(description.slice(FIELD_MARKER.length));
    return typeof field === 'string' ? field : undefined;
  } catch {
    return undefined;
  }
}
