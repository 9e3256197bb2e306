import { type ErrorCode, StorageError } from '@agentmap/storage-core';

/** The provider name every error of the file service carries. */
export const PROVIDER = 'file';

/** A {@link StorageError} raised by the file service. */
export function fileError(code: ErrorCode, message: string, options: { key?: string; cause?: unknown } = {}): StorageError {
  return new StorageError(code, message, { provider: PROVIDER, ...options });
}

/** A short, quoted form of user input for messages (hostile names can be long). */
export function quoted(value: string): string {
  const text = value.length > 120 ? `${value.slice(0, 117)}...` : value;
  return JSON.stringify(text);
}
