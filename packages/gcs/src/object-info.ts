import { type ObjectEntry, type ObjectInfo, StorageError } from '@agentmap/storage-core';
import { normaliseEtag } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';
import { metadataOf } from './metadata';

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
  storageClass?: string;
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

export function infoOf(key: string, resource: ObjectResource): ObjectInfo {
  return {
    key,
    size: Number(resource.size ?? 0),
    etag: etagOf(resource),
    lastModified: new Date(resource.updated ?? resource.timeCreated ?? 0),
    contentType: resource.contentType ?? 'application/octet-stream',
    metadata: metadataOf(resource),
    ...(resource.storageClass ? { storageClass: resource.storageClass } : {}),
  };
}

export function entryOf(resource: ObjectResource): ObjectEntry {
  return {
    kind: 'object',
    key: resource.name ?? '',
    size: Number(resource.size ?? 0),
    etag: etagOf(resource),
    lastModified: new Date(resource.updated ?? resource.timeCreated ?? 0),
    ...(resource.storageClass ? { storageClass: resource.storageClass } : {}),
  };
}
