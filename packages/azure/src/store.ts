import { type ObjectStore, type PresignOptions, type StoreCapabilities, StorageError } from '@agentmap/storage-core';
import { defineObjectStore, validateOptions } from '@agentmap/storage-core/kit';
import type { ContainerClient } from '@azure/storage-blob';
import { resolveAuth } from './auth/resolve-auth';
import { connectContainer } from './client';
import { type AzureContext, failWith } from './context';
import { copyBlob } from './copy';
import { deleteBlob } from './delete';
import { PROVIDER, statusOf } from './errors';
import { listBlobs } from './list';
import { AZURE_OPTION_NAMES, type AzureBlobStoreOptions, MISPLACED_OPTIONS, resolveSettings } from './options';
import { presignBlob } from './presign';
import { AZURE_ACCESS_TIERS, setBlobTier } from './storage-class';
import { getBlob, getBlobStream, headBlob } from './read';
import { putBlob } from './write';

/** An ObjectStore on one Azure Blob container, with the SDK client for what the spec does not cover. */
export interface AzureBlobStore extends ObjectStore {
  /** The SDK's client of the bound container, sharing this store's pipeline (retries, timeout, sockets). */
  readonly containerClient: ContainerClient;
  /** A SAS URL for the key; `UNSUPPORTED` unless the account key is known (see `capabilities.presign`). */
  presign(key: string, options: PresignOptions): Promise<string>;
  /** Closes the store's sockets; later calls are refused. */
  close(): Promise<void>;
}

/**
 * An ObjectStore on one Azure Blob Storage container, on the official `@azure/storage-blob`
 * SDK. Conditional writes, ranges, streams both ways, block uploads in parallel, server-side
 * copy, and SAS URLs when the account key is known. Each request that fails transiently is
 * retried on its own by the SDK (`retries`, default 3; `timeoutMs` per attempt). Every
 * failure is a `StorageError`; an unknown or misplaced option is `INVALID_ARGUMENT` naming
 * where it belongs.
 *
 * ```ts
 * const store = createAzureBlobStore({ container: 'documents', connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING });
 * await store.put('users.json', '{}', { contentType: 'application/json' });
 * ```
 */
export function createAzureBlobStore(options: AzureBlobStoreOptions): AzureBlobStore {
  validateOptions(options, AZURE_OPTION_NAMES, 'createAzureBlobStore', { provider: PROVIDER, elsewhere: MISPLACED_OPTIONS });
  const settings = resolveSettings(options, (message) => new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER }));
  const auth = resolveAuth(options);
  const connection = connectContainer(auth, settings);
  const ctx: AzureContext = { container: connection.container, settings, sharedKey: auth.sharedKey, fail: failWith(settings.container) };

  const capabilities: StoreCapabilities = {
    conditionalWrite: true,
    range: true,
    presign: auth.sharedKey !== undefined,
    multipart: true,
    versioning: false,
    metadata: true,
    streaming: true,
    serverSideCopy: true,
    storageClasses: AZURE_ACCESS_TIERS,
  };

  const store = defineObjectStore({
    provider: PROVIDER,
    location: `azure://${settings.container}`,
    capabilities,
    ...(settings.createContainer ? { ready: () => createContainer(ctx) } : {}),
    get: (key, opts) => getBlob(ctx, key, opts),
    getStream: (key, opts) => getBlobStream(ctx, key, opts),
    put: (key, body, opts) => putBlob(ctx, key, body, opts),
    head: (key, opts) => headBlob(ctx, key, opts),
    delete: (key, opts) => deleteBlob(ctx, key, opts),
    list: (prefix, opts) => listBlobs(ctx, prefix, opts),
    copy: (from, to, opts) => copyBlob(ctx, from, to, opts),
    setStorageClass: (key, tier, opts) => setBlobTier(ctx, key, tier, opts),
    // Always present: without the account key it says how to get one (UNSUPPORTED).
    presign: (key, opts) => presignBlob(ctx, key, opts),
    close: async () => connection.close(),
  });
  return Object.assign(store, { containerClient: connection.container }) as AzureBlobStore;
}

/**
 * Creates the container on first use. Not bound to the first caller's signal: the outcome is
 * shared by every call waiting for it.
 */
async function createContainer(ctx: AzureContext): Promise<void> {
  try {
    await ctx.container.createIfNotExists();
  } catch (error) {
    // A SAS or role scoped to the container may not create it; the calls themselves then say what is wrong.
    if (statusOf(error) === 403) return;
    throw ctx.fail(error, 'creation');
  }
}
