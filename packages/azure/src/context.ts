import type { StorageError } from '@agentmap/storage-core';
import type { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { toStorageError } from './errors';
import type { ResolvedSettings } from './options';

/** What every operation of one store shares. */
export interface AzureContext {
  /** The SDK client of the bound container, on the store's pipeline (retries, timeout, sockets). */
  container: ContainerClient;
  settings: ResolvedSettings;
  /** The account key when it is known: it signs `presign` URLs. */
  sharedKey: StorageSharedKeyCredential | undefined;
  /**
   * Maps an SDK failure of `operation` on `key` (the container when absent). `signal` tells an
   * abort by the caller from a timeout; `conditional` makes a 409 BlobAlreadyExists a failed precondition.
   */
  fail(error: unknown, operation: string, key?: string, signal?: AbortSignal, conditional?: boolean): StorageError;
}

/** The failure mapping of one container, for {@link AzureContext.fail}. */
export function failWith(container: string): AzureContext['fail'] {
  return (error, operation, key, signal, conditional) => toStorageError(error, { operation, container, key, signal, conditional });
}
