import { type ObjectEntry, type ObjectInfo, StorageError, normaliseEtag } from '@agentmap/storage-core';
import { PROVIDER } from './errors';

/** The fields of a `storage#object` resource this store reads. */
export interface ObjectResource {
  name?: string;
  generation?: string | number;
  metageneration?: string | number;
  size?: string | number;
  contentType?: string;
  updated?: string;
  timeCreated?: string;
  metadata?: Record<string, unknown> | null;
  md5Hash?: string;
  crc32c?: string;
}

/**
 * The etag this store hands out is the object's generation: it changes with every write of
 * the content (GCS never reuses a generation), and it maps back onto `ifGenerationMatch`.
 */
export function etagOf(resource: ObjectResource): string {
  return String(resource.generation ?? '');
}

/**
 * The generation an etag names, or `undefined` when the etag cannot be one of ours (another
 * backend's, or garbage): such an etag can never match, which callers turn into a failed
 * precondition.
 */
export function generationOf(etag: string): string | undefined {
  if (typeof etag !== 'string') throw new StorageError('INVALID_ARGUMENT', `An etag must be a string; got ${typeof etag}.`, { provider: PROVIDER });
  const plain = normaliseEtag(etag.trim());
  return /^\d{1,20}$/.test(plain) ? plain : undefined;
}

/** User metadata as stored: keys lower-case, values strings. */
export function metadataOf(resource: ObjectResource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(resource.metadata ?? {})) {
    if (v !== null && v !== undefined) out[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

export function infoOf(key: string, resource: ObjectResource): ObjectInfo {
  return {
    key,
    size: Number(resource.size ?? 0),
    etag: etagOf(resource),
    lastModified: new Date(resource.updated ?? resource.timeCreated ?? 0),
    contentType: resource.contentType ?? 'application/octet-stream',
    metadata: metadataOf(resource),
  };
}

export function entryOf(resource: ObjectResource): ObjectEntry {
  return {
    kind: 'object',
    key: resource.name ?? '',
    size: Number(resource.size ?? 0),
    etag: etagOf(resource),
    lastModified: new Date(resource.updated ?? resource.timeCreated ?? 0),
  };
}
