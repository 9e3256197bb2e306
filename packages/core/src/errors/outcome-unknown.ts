import { StorageError, isStorageError } from './storage-error';

/**
 * A conditional put refused (`PRECONDITION_FAILED`) on a replay, after an earlier attempt of
 * the same call got no reply: the write that changed the object may be that earlier attempt.
 * Retry layers and backends that replay puts mark such refusals, so read-modify-write checks
 * whether its own write landed instead of applying its change a second time. A refusal
 * without the mark is a real conflict, even when the other writer stored the same bytes.
 */
export function markReplayedConflict(error: StorageError): StorageError {
  if (error.details?.replayed === true) return error;
  return new StorageError(error.code, error.message, {
    provider: error.provider,
    key: error.key,
    retryable: error.retryable,
    cause: error.cause,
    details: { ...error.details, replayed: true },
  });
}

/** True for a conflict marked by {@link markReplayedConflict}. */
export function isReplayedConflict(error: unknown): boolean {
  return isStorageError(error, 'PRECONDITION_FAILED') && error.details?.replayed === true;
}
