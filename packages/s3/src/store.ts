import type { ObjectStore, StoreCapabilities } from '@agentmap/storage-core';
import { defineObjectStore, validateOptions } from '@agentmap/storage-core/kit';
import { ensureBucket } from './bucket';
import { buildClient, checkClientOptions } from './client';
import type { StoreContext } from './context';
import { copyObject } from './copy';
import { deleteObject } from './delete';
import { sseParams } from './encryption';
import { PROVIDER } from './errors';
import { listObjects } from './list';
import { MISPLACED_OPTIONS, S3_OPTION_NAMES, type S3StoreOptions, resolveOptions } from './options';
import { presignObject } from './presign';
import { getObject, getObjectStream, headObject } from './read';
import { S3_STORAGE_CLASSES, setObjectStorageClass } from './storage-class';
import { putObject } from './write';

/**
 * An ObjectStore on one Amazon S3 bucket (or one bucket of an S3-compatible store: MinIO,
 * R2, s3rver), on the official AWS SDK. Conditional writes are enforced by S3 itself
 * (If-Match / If-None-Match), large bodies go up in parallel parts, reads stream. Each
 * request that fails transiently is retried on its own by the SDK (`retries`, default 3;
 * `timeoutMs` per attempt). Every failure is a `StorageError`; an unknown or misplaced option
 * is `INVALID_ARGUMENT` naming where it belongs.
 *
 * ```ts
 * const store = createS3Store({ bucket: 'my-documents', region: 'us-west-2' });
 * await store.put('users/1.json', JSON.stringify({ name: 'Ada' }), { contentType: 'application/json' });
 * ```
 */
export function createS3Store(options: S3StoreOptions): ObjectStore {
  validateOptions(options, S3_OPTION_NAMES, 'createS3Store', { provider: PROVIDER, elsewhere: MISPLACED_OPTIONS });
  const resolved = resolveOptions(options);
  const sse = sseParams(resolved.encryption);
  if (!options.client) checkClientOptions(options);
  const client = options.client ?? buildClient(options, resolved);
  const ownsClient = options.client === undefined;
  const context: StoreContext = { client, options: resolved, sse };

  const capabilities: StoreCapabilities = {
    conditionalWrite: resolved.conditionalWrites,
    range: true,
    presign: true,
    multipart: true,
    versioning: false,
    metadata: true,
    streaming: true,
    serverSideCopy: true,
    storageClasses: S3_STORAGE_CLASSES,
  };

  return defineObjectStore({
    provider: PROVIDER,
    location: `s3://${resolved.bucket}`,
    capabilities,
    ...(resolved.createBucket ? { ready: () => ensureBucket(client, resolved.bucket) } : {}),
    get: (key, opts) => getObject(context, key, opts),
    getStream: (key, opts) => getObjectStream(context, key, opts),
    put: (key, body, opts) => putObject(context, key, body, opts),
    head: (key, opts) => headObject(context, key, opts),
    delete: (key, opts) => deleteObject(context, key, opts),
    list: (prefix, opts) => listObjects(context, prefix, opts),
    copy: (from, to, opts) => copyObject(context, from, to, opts),
    presign: (key, opts) => presignObject(context, key, opts),
    setStorageClass: (key, storageClass, opts) => setObjectStorageClass(context, key, storageClass, opts),
    close: async () => {
      if (ownsClient) client.destroy();
    },
  });
}
