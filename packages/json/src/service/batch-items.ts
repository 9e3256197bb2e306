import { StorageError } from '@agentmap/storage-core';
import { itemId } from '../collection/view';
import { toStored } from '../json/codec';
import { itemFailure, isItemFailure } from '../layouts/batch-failure';
import type { OperationSettings, WriteOp } from '../operations/settings';
import type { BatchFailure, BatchWriteItem } from '../types';
import { checkId, optionalPath, parseMode } from './inputs';

/** The writes of a batch that passed their checks, each with its index in the caller's list. */
export interface PreparedBatch {
  ops: WriteOp[];
  indexes: number[];
  failures: BatchFailure[];
}

/**
 * Checks every item of a batch and turns it into a write. An item without an id and path is
 * a document of its own: keyed by its id field, else (for `write`) a generated id; `append`
 * adds it as the collection's append does. Bad items become failures; the rest go on.
 */
export function prepareBatch(items: unknown, settings: OperationSettings): PreparedBatch {
  if (!Array.isArray(items)) {
    throw new StorageError('INVALID_ARGUMENT', `batchWrite takes a list of { data, documentId?, mode?, path? } items; got ${items === null ? 'null' : typeof items}.`, {
      provider: 'json',
    });
  }
  const prepared: PreparedBatch = { ops: [], indexes: [], failures: [] };
  items.forEach((raw: unknown, index) => {
    const item = (raw ?? {}) as Partial<BatchWriteItem>;
    try {
      if (typeof raw !== 'object' || raw === null || !('data' in raw)) {
        throw new StorageError('INVALID_ARGUMENT', `items[${index}] must be an object with a data field.`, { provider: 'json' });
      }
      const mode = parseMode(item.mode);
      const path = optionalPath(item.path);
      const data = toStored(item.data, `items[${index}].data`, path?.length);
      let id = checkId(item.documentId);
      if (id === undefined && path === undefined && mode !== 'append') {
        id = itemId(data, settings.idField) ?? (mode === 'write' ? settings.newId() : undefined);
        if (id === undefined) {
          throw new StorageError('INVALID_ARGUMENT', `items[${index}] updates a document but has no documentId and no "${settings.idField}" field.`, { provider: 'json' });
        }
      }
      prepared.ops.push({ mode, data, ...(id === undefined ? {} : { id }), ...(path ? { path } : {}) });
      prepared.indexes.push(index);
    } catch (error) {
      if (!isItemFailure(error)) throw error;
      prepared.failures.push(itemFailure(index, item.documentId, error));
    }
  });
  return prepared;
}
