import {
  type CallOptions,
  type CopyOptions,
  type DeleteOptions,
  type GetOptions,
  type ListEntry,
  type ListOptions,
  type ObjectStore,
  type PresignOptions,
  type PutBody,
  type PutOptions,
  type StoreCapabilities,
  StorageError,
  throwIfAborted,
  validateKey,
  validatePrefix,
} from '@agentmap/storage-core';
import { bucketCreator, validateBucketName } from './bucket';
import { buildClient, checkClientOptions } from './client';
import type { StoreContext } from './context';
import { copyObject, deleteObject } from './delete-copy';
import { sseParams } from './encryption';
import { PROVIDER } from './errors';
import { listObjects } from './list';
import { DEFAULTS, MIN_PART_SIZE, type ResolvedS3Options, type S3StoreOptions } from './options';
import { presignObject } from './presign';
import { putObject } from './put';
import { getObject, getObjectStream, headObject } from './read';

/**
 * An ObjectStore on one Amazon S3 bucket (or one bucket of an S3-compatible store: MinIO,
 * R2, s3rver), on the official AWS SDK. Conditional writes are enforced by S3 itself
 * (If-Match / If-None-Match), large bodies go up in parallel parts, reads stream.
 *
 * ```ts
 * const store = createS3Store({ bucket: 'my-documents', region: 'us-west-2' });
 * await store.put('users/1.json', JSON.stringify({ name: 'Ada' }), { contentType: 'application/json' });
 * ```
 */
export function createS3Store(options: S3StoreOptions): ObjectStore {
  if (typeof options !== 'object' || options === null) {
    throw new StorageError('INVALID_ARGUMENT', 'createS3Store needs an options object with at least { bucket }.', { provider: PROVIDER });
  }
  const resolved = resolveOptions(options);
  const sse = sseParams(resolved.encryption);
  if (!options.client) checkClientOptions(options);
  const client = options.client ?? buildClient(options);
  const ownsClient = options.client === undefined;
  const ensureBucket = resolved.createBucket ? bucketCreator(client, resolved.bucket, () => client.config.region()) : undefined;
  const context: StoreContext = {
    client,
    options: resolved,
    sse,
    ready: async (signal) => ensureBucket?.(signal),
  };
  let closed = false;
  /** Every operation starts here: a closed store, a bad key or an aborted signal never reach S3. */
  const begin = (signal: AbortSignal | undefined, ...keys: unknown[]) => {
    for (const key of keys) validateKey(key, PROVIDER);
    if (closed) throw new StorageError('INVALID_ARGUMENT', `The store for s3://${resolved.bucket} was closed; create a new one.`, { provider: PROVIDER });
    throwIfAborted(signal, PROVIDER);
  };

  const capabilities: StoreCapabilities = {
    conditionalWrite: resolved.conditionalWrites,
    range: true,
    presign: true,
    multipart: true,
    versioning: false,
    metadata: true,
    streaming: true,
    serverSideCopy: true,
  };

  return {
    provider: PROVIDER,
    location: `s3://${resolved.bucket}`,
    capabilities,

    async get(key: string, opts: GetOptions = {}) {
      begin(opts.signal, key);
      return getObject(context, key, opts);
    },
    async getStream(key: string, opts: GetOptions = {}) {
      begin(opts.signal, key);
      return getObjectStream(context, key, opts);
    },
    async put(key: string, body: PutBody, opts: PutOptions = {}) {
      begin(opts.signal, key);
      return putObject(context, key, body, opts);
    },
    async head(key: string, opts: CallOptions = {}) {
      begin(opts.signal, key);
      return headObject(context, key, opts);
    },
    async delete(key: string, opts: DeleteOptions = {}) {
      begin(opts.signal, key);
      return deleteObject(context, key, opts);
    },
    async *list(prefix = '', opts: ListOptions = {}): AsyncGenerator<ListEntry> {
      validatePrefix(prefix, PROVIDER);
      begin(opts.signal);
      yield* listObjects(context, prefix, opts);
    },
    async copy(from: string, to: string, opts: CopyOptions = {}) {
      begin(opts.signal, from, to);
      return copyObject(context, from, to, opts);
    },
    async presign(key: string, opts: PresignOptions) {
      begin(opts?.signal, key);
      return presignObject(context, key, opts);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) client.destroy();
    },
  };
}

function resolveOptions(options: S3StoreOptions): ResolvedS3Options {
  const bucket = validateBucketName(options.bucket);
  const partSize = options.partSize ?? DEFAULTS.partSize;
  const multipartThreshold = options.multipartThreshold ?? DEFAULTS.multipartThreshold;
  const queueSize = options.queueSize ?? DEFAULTS.queueSize;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const check = (name: string, value: number, min: number, hint = '') => {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new StorageError('INVALID_ARGUMENT', `S3 option ${name} must be an integer of at least ${min}${hint}; got ${String(value)}.`, { provider: PROVIDER });
    }
  };
  check('partSize', partSize, MIN_PART_SIZE, ' (5 MiB, S3\'s smallest part)');
  check('multipartThreshold', multipartThreshold, 0);
  check('queueSize', queueSize, 1);
  check('timeoutMs', timeoutMs, 1);
  return {
    bucket,
    createBucket: options.createBucket ?? false,
    multipartThreshold,
    partSize,
    queueSize,
    timeoutMs,
    encryption: options.encryption,
    conditionalWrites: options.conditionalWrites ?? true,
  };
}
