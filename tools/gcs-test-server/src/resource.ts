import { badRequest } from './http';
import type { ObjectFields, StoredBucket, StoredObject } from './model';

const enc = encodeURIComponent;

/** The `storage#object` resource, with int64 fields as strings as the API sends them. */
export function objectResource(o: StoredObject, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${enc(o.bucket)}/o/${enc(o.name)}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${enc(o.bucket)}/o/${enc(o.name)}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: o.generation.toString(),
    metageneration: o.metageneration.toString(),
    contentType: o.contentType,
    storageClass: o.storageClass,
    size: o.data.length.toString(),
    md5Hash: o.md5Hash,
    crc32c: o.crc32c,
    etag: objectEtag(o),
    timeCreated: o.timeCreated.toISOString(),
    updated: o.updated.toISOString(),
    timeStorageClassUpdated: o.timeCreated.toISOString(),
    ...(o.metadata && Object.keys(o.metadata).length > 0 ? { metadata: { ...o.metadata } } : {}),
    ...(o.contentEncoding ? { contentEncoding: o.contentEncoding } : {}),
    ...(o.contentDisposition ? { contentDisposition: o.contentDisposition } : {}),
    ...(o.contentLanguage ? { contentLanguage: o.contentLanguage } : {}),
    ...(o.cacheControl ? { cacheControl: o.cacheControl } : {}),
    ...(o.kmsKeyName ? { kmsKeyName: o.kmsKeyName } : {}),
  };
}

/** An opaque etag that changes with the generation and the metageneration. */
export function objectEtag(o: StoredObject): string {
  return Buffer.from(`${o.generation}/${o.metageneration}`).toString('base64');
}

export function bucketResource(b: StoredBucket, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: b.name,
    selfLink: `${baseUrl}/storage/v1/b/${enc(b.name)}`,
    name: b.name,
    projectNumber: b.projectNumber,
    metageneration: b.metageneration.toString(),
    location: b.location,
    locationType: 'multi-region',
    storageClass: b.storageClass,
    etag: Buffer.from(`bucket/${b.metageneration}`).toString('base64'),
    timeCreated: b.timeCreated.toISOString(),
    updated: b.updated.toISOString(),
    ...(b.defaultKmsKeyName ? { encryption: { defaultKmsKeyName: b.defaultKmsKeyName } } : {}),
  };
}

const STORAGE_CLASSES = new Set(['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE', 'MULTI_REGIONAL', 'REGIONAL', 'DURABLE_REDUCED_AVAILABILITY']);

/** Picks the writable fields out of an object resource sent by a client, checking their types. */
export function fieldsFrom(json: Record<string, unknown>): ObjectFields {
  const fields: ObjectFields = {};
  for (const key of ['contentType', 'contentEncoding', 'contentDisposition', 'contentLanguage', 'cacheControl', 'kmsKeyName', 'md5Hash', 'crc32c'] as const) {
    const value = json[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw badRequest(`Invalid value for ${key}: expected a string.`);
    fields[key] = value;
  }
  if (json.storageClass !== undefined && json.storageClass !== null) {
    if (typeof json.storageClass !== 'string' || !STORAGE_CLASSES.has(json.storageClass)) throw badRequest(`Invalid storage class: ${JSON.stringify(json.storageClass)}`);
    fields.storageClass = json.storageClass;
  }
  if (json.metadata !== undefined && json.metadata !== null) {
    if (typeof json.metadata !== 'object' || Array.isArray(json.metadata)) throw badRequest('Invalid value for metadata: expected an object.');
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(json.metadata as Record<string, unknown>)) {
      if (v === null) continue;
      metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    fields.metadata = metadata;
  }
  return fields;
}

/** Object names: 1..1024 bytes of UTF-8, no CR or LF, not `.` or `..`. */
export function checkObjectName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0 || bytes > 1024) throw badRequest('Object name must be between 1 and 1024 bytes long.');
  if (/[\r\n]/.test(name)) throw badRequest('Object name must not contain carriage return or line feed characters.');
  if (name === '.' || name === '..') throw badRequest('Object name cannot be "." or "..".');
  if (name.startsWith('.well-known/acme-challenge/')) throw badRequest('Object name cannot start with ".well-known/acme-challenge/".');
}

/** Bucket names: 3..63 characters of lower-case letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
export function checkBucketName(name: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name) || name.startsWith('goog')) {
    throw badRequest(`Invalid bucket name: '${name}'`);
  }
}
