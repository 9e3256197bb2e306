import type { DocumentId, StorageService, WriteMode } from '@agentmap/storage-core';
import { StorageError } from '@agentmap/storage-core';
import type { StorageError as StorageErrorType } from '@agentmap/storage-core';
import { type BatchItemResult, type RunBatchesOptions, runBatches } from './run-batches';
import type { BatchSettings } from './options';

/** One failed item of a run. */
export interface BatchFailure<T> {
  index: number;
  item: T;
  error: StorageErrorType;
}

/** The aggregated outcome of {@link runBatch}. */
export interface BatchSummary<T, R> {
  /** True when every item succeeded. */
  success: boolean;
  total: number;
  succeeded: number;
  failed: number;
  /** Every failed item with its error, in input order. */
  failures: BatchFailure<T>[];
  /** The values of succeeded items by index, only with `keepValues: true`. */
  values?: Map<number, R>;
  durationMs: number;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions<T, R> extends RunBatchesOptions<T, R> {
  /** Keep each succeeded item's value in the summary (memory grows with the input). Default false. */
  keepValues?: boolean;
  /** Told about each item as it settles (progress, logging). */
  onResult?: (result: BatchItemResult<T, R>) => void;
}

/**
 * Runs {@link runBatches} to the end and aggregates: counts, and every failure with its item
 * and `StorageError`. Successful items are only counted unless `keepValues` is set, so a run
 * over millions of items holds only what failed.
 */
export async function runBatch<T, R>(items: Iterable<T> | AsyncIterable<T>, options: RunBatchOptions<T, R>): Promise<BatchSummary<T, R>> {
  const started = performance.now();
  const failures: BatchFailure<T>[] = [];
  const values = options.keepValues ? new Map<number, R>() : undefined;
  let total = 0;
  for await (const result of runBatches(items, options)) {
    total++;
    options.onResult?.(result);
    if (result.ok) values?.set(result.index, result.value);
    else failures.push({ index: result.index, item: result.item, error: result.error });
  }
  failures.sort((a, b) => a.index - b.index);
  return {
    success: failures.length === 0,
    total,
    succeeded: total - failures.length,
    failed: failures.length,
    failures,
    ...(values ? { values } : {}),
    durationMs: performance.now() - started,
  };
}

/** Options of {@link batchWrite}. */
export interface BatchWriteOptions<D> extends BatchSettings {
  /** The field of each item holding its document id. Default `id`. */
  idField?: string;
  /** Or compute the id of each item (takes precedence over `idField`). */
  idOf?: (item: D, index: number) => DocumentId | undefined;
  /** The write mode of every item. Default `write`. */
  mode?: WriteMode;
  signal?: AbortSignal;
}

/** What {@link batchWrite} reports: one entry per failed item, nothing lost. */
export interface BatchWriteResult {
  success: boolean;
  operation: 'batch_write';
  collection: string;
  total: number;
  rowsWritten: number;
  failed: number;
  /** Every failed item: its position, id, and the error code and message. */
  errors: Array<{ index: number; documentId?: string; code: string; message: string }>;
  durationMs: number;
}

/**
 * The guide's `batch_write`, without its data loss: each item is written under its own id (so
 * no item replaces another), batches run with bounded parallelism, and every failed item is
 * reported. An item without an id is refused (`INVALID_ARGUMENT` in `errors`), never written
 * over the collection.
 *
 * ```ts
 * const result = await batchWrite(json, 'users', users, { idField: 'id', parallelBatches: 4 });
 * ```
 */
export async function batchWrite<D>(service: Pick<StorageService<unknown, D>, 'write'>, collection: string, items: Iterable<D> | AsyncIterable<D>, options: BatchWriteOptions<D> = {}): Promise<BatchWriteResult> {
  const idField = options.idField ?? 'id';
  const idOf = options.idOf ?? ((item: D) => (item !== null && typeof item === 'object' ? ((item as Record<string, unknown>)[idField] as DocumentId | undefined) : undefined));
  let position = 0;
  const summary = await runBatch<{ item: D; index: number }, number>(
    (async function* () {
      for await (const item of items) yield { item, index: position++ };
    })(),
    {
      ...options,
      processItem: async ({ item, index }) => {
        const id = idOf(item, index);
        if (id === undefined || id === null || id === '') {
          throw new StorageError('INVALID_ARGUMENT', `Item ${index} has no id (${options.idOf ? 'idOf returned none' : `no "${idField}" field`}); give every item an id, or set idField / idOf.`, { provider: 'ops' });
        }
        const result = await service.write(collection, item, id, options.mode ? { mode: options.mode } : {});
        if (!result.success) {
          throw new StorageError(result.error?.code ?? 'INTERNAL', result.error?.message ?? `Writing item ${index} failed.`, { provider: 'ops', key: String(id) });
        }
        return result.rowsWritten ?? result.totalAffected ?? 1;
      },
    },
  );
  const errors = summary.failures.map((failure) => {
    const id = safeId(idOf, failure.item.item, failure.item.index);
    return { index: failure.item.index, ...(id === undefined ? {} : { documentId: id }), code: failure.error.code, message: failure.error.message };
  });
  return {
    success: summary.success,
    operation: 'batch_write',
    collection,
    total: summary.total,
    rowsWritten: summary.succeeded,
    failed: summary.failed,
    errors,
    durationMs: summary.durationMs,
  };
}

function safeId<D>(idOf: (item: D, index: number) => DocumentId | undefined, item: D, index: number): string | undefined {
  try {
    const id = idOf(item, index);
    return id === undefined || id === null || id === '' ? undefined : String(id);
  } catch {
    return undefined;
  }
}
