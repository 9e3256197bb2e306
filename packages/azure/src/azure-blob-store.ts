import {
  type CallOptions,
  type CopyOptions,
  type DeleteOptions,
  type GetOptions,
  type GetResult,
  type GetStreamResult,
  type ListEntry,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
  type PresignOptions,
  type PutBody,
  type PutOptions,
  type StoreCapabilities,
  StorageError,
  bytesOf,
  isStreamBody,
  throwIfAborted,
  toReadable,
  validateKey,
  validatePrefix,
} from '@agentmap/storage-core';
import type { BlobRequestConditions, ContainerClient } from '@azure/storage-blob';
import { resolveAuth } from './auth/resolve-auth';
import { connectContainer } from './client';
import { copyBlob } from './copy';
import { type FailureContext, PROVIDER, azureErrorCode, statusOf, toStorageError } from './errors';
import { listEntries } from './listing';
import { decodeMetadata, encodeMetadata } from './metadata';
import { objectInfo } from './object-info';
import { type AzureBlobStoreOptions, resolveSettings } from './options';
import { presignBlob } from './presign';
import { guardedStream, readAll } from './read-body';
import { uploadBody } from './upload/upload-body';

/** An ObjectStore on one Azure Blob container, with the SDK client for what the spec does not cover. */
export interface AzureBlobStore extends ObjectStore {
  /** The SDK's client of the bound container, sharing this store's pipeline (retries, timeout, sockets). */
  readonly containerClient: ContainerClient;
  /** A SAS URL for the key; `UNSUPPORTED` unless the account key is known (see `capabilities.presign`). */
  presign(key: string, options: PresignOptions): Promise<string>;
  /** Closes the store's sockets. */
  close(): Promise<void>;
}

/**
 * An ObjectStore on one Azure Blob Storage container, on the official `@azure/storage-blob`
 * SDK. Conditional writes, ranges, streams both ways, block uploads in parallel, server-side
 * copy, and SAS URLs when the account key is known. Every failure is a `StorageError`.
 *
 * ```ts
 * const store = createAzureBlobStore({ container: 'documents', connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING });
 * await store.put('users.json', '{}', { contentType: 'application/json' });
 * ```
 */
export function createAzureBlobStore(options: AzureBlobStoreOptions): AzureBlobStore {
  const invalid = (message: string) => new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
  if (typeof options !== 'object' || options === null) throw invalid('createAzureBlobStore needs an options object with at least { container }.');
  const settings = resolveSettings(options, invalid);
  const auth = resolveAuth(options);
  const connection = connectContainer(auth, settings);
  const container = connection.container;
  const name = settings.container;
  const context = (operation: string, key: string | undefined, signal?: AbortSignal, conditional?: boolean): FailureContext => ({
    operation,
    container: name,
    key,
    signal,
    conditional,
  });

  let ready: Promise<void> | undefined;
  /** Creates the container once, on first use; a failed attempt is tried again by the next call. */
  const ensureContainer = (): Promise<void> => {
    if (!settings.createContainer) return Promise.resolve();
    ready ??= container.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        // A SAS or role scoped to the container may not create it; the calls themselves then say what is wrong.
        if (statusOf(error) === 403) return;
        ready = undefined;
        throw toStorageError(error, context('creation', undefined));
      },
    );
    return ready;
  };

  const capabilities: StoreCapabilities = {
    conditionalWrite: true,
    range: true,
    presign: auth.sharedKey !== undefined,
    multipart: true,
    versioning: false,
    metadata: true,
    streaming: true,
    serverSideCopy: true,
  };

  const head = async (key: string, opts: CallOptions = {}): Promise<ObjectInfo | undefined> => {
    validateKey(key, PROVIDER);
    throwIfAborted(opts.signal, PROVIDER);
    await ensureContainer();
    try {
      return objectInfo(key, await container.getBlobClient(key).getProperties({ abortSignal: opts.signal }));
    } catch (error) {
      if (statusOf(error) === 404 && azureErrorCode(error) !== 'ContainerNotFound') return undefined;
      throw toStorageError(error, context('head', key, opts.signal));
    }
  };

  /** Starts a download; resolves once the headers arrived (a missing key fails here, before any byte). */
  const download = async (key: string, opts: GetOptions) => {
    validateKey(key, PROVIDER);
    throwIfAborted(opts.signal, PROVIDER);
    const { offset, length } = checkedRange(key, opts.range);
    await ensureContainer();
    if (length === 0) return { empty: await emptyRange(key, offset, opts.signal) };
    try {
      return { answer: await container.getBlobClient(key).download(offset, length, { abortSignal: opts.signal }) };
    } catch (error) {
      // Azure refuses any range of an empty blob; the spec allows offset 0 there.
      if (statusOf(error) === 416 && offset === 0) return { empty: await emptyRange(key, 0, opts.signal) };
      throw toStorageError(error, context('get', key, opts.signal));
    }
  };

  const emptyRange = async (key: string, offset: number, signal: AbortSignal | undefined): Promise<ObjectInfo> => {
    const info = await head(key, { signal });
    if (!info) throw toStorageError({ statusCode: 404, code: 'BlobNotFound' }, context('get', key));
    if (offset > info.size || (offset === info.size && info.size > 0)) {
      throw new StorageError('INVALID_ARGUMENT', `Range offset ${offset} is past the end of "${key}" (${info.size} bytes).`, { provider: PROVIDER, key });
    }
    return info;
  };

  const store: AzureBlobStore = {
    provider: PROVIDER,
    location: `azure://${name}`,
    capabilities,
    containerClient: container,

    async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
      const started = await download(key, opts);
      if (started.empty) return { body: new Uint8Array(0), info: started.empty };
      const { answer } = started;
      const body = await readAll(answer.readableStreamBody, answer.contentLength, context('get', key, opts.signal));
      return { body, info: objectInfo(key, answer) };
    },

    async getStream(key: string, opts: GetOptions = {}): Promise<GetStreamResult> {
      const started = await download(key, opts);
      if (started.empty) return { stream: guardedStream(undefined, context('get', key)), info: started.empty };
      const { answer } = started;
      return { stream: guardedStream(answer.readableStreamBody, context('get', key, opts.signal)), info: objectInfo(key, answer) };
    },

    async put(key: string, body: PutBody, opts: PutOptions = {}): Promise<ObjectInfo> {
      validateKey(key, PROVIDER);
      // Refuse a bad body before any request is sent.
      const payload = isStreamBody(body) ? toReadable(body) : bytesOf(body);
      const conditions = checkedConditions(key, opts);
      throwIfAborted(opts.signal, PROVIDER);
      await ensureContainer();
      const contentType = opts.contentType ?? 'application/octet-stream';
      const metadata = encodeMetadata(opts.metadata);
      try {
        const outcome = await uploadBody(
          container.getBlockBlobClient(key),
          payload,
          { key, headers: { blobContentType: contentType }, metadata, conditions, contentLength: opts.contentLength, signal: opts.signal },
          settings,
        );
        return { key, size: outcome.size, etag: outcome.etag, lastModified: outcome.lastModified, contentType, metadata: decodeMetadata(metadata) };
      } catch (error) {
        throw toStorageError(error, context('put', key, opts.signal, conditions !== undefined));
      }
    },

    head,

    async delete(key: string, opts: DeleteOptions = {}): Promise<boolean> {
      validateKey(key, PROVIDER);
      throwIfAborted(opts.signal, PROVIDER);
      await ensureContainer();
      const { ifMatch } = opts;
      try {
        await container.getBlobClient(key).delete({
          deleteSnapshots: 'include',
          abortSignal: opts.signal,
          ...(ifMatch === undefined ? {} : { conditions: { ifMatch } }),
        });
        return true;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 && azureErrorCode(error) !== 'ContainerNotFound' && ifMatch === undefined) return false;
        // Some servers check the etag before existence; a missing object is NOT_FOUND either way.
        if (status === 412 && !(await head(key, { signal: opts.signal }))) throw toStorageError({ statusCode: 404, code: 'BlobNotFound' }, context('delete', key));
        throw toStorageError(error, context('delete', key, opts.signal, ifMatch !== undefined));
      }
    },

    async *list(prefix = '', opts: ListOptions = {}): AsyncGenerator<ListEntry> {
      validatePrefix(prefix, PROVIDER);
      throwIfAborted(opts.signal, PROVIDER);
      await ensureContainer();
      try {
        yield* listEntries(container, prefix, opts);
      } catch (error) {
        throw toStorageError(error, context('list', prefix || undefined, opts.signal));
      }
    },

    async copy(from: string, to: string, opts: CopyOptions = {}): Promise<ObjectInfo> {
      validateKey(from, PROVIDER);
      validateKey(to, PROVIDER);
      throwIfAborted(opts.signal, PROVIDER);
      checkedConditions(to, { ifNoneMatch: opts.ifNoneMatch });
      await ensureContainer();
      try {
        return objectInfo(to, await copyBlob(container.getBlobClient(from), container.getBlobClient(to), opts));
      } catch (error) {
        // A 404 is about the source: the destination need not exist.
        const key = statusOf(error) === 404 ? from : to;
        throw toStorageError(error, context('copy', key, opts.signal, opts.ifMatch !== undefined || opts.ifNoneMatch !== undefined));
      }
    },

    async presign(key: string, opts: PresignOptions): Promise<string> {
      validateKey(key, PROVIDER);
      const url = presignBlob(container.getBlobClient(key), name, key, auth.sharedKey, opts);
      // A URL into a container that does not exist yet would only ever answer 404.
      await ensureContainer();
      return url;
    },

    async close(): Promise<void> {
      connection.close();
    },
  };
  return store;
}

/** Checks a range before any request: whole non-negative numbers only. */
function checkedRange(key: string, range: GetOptions['range']): { offset: number; length: number | undefined } {
  if (range === undefined) return { offset: 0, length: undefined };
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || offset < 0 || (length !== undefined && (!Number.isSafeInteger(length) || length < 0))) {
    throw new StorageError('INVALID_ARGUMENT', `Invalid range ${JSON.stringify(range)}: offset and length must be non-negative integers.`, { provider: PROVIDER, key });
  }
  return { offset, length };
}

/** The SDK conditions of a write; `undefined` when it is unconditional. */
function checkedConditions(key: string, opts: { ifMatch?: string; ifNoneMatch?: '*' }): BlobRequestConditions | undefined {
  if (opts.ifNoneMatch !== undefined && opts.ifNoneMatch !== '*') {
    throw new StorageError('INVALID_ARGUMENT', `ifNoneMatch only accepts '*'; got ${JSON.stringify(opts.ifNoneMatch)}.`, { provider: PROVIDER, key });
  }
  if (opts.ifMatch !== undefined && (typeof opts.ifMatch !== 'string' || opts.ifMatch === '')) {
    throw new StorageError('INVALID_ARGUMENT', `ifMatch must be an etag string returned by this store; got ${JSON.stringify(opts.ifMatch)}.`, { provider: PROVIDER, key });
  }
  if (opts.ifMatch === undefined && opts.ifNoneMatch === undefined) return undefined;
  return { ...(opts.ifMatch === undefined ? {} : { ifMatch: opts.ifMatch }), ...(opts.ifNoneMatch === undefined ? {} : { ifNoneMatch: '*' }) };
}
