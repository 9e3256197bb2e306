import { StorageError, isStorageError } from '@agentmap/storage-core';

/**
 * Maps LanceDB's errors (plain `Error`s from the native layer) onto StorageError by their
 * message. The message is kept, trimmed, since it names the table or the SQL at fault; the
 * connection's storage options (which may hold keys) never appear in it.
 */
export function mapLanceError(error: unknown, what: string): StorageError {
  if (isStorageError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const short = message.split('\n')[0]!.slice(0, 400);
  const code = /was not found|not found|does not exist/i.test(message)
    ? 'NOT_FOUND'
    : /already exists/i.test(message)
      ? 'ALREADY_EXISTS'
      : /regex|parse|sql|invalid|schema|type/i.test(message)
        ? 'INVALID_ARGUMENT'
        : /commit conflict|conflict|retryable/i.test(message)
          ? 'PRECONDITION_FAILED'
          : /timeout|timed out/i.test(message)
            ? 'TIMEOUT'
            : /connection|network|unavailable|io error|broken pipe/i.test(message)
              ? 'UNAVAILABLE'
              : 'INTERNAL';
  return new StorageError(code, `LanceDB could not ${what}: ${short}`, { provider: 'lancedb', cause: error });
}

/**
 * Runs a write again when LanceDB reports a commit conflict with a concurrent writer (its
 * optimistic concurrency: the write did not happen and may simply be retried), with jittered
 * backoff, up to `attempts` times.
 */
export async function retryConflicts<T>(run: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= attempts || !/retryable commit conflict|preempted by concurrent|commit conflict/i.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
