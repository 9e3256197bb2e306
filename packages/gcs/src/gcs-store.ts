import {
  type CallOptions,
  type GetOptions,
  type GetResult,
  type GetStreamResult,
  type ObjectInfo,
  type ObjectStore,
  type StoreCapabilities,
  concatBytes,
  throwIfAborted,
  validateKey,
  withRetry,
} from '@agentmap/storage-core';
import { bucketReadiness } from './bucket';
import { createClient, resolveOptions } from './client';
import { type GcsContext, failWith, untilAborted } from './context';
import { copyObject } from './copy';
import { currentResource, deleteObject } from './delete';
import { PROVIDER } from './errors';
import { listObjects } from './list';
import { MetadataCache } from './metadata-cache';
import { infoOf } from './object-info';
import type { GcsStoreOptions } from './options';
import { presignObject } from './presign';
import { putObject } from './put';
import { mappedStream, openRead } from './read';

/**
 * An ObjectStore bound to one Google Cloud Storage bucket, on `@google-cloud/storage`.
 *
 * ```ts
 * const store = createGcsStore({ bucket: 'my-bucket', keyFilename: './service-account.json' });
 * await store.put('reports/monthly.json', JSON.stringify(report), { contentType: 'application/json' });
 * ```
 *
 * Etags are object generations; `ifMatch` / `ifNoneMatch: '*'` become `ifGenerationMatch`,
 * enforced by GCS. Failed calls that are safe to repeat are retried (`retries`, default 3)
 * by core's `withRetry`. Presigned URLs (V4) need a service-account key (`keyFilename` or
 * `credentials`). Against an emulator, set `apiEndpoint` or `STORAGE_EMULATOR_HOST`.
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
    ready: bucketReadiness(storage, bucket, resolved),
    file: (key, generation) =>
      bucket.file(key, {
        ...(generation === undefined ? {} : { generation: Number(generation) }),
        ...(resolved.kmsKeyName ? { kmsKeyName: resolved.kmsKeyName } : {}),
        ...(resolved.userProject ? { userProject: resolved.userProject } : {}),
      }),
    fail: failWith(resolved.bucket),
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
  };

  const store: ObjectStore = {
    provider: PROVIDER,
    location: `gs://${resolved.bucket}`,
    capabilities,

    async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
      const { stream, info } = await openRead(ctx, key, opts);
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for await (const chunk of stream) {
          chunks.push(chunk as Uint8Array);
          size += (chunk as Uint8Array).byteLength;
        }
      } catch (error) {
        throw ctx.fail(error, 'read', key);
      }
      return { body: concatBytes(chunks, size), info };
    },

    async getStream(key: string, opts: GetOptions = {}): Promise<GetStreamResult> {
      const { stream, info } = await openRead(ctx, key, opts);
      return { stream: mappedStream(ctx, key, stream), info };
    },

    put: (key, body, opts = {}) => putObject(ctx, key, body, opts),

    async head(key: string, opts: CallOptions = {}): Promise<ObjectInfo | undefined> {
      validateKey(key, PROVIDER);
      throwIfAborted(opts.signal, PROVIDER);
      await ctx.ready();
      const resource = await untilAborted(currentResource(ctx, key), opts.signal);
      return resource ? infoOf(key, resource) : undefined;
    },

    delete: (key, opts = {}) => deleteObject(ctx, key, opts),
    list: (prefix = '', opts = {}) => listObjects(ctx, prefix, opts),
    copy: (from, to, opts = {}) => copyObject(ctx, from, to, opts),

    async close(): Promise<void> {
      ctx.cache.clear();
    },
  };
  if (canSign) store.presign = (key, opts) => presignObject(ctx, key, opts);
  return resolved.retries > 0 ? withRetry(store, { retries: resolved.retries, ...(resolved.retryMinDelayMs === undefined ? {} : { minDelayMs: resolved.retryMinDelayMs }) }) : store;
}
