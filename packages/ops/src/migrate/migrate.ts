import { type ObjectStore, StorageError, isStorageError } from '@agentmap/storage-core';
import { asStorageError } from '../batch/errors';
import { CheckpointFile, type CheckpointState, ProgressWindow, defaultCheckpointKey, migrationId } from './checkpoint';
import { type CopyContext, migrateObject } from './copy-object';
import { folderPrefix, keyFilter } from './filter';
import type { MigrateOptions, MigrationEndpoint, MigrationItem, MigrationProgress, MigrationSummary } from './types';

const KEPT = 1000;
const PROBLEMS = new Set(['conflict', 'mismatch', 'failed', 'vanished']);

/**
 * Copies every object under one store's prefix to another store's prefix (any two backends):
 * streamed, `concurrency` objects at a time, each created only where nothing exists yet
 * (`ifNoneMatch: '*'`), so racing migrations or writers never clobber newer data. A
 * checkpoint in the destination (or `checkpoint.store`) records progress; `resume: true`
 * after a crash skips what was finished, and an object whose copy was cut off is compared,
 * not written twice. `verify` re-reads each copy and compares size and SHA-256.
 *
 * ```ts
 * const summary = await migrate({ store: local, prefix: 'data' }, { store: s3, prefix: 'backup' }, { resume: true, verify: true });
 * if (!summary.success) console.error(summary.problems);
 * ```
 */
export async function migrate(from: MigrationEndpoint | ObjectStore, to: MigrationEndpoint | ObjectStore, options: MigrateOptions = {}): Promise<MigrationSummary> {
  const started = performance.now();
  const source = endpointOf(from, 'from');
  const target = endpointOf(to, 'to');
  const concurrency = wholeNumber(options.concurrency ?? 8, 'concurrency', 1);
  const retries = wholeNumber(options.retries ?? 2, 'retries', 0);
  const interval = wholeNumber(options.checkpointIntervalMs ?? 1000, 'checkpointIntervalMs', 0);
  const fromPrefix = folderPrefix(source.prefix);
  const toPrefix = folderPrefix(target.prefix);
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  const wanted = keyFilter(include, exclude);
  const dryRun = options.dryRun === true;
  const verify = options.verify === true;
  const signal = options.signal;
  const signalOption = signal ? { signal } : {};
  if (source.store === target.store && overlaps(fromPrefix, toPrefix)) {
    throw new StorageError('INVALID_ARGUMENT', `migrate: the source prefix "${fromPrefix}" and the destination prefix "${toPrefix}" overlap in one store; choose prefixes that do not contain each other.`, { provider: 'ops' });
  }

  const id = migrationId({ from: source.store.location, fromPrefix, to: target.store.location, toPrefix, include, exclude });
  const checkpoint = dryRun ? undefined : new CheckpointFile(options.checkpoint?.store ?? target.store, options.checkpoint?.key ?? defaultCheckpointKey(id));
  let saved: CheckpointState | undefined;
  if (checkpoint) {
    if (options.resume) saved = await checkpoint.load(signal);
    else await checkpoint.adopt(signal);
  }
  // Verification must look at every object, so finished ones are compared, not skipped.
  const skipDone = saved !== undefined && !verify;
  const doneAfter = new Set(skipDone ? saved!.doneAfter : []);
  const retryFirst = saved?.retry ?? [];
  const startAfter = skipDone ? saved!.watermark : undefined;

  const progress: MigrationProgress = { phase: 'copying', processed: 0, copied: 0, unchanged: 0, resumed: 0, conflicts: 0, mismatches: 0, failed: 0, bytes: 0, settledBytes: 0 };
  const problems: MigrationItem[] = [];
  const planned: MigrationItem[] = [];
  const report = () => options.onProgress?.({ ...progress });

  const listing = async function* (after: string | undefined): AsyncGenerator<{ key: string; size: number }> {
    for await (const entry of source.store.list(fromPrefix, { ...(after === undefined ? {} : { startAfter: after }), ...signalOption })) {
      if (entry.kind !== 'object') continue;
      if (!wanted(entry.key.slice(fromPrefix.length), entry.key)) continue;
      yield { key: entry.key, size: entry.size };
    }
  };

  if (options.countFirst ?? options.onProgress !== undefined) {
    progress.phase = 'counting';
    let total = 0;
    let totalBytes = 0;
    for (const key of retryFirst) {
      if (wanted(key.slice(fromPrefix.length), key)) total++;
    }
    for await (const entry of listing(startAfter)) {
      if (doneAfter.has(entry.key)) continue;
      total++;
      totalBytes += entry.size;
    }
    progress.total = total;
    progress.totalBytes = totalBytes;
    progress.phase = 'copying';
    report();
  }
  if (skipDone) progress.resumed = saved!.done ?? saved!.doneAfter.length;

  const context: CopyContext = { from: source.store, to: target.store, overwrite: options.overwrite ?? 'never', verify, dryRun, conditional: target.store.capabilities.conditionalWrite, retries, signal };
  const window = new ProgressWindow(startAfter, Math.max(concurrency * 64, 256), skipDone ? progress.resumed : 0);
  const base = { id, from: `${source.store.location}/${fromPrefix}`, to: `${target.store.location}/${toPrefix}` };
  let lastSave = 0;
  let saveFailure: unknown;
  const saveSoon = (force = false) => {
    if (!checkpoint || saveFailure !== undefined) return;
    const now = Date.now();
    if (!force && now - lastSave < interval) return;
    lastSave = now;
    checkpoint.save(window.snapshot(base)).catch((error: unknown) => {
      saveFailure ??= error;
    });
  };

  const settle = (item: MigrationItem, size: number) => {
    progress.processed++;
    progress.settledBytes += size;
    progress.bytes += item.status === 'copied' ? item.bytes : 0;
    if (item.status === 'copied') progress.copied++;
    else if (item.status === 'unchanged') progress.unchanged++;
    else if (item.status === 'conflict') progress.conflicts++;
    else if (item.status === 'mismatch') progress.mismatches++;
    else if (item.status === 'failed' || item.status === 'vanished') progress.failed++;
    if (PROBLEMS.has(item.status) && problems.length < KEPT) problems.push(item);
    if (dryRun && planned.length < KEPT) planned.push(item);
    options.onItem?.(item);
    report();
  };
  const ok = (item: MigrationItem) => item.status === 'copied' || item.status === 'unchanged' || item.status === 'vanished';

  const running = new Set<Promise<void>>();
  const start = (key: string, size: number, slot: { settle(ok: boolean): void } | undefined) => {
    const destination = toPrefix + key.slice(fromPrefix.length);
    const task = migrateObject(context, key, destination, size).then((item) => {
      settle(item, size);
      slot?.settle(ok(item));
      if (!slot && !ok(item)) window.retry.add(key);
      if (!slot && ok(item)) window.done++;
      saveSoon();
    });
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
  };
  const drainTo = async (limit: number) => {
    while (running.size > limit) await Promise.race(running);
  };
  const stopIfNeeded = () => {
    if (saveFailure !== undefined) throw asStorageError(saveFailure);
    if (signal?.aborted) throw isStorageError(signal.reason) ? signal.reason : new StorageError('ABORTED', 'The migration was aborted; run it again with resume to continue.', { provider: 'ops', cause: signal.reason });
  };

  try {
    // Objects an earlier run could not finish come first; they lie before the watermark.
    const retried = new Set<string>();
    for (const key of retryFirst) {
      if (!wanted(key.slice(fromPrefix.length), key)) continue;
      stopIfNeeded();
      retried.add(key);
      await drainTo(concurrency - 1);
      const info = await source.store.head(key, signalOption);
      if (!info) {
        settle({ key, destination: toPrefix + key.slice(fromPrefix.length), status: 'vanished', bytes: 0 }, 0);
        continue;
      }
      start(key, info.size, undefined);
    }
    for await (const entry of listing(startAfter)) {
      stopIfNeeded();
      if (doneAfter.has(entry.key) || retried.has(entry.key)) continue;
      await drainTo(concurrency - 1);
      await window.room();
      start(entry.key, entry.size, window.add(entry.key));
    }
    await drainTo(0);
    stopIfNeeded();
  } catch (error) {
    await Promise.allSettled(running);
    if (checkpoint && saveFailure === undefined) await checkpoint.save(window.snapshot(base)).catch(() => undefined);
    throw error;
  }

  const success = progress.conflicts === 0 && progress.mismatches === 0 && progress.failed === 0;
  if (checkpoint) {
    // A finished migration leaves nothing behind; an unfinished one keeps what to retry.
    if (success) await checkpoint.remove();
    else await checkpoint.save(window.snapshot(base));
  }
  progress.phase = 'done';
  report();
  const { phase: _phase, ...totals } = progress;
  return {
    ...totals,
    success,
    dryRun,
    verified: verify,
    ...(checkpoint ? { checkpoint: checkpoint.location } : {}),
    problems,
    planned,
    conditionalWrites: context.conditional,
    durationMs: performance.now() - started,
  };
}

function endpointOf(value: MigrationEndpoint | ObjectStore, name: string): MigrationEndpoint {
  const endpoint = isStore(value) ? { store: value } : value;
  if (!endpoint || !isStore(endpoint.store)) {
    throw new StorageError('INVALID_ARGUMENT', `migrate: ${name} must be an ObjectStore or { store, prefix }.`, { provider: 'ops' });
  }
  if (endpoint.prefix !== undefined && typeof endpoint.prefix !== 'string') {
    throw new StorageError('INVALID_ARGUMENT', `migrate: ${name}.prefix must be a string such as "data/2024".`, { provider: 'ops' });
  }
  return endpoint;
}

function isStore(value: unknown): value is ObjectStore {
  return typeof value === 'object' && value !== null && typeof (value as ObjectStore).getStream === 'function' && typeof (value as ObjectStore).list === 'function';
}

function overlaps(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

function wholeNumber(value: number, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new StorageError('INVALID_ARGUMENT', `migrate: ${name} must be a whole number, ${min} or more.`, { provider: 'ops' });
  }
  return value;
}
