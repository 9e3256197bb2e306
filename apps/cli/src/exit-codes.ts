import { isStorageError } from '@agentmap/storage-core';

/**
 * What `agentmap-storage` exits with. 0 only when the command did all it was asked; a check
 * that ran and found problems is 1; a failed call maps from its `StorageError` code.
 */
export const EXIT_CODES = {
  /** Done, everything as asked. */
  OK: 0,
  /** The command ran and found problems: unhealthy stores, migration conflicts or failures, an invalid config or audit log. */
  PROBLEMS: 1,
  /** Bad command line or `INVALID_ARGUMENT` (a malformed URI, option or config). */
  USAGE: 2,
  /** `NOT_FOUND`: the object, file or config does not exist. */
  NOT_FOUND: 3,
  /** `ALREADY_EXISTS` or `PRECONDITION_FAILED`: a conditional write lost. */
  CONFLICT: 4,
  /** `UNAUTHENTICATED` or `PERMISSION_DENIED`. */
  ACCESS: 5,
  /** `UNAVAILABLE` or `TIMEOUT`: the endpoint did not answer in time or at all. */
  UNAVAILABLE: 6,
  /** `UNSUPPORTED`, `CORRUPT_DATA`, `INTERNAL`, or an unexpected failure. */
  FAILURE: 7,
  /** `ABORTED`: interrupted (Ctrl-C); a migration can be resumed. */
  INTERRUPTED: 130,
} as const;

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (!isStorageError(error)) return EXIT_CODES.FAILURE;
  switch (error.code) {
    case 'INVALID_ARGUMENT':
      return EXIT_CODES.USAGE;
    case 'NOT_FOUND':
      return EXIT_CODES.NOT_FOUND;
    case 'ALREADY_EXISTS':
    case 'PRECONDITION_FAILED':
      return EXIT_CODES.CONFLICT;
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return EXIT_CODES.ACCESS;
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return EXIT_CODES.UNAVAILABLE;
    case 'ABORTED':
      return EXIT_CODES.INTERRUPTED;
    default:
      return EXIT_CODES.FAILURE;
  }
}
