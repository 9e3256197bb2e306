import { type ErrorCode, type StorageError, isStorageError } from '@agentmap/storage-core';
import type { BatchFailure } from '../types';

/** Codes that fail one item of a batch; anything else (I/O, corrupt file) fails the whole call. */
const ITEM_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_ARGUMENT', 'PRECONDITION_FAILED']);

/** True when `error` belongs to one item of a batch and the other items can go on. */
export function isItemFailure(error: unknown): error is StorageError {
  return isStorageError(error) && ITEM_CODES.has(error.code);
}

/** How a failed item is reported. */
export function itemFailure(index: number, id: unknown, error: StorageError): BatchFailure {
  const documentId = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  return { index, ...(documentId === undefined ? {} : { documentId }), error: { code: error.code, message: error.message } };
}
