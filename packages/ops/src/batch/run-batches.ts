import { StorageError } from '@agentmap/storage-core';
import { type BatchSettings, resolveBatchSettings } from './options';
import { abortReason, asStorageError, raceSignal } from './errors';

/** What a handler is told about the batch it works on. */
export interface BatchContext {
  /** Fires when the batch times out (`TIMEOUT`) or the run is aborted; pass it to store calls. */
  signal: AbortSignal;
  /** The batch's number, from 0, in input order. */
  batch: number;
}

/** The outcome of one input item, with its position in the input. */
export type BatchItemResult<T, R> =
  | { index: number; item: T; ok: true; value: R }
  | { index: number; item: T; ok: false; error: StorageError };

/** Options of {@link runBatches} and {@link runBatch}. */
export interface RunBatchesOptions<T, R> extends BatchSettings {
  /** Handles one item; its failure fails that item only. Give this or `processBatch`. */
  processItem?: (item: T, context: BatchContext) => Promise<R>;
  /** Handles a whole batch and returns one value per item, in order; a throw fails every item of the batch. */
  processBatch?: (items: T[], context: BatchContext) => Promise<R[]>;
  /** Items of one batch handled at once by `processItem`. Default 1 (one after another). */
  itemConcurrency?: number;
  /** Aborts the run: unfinished items fail with `ABORTED` and no new batch starts. */
  signal?: AbortSignal;
}

type Indexed<T> = { index: number; item: T };

/**
 * Runs items through a handler in batches (`batchSize` items each, at most `parallelBatches`
 * batches at once, each bounded by `timeoutPerBatchMs`) and yields one result per item, as
 * batches finish. Input is pulled only as batches start and results are held only until they
 * are consumed, so memory stays bounded for any number of items. Every item is reported:
 * a failure is a result with its `StorageError`, never a lost item.
 *
 * ```ts
 * for await (const r of runBatches(keys, { processItem: (key, { signal }) => store.delete(key, { signal }) })) {
 *   if (!r.ok) console.error(r.index, r.error.code);
 * }
 * ```
 */
export async function* runBatches<T, R>(items: Iterable<T> | AsyncIterable<T>, options: RunBatchesOptions<T, R>): AsyncGenerator<BatchItemResult<T, R>> {
  const settings = resolveBatchSettings(options, 'runBatches');
  const handle = handlerOf(options);
  const itemConcurrency = options.itemConcurrency ?? 1;
  if (!Number.isInteger(itemConcurrency) || itemConcurrency < 1) {
    throw new StorageError('INVALID_ARGUMENT', 'runBatches: itemConcurrency must be a whole number, 1 or more.', { provider: 'ops' });
  }
  const run = new AbortController();
  const onOuterAbort = () => run.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const source = iteratorOf(items);
  const running = new Map<number, Promise<{ id: number; results: BatchItemResult<T, R>[] }>>();
  let index = 0;
  let batchNumber = 0;
  let exhausted = false;

  const startBatches = async () => {
    while (!exhausted && running.size < settings.parallelBatches && !run.signal.aborted) {
      const batch: Indexed<T>[] = [];
      while (batch.length < settings.batchSize) {
        const next = await source.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        batch.push({ index: index++, item: next.value });
      }
      if (batch.length === 0) break;
      const id = batchNumber++;
      running.set(id, runOne(batch, id).then((results) => ({ id, results })));
    }
  };

  const runOne = async (batch: Indexed<T>[], id: number): Promise<BatchItemResult<T, R>[]> => {
    const controller = new AbortController();
    const onRunAbort = () => controller.abort(run.signal.reason);
    run.signal.addEventListener('abort', onRunAbort, { once: true });
    const timer = setTimeout(() => {
      controller.abort(new StorageError('TIMEOUT', `Batch ${id} did not finish within timeoutPerBatchMs (${settings.timeoutPerBatchMs} ms); raise it or lower batchSize.`, { provider: 'ops' }));
    }, settings.timeoutPerBatchMs);
    try {
      return await handle(batch, { signal: controller.signal, batch: id }, itemConcurrency);
    } finally {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onRunAbort);
    }
  };

  try {
    await startBatches();
    while (running.size > 0) {
      const { id, results } = await Promise.race(running.values());
      running.delete(id);
      yield* results;
      await startBatches();
    }
    if (run.signal.aborted && !exhausted) {
      // Items never pulled are not lost silently: the caller hears the run stopped early.
      throw options.signal?.aborted ? abortReason(options.signal) : new StorageError('ABORTED', 'The batch run was aborted before every item was read.', { provider: 'ops' });
    }
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (running.size > 0) run.abort(new StorageError('ABORTED', 'The batch run was stopped by its consumer.', { provider: 'ops' }));
    await source.return?.();
  }
}

function handlerOf<T, R>(options: RunBatchesOptions<T, R>): (batch: Indexed<T>[], context: BatchContext, itemConcurrency: number) => Promise<BatchItemResult<T, R>[]> {
  const { processItem, processBatch } = options;
  if ((processItem === undefined) === (processBatch === undefined)) {
    throw new StorageError('INVALID_ARGUMENT', 'runBatches needs exactly one of processItem(item, context) or processBatch(items, context).', { provider: 'ops' });
  }
  if (processBatch) {
    return async (batch, context) => {
      try {
        const values = await raceSignal(Promise.resolve().then(() => processBatch(batch.map((b) => b.item), context)), context.signal);
        if (!Array.isArray(values) || values.length !== batch.length) {
          throw new StorageError('INTERNAL', `processBatch returned ${Array.isArray(values) ? values.length : 'no'} results for ${batch.length} items; return one per item, in order.`, { provider: 'ops' });
        }
        return batch.map(({ index, item }, i) => ({ index, item, ok: true as const, value: values[i] as R }));
      } catch (error) {
        const failure = asStorageError(error);
        return batch.map(({ index, item }) => ({ index, item, ok: false as const, error: failure }));
      }
    };
  }
  return async (batch, context, itemConcurrency) => {
    const results = new Array<BatchItemResult<T, R>>(batch.length);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const position = next++;
        const { index, item } = batch[position]!;
        try {
          const value = await raceSignal(Promise.resolve().then(() => processItem!(item, context)), context.signal);
          results[position] = { index, item, ok: true, value };
        } catch (error) {
          results[position] = { index, item, ok: false, error: asStorageError(error) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(itemConcurrency, batch.length) }, worker));
    return results;
  };
}

function iteratorOf<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (items !== null && typeof items === 'object' && Symbol.asyncIterator in items) return (items)[Symbol.asyncIterator]();
  if (items !== null && items !== undefined && typeof (items)[Symbol.iterator] === 'function') {
    const sync = (items)[Symbol.iterator]();
    return {
      next: async () => sync.next(),
      return: async () => sync.return?.() ?? { done: true, value: undefined },
    };
  }
  throw new StorageError('INVALID_ARGUMENT', 'runBatches needs an iterable or async iterable of items (an array, a generator, a store listing).', { provider: 'ops' });
}
