import { mapLimit } from '@agentmap/storage-core';
import type { BatchFailure } from '../types';
import type { WriteOp } from '../operations/settings';
import { isItemFailure, itemFailure } from './batch-failure';
import type { BatchOutcome, ResultFields } from './layout';

/**
 * Runs a batch one write per item: items of the same document in order, different documents
 * with bounded parallelism. Item failures are collected; other errors fail the batch.
 */
export async function runBatchGroups(ops: readonly WriteOp[], concurrency: number, write: (op: WriteOp) => Promise<ResultFields>, signal?: AbortSignal): Promise<BatchOutcome> {
  const groups = new Map<string, number[]>();
  ops.forEach((op, index) => {
    const group = op.id === undefined ? `#${index}` : `=${String(op.id)}`;
    groups.set(group, [...(groups.get(group) ?? []), index]);
  });
  const failures: BatchFailure[] = [];
  const ids: string[] = [];
  let written = 0;
  await mapLimit([...groups.values()], concurrency, async (indexes) => {
    for (const index of indexes) {
      const op = ops[index]!;
      try {
        const fields = await write(op);
        written++;
        ids.push(...(fields.ids ?? (fields.documentId === undefined ? [] : [fields.documentId])));
      } catch (error) {
        if (!isItemFailure(error)) throw error;
        failures.push(itemFailure(index, op.id, error));
      }
    }
  }, signal);
  failures.sort((a, b) => a.index - b.index);
  return { fields: { rowsWritten: written, ids }, failures };
}
