import { StorageError, isStorageError } from '@agentmap/storage-core';
import { scrubText } from '@agentmap/storage-vector';

/**
 * Maps what the chromadb client throws on its own (before any request: its input checks) onto
 * StorageError. Failures of requests are already StorageErrors (see transport.ts). The
 * original error is not kept as the cause: the client's errors may carry request details.
 */
export function mapChromaError(error: unknown, provider: string, what: string, secrets: readonly string[]): StorageError {
  if (isStorageError(error)) return error;
  const name = error instanceof Error ? error.name : '';
  const message = scrubText(error instanceof Error ? error.message : String(error), secrets).slice(0, 400);
  const code =
    name === 'ChromaValueError' || name === 'InvalidArgumentError' || name === 'ChromaClientError' || name === 'InvalidCollectionError'
      ? 'INVALID_ARGUMENT'
      : name === 'ChromaNotFoundError'
        ? 'NOT_FOUND'
        : name === 'ChromaAuthError'
          ? 'UNAUTHENTICATED'
          : name === 'ChromaForbiddenError'
            ? 'PERMISSION_DENIED'
            : name === 'ChromaConnectionError'
              ? 'UNAVAILABLE'
              : 'INTERNAL';
  return new StorageError(code, `${provider} could not ${what}: ${message}`, { provider });
}
