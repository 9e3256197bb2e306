import type { ObjectStore, StoreCapabilities } from '@agentmap/storage-core';
import { defineObjectStore } from '@agentmap/storage-core/kit';
import { bucketReadiness } from './bucket';
import { createClient, resolveOptions } from './client';
import { type GcsContext, failWith, retryWith } from './context';
import { copyObject } from './copy';
import { GCS_STORAGE_CLASSES, setObjectStorageClass } from './storage-class';
import { deleteObject } from './delete';
import { PROVIDER } from './errors';
import { listObjects } from './list';
import { MetadataCache } from './metadata-cache';
import type { GcsStoreOptions } from './options';
import { presignObject } from './presign';
import { getObject, getObjectStream, headObject } from './read';
import { putObject } from './write';

/**
 * An ObjectStore bound to one Google Cloud Storage bucket, on `@google-cloud/storage`.
 *
 * ```ts
 * const store = createGcsStore({ bucket: 'my-bucket', keyFilename: './service-account.json' });
 * await store.put('reports/monthly.json', JSON.stringify(report), { contentType: 'application/json' });
 * ```
 *
 * Etags are object generations; `ifMatch` / `ifNoneMatch: '*'` become `ifGenerationMatch`,
 * enforced by GCS. Each request that fails transiently is retried on its own (`retries`,
 * default 3; `timeoutMs` per attempt): one chunk of a resumable upload, one listing page, one
 * download. Presigned URLs (V4) need a service-account key (`keyFilename` or `credentials`).
 * Against an emulator, set `apiEndpoint` or `STORAGE_EMULATOR_HOST`. An unknown or misplaced
 * option is `INVALID_ARGUMENT` naming where it belongs.
 */
export function createGcsStore(options: GcsStoreOptions): ObjectStore {
  const resolved = resolveOptions(options);
  const storage = createClient(resolved);
  const bucket = storage.bucket(resolved.bucket, resolved.userProject ? { userProject: resolved.userProject } : {});
  const ctx: GcsContext = {
    options: resolved,
    storage,
    bucket,
    cache: new MetadataCache(),
    file: (key) =>
      bucket.file(key, {
        ...(resolved.kmsKeyName ? { kmsKeyName: resolved.kmsKeyName } : {}),
        ...(resolved.userProject ? { userProject: resolved.userProject } : {}),
      }),
    fail: failWith(resolved.bucket),
    retry: retryWith(resolved),
  };
  const canSign = resolved.keyFilename !== undefined || resolved.credentials !== undefined;
  const capabilities: StoreCapabilities = {
    conditionalWrite: true,
    range: true,
    presign: canSign,
    // Resumable uploads send their chunks one after another, not in parallel.
    multipart: false,
    versioning: false,
    metadata: true,
    streaming: true,
    serverSideCopy: true,
    storageClasses: GCS_STORAGE_CLASSES,
  };
  const ready = bucketReadiness(storage, bucket, resolved, (signal) => ctx.retry(signal));

  return defineObjectStore({
    provider: PROVIDER,
    location: `gs://${resolved.bucket}`,
    capabilities,
    ...(ready ? { ready } : {}),
    get: (key, opts) => getObject(ctx, key, opts),
    getStream: (key, opts) => getObjectStream(ctx, key, opts),
    put: (key, body, opts) => putObject(ctx, key, body, opts),
    head: (key, opts) => headObject(ctx, key, opts),
    delete: (key, opts) => deleteObject(ctx, key, opts),
    list: (prefix, opts) => listObjects(ctx, prefix, opts),
    copy: (from, to, opts) => copyObject(ctx, from, to, opts),
    setStorageClass: (key, storageClass, opts) => setObjectStorageClass(ctx, key, storageClass, opts),
    ...(canSign ? { presign: (key, opts) => presignObject(ctx, key, opts) } : {}),
    close: async () => ctx.cache.clear(),
  });
}
