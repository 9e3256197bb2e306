import { createHash, randomUUID } from 'node:crypto';
import { nextGeneration } from './clock';
import { crc32cBase64 } from './crc32c';
import { ApiError, badRequest, bucketNotFound, notFound } from './http';
import type { ObjectFields, StoredBucket, StoredObject, UploadSession } from './model';
import { checkConditions } from './preconditions';
import { checkBucketName, checkObjectName } from './resource';

/** Everything the server stores, in memory. */
export class GcsState {
  readonly buckets = new Map<string, StoredBucket>();
  readonly sessions = new Map<string, UploadSession>();

  /** Added to every generation, to try clients with generations beyond 2^53. */
  generationOffset = 0n;

  constructor(readonly projectNumber: string) {}

  createBucket(name: string, options: { location?: string; storageClass?: string; defaultKmsKeyName?: string } = {}): StoredBucket {
    checkBucketName(name);
    if (this.buckets.has(name)) throw new ApiError(409, 'conflict', 'Your previous request to create the named bucket succeeded and you already own it.');
    const now = new Date();
    const bucket: StoredBucket = {
      name,
      projectNumber: this.projectNumber,
      location: (options.location ?? 'US').toUpperCase(),
      storageClass: options.storageClass ?? 'STANDARD',
      ...(options.defaultKmsKeyName ? { defaultKmsKeyName: options.defaultKmsKeyName } : {}),
      timeCreated: now,
      updated: now,
      metageneration: 1n,
      objects: new Map(),
    };
    this.buckets.set(name, bucket);
    return bucket;
  }

  bucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw bucketNotFound(name);
    return bucket;
  }

  /**
   * Stores a new generation of an object after checking the preconditions against the live
   * one. Nothing awaits between the check and the store, so concurrent writers are serialised.
   */
  commitObject(bucketName: string, name: string, data: Buffer, fields: ObjectFields, conditions: URLSearchParams): StoredObject {
    checkObjectName(name);
    const bucket = this.bucket(bucketName);
    const md5Hash = createHash('md5').update(data).digest('base64');
    const crc32c = crc32cBase64(data);
    // Hashes sent by the client are checked, so corrupted uploads are refused.
    if (fields.md5Hash !== undefined && fields.md5Hash !== md5Hash) throw badRequest('Provided MD5 hash does not match the calculated MD5 hash of the data.');
    if (fields.crc32c !== undefined && fields.crc32c !== crc32c) throw badRequest('Provided CRC32C does not match the calculated CRC32C of the data.');
    checkConditions(bucket.objects.get(name), conditions);
    const now = new Date();
    const stored: StoredObject = {
      name,
      bucket: bucketName,
      data,
      generation: nextGeneration() + this.generationOffset,
      metageneration: 1n,
      contentType: fields.contentType || 'application/octet-stream',
      ...(fields.metadata && Object.keys(fields.metadata).length > 0 ? { metadata: { ...fields.metadata } } : {}),
      ...(fields.contentEncoding ? { contentEncoding: fields.contentEncoding } : {}),
      ...(fields.contentDisposition ? { contentDisposition: fields.contentDisposition } : {}),
      ...(fields.contentLanguage ? { contentLanguage: fields.contentLanguage } : {}),
      ...(fields.cacheControl ? { cacheControl: fields.cacheControl } : {}),
      storageClass: fields.storageClass ?? bucket.storageClass,
      ...((fields.kmsKeyName ?? bucket.defaultKmsKeyName) ? { kmsKeyName: fields.kmsKeyName ?? bucket.defaultKmsKeyName } : {}),
      md5Hash,
      crc32c,
      timeCreated: now,
      updated: now,
    };
    bucket.objects.set(name, stored);
    return stored;
  }

  /** Replaces metadata of the live generation, bumping its metageneration. */
  patchObject(bucketName: string, name: string, apply: (o: StoredObject) => void, conditions: URLSearchParams): StoredObject {
    const bucket = this.bucket(bucketName);
    const current = bucket.objects.get(name);
    if (!current) throw notFound(`${bucketName}/${name}`);
    checkConditions(current, conditions);
    const next: StoredObject = { ...current, metadata: current.metadata ? { ...current.metadata } : undefined, metageneration: current.metageneration + 1n, updated: new Date() };
    apply(next);
    bucket.objects.set(name, next);
    return next;
  }

  startSession(bucketName: string, name: string, fields: ObjectFields, conditions: URLSearchParams, declaredSize: number | undefined): UploadSession {
    checkObjectName(name);
    const bucket = this.bucket(bucketName);
    // Failing early saves the client from uploading bytes that cannot be committed.
    checkConditions(bucket.objects.get(name), conditions);
    const session: UploadSession = {
      id: randomUUID().replace(/-/g, ''),
      bucket: bucketName,
      name,
      fields,
      conditions,
      ...(declaredSize === undefined ? {} : { declaredSize }),
      chunks: [],
      received: 0,
      state: 'open',
    };
    this.sessions.set(session.id, session);
    return session;
  }
}
