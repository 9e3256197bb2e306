import { type MigrationSummary, migrate } from '@agentmap/storage-ops';
import { StorageError } from '@agentmap/storage-core';
import Table from 'cli-table3';
import type { Targets } from '../context';
import { EXIT_CODES } from '../exit-codes';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';
import { progressView } from '../progress';

export interface MigrateCommandOptions extends GlobalOptions {
  dryRun?: boolean;
  resume?: boolean;
  verify?: boolean;
  include?: string[];
  exclude?: string[];
  concurrency?: string;
  overwrite?: boolean;
  checkpoint?: string;
  progressInterval?: string;
  quiet?: boolean;
}

/** `migrate <from-uri> <to-uri>`: copies every object under one prefix to another. */
export async function migrateCommand(io: Io, targets: Targets, fromUri: string, toUri: string, options: MigrateCommandOptions, signal: AbortSignal): Promise<number> {
  const from = targets.prefix(fromUri);
  const to = targets.prefix(toUri);
  const checkpointStore = options.checkpoint === undefined ? undefined : targets.prefix(options.checkpoint).store;
  const view = progressView(io, { intervalMs: positive(options.progressInterval ?? '1000', '--progress-interval'), quiet: options.quiet === true });
  let summary: MigrationSummary;
  try {
    summary = await migrate(
      { store: from.store, prefix: from.key },
      { store: to.store, prefix: to.key },
      {
        ...(options.concurrency === undefined ? {} : { concurrency: positive(options.concurrency, '--concurrency') }),
        dryRun: options.dryRun === true,
        resume: options.resume === true,
        verify: options.verify === true,
        ...(options.include ? { include: options.include } : {}),
        ...(options.exclude ? { exclude: options.exclude } : {}),
        overwrite: options.overwrite ? 'changed' : 'never',
        ...(checkpointStore ? { checkpoint: { store: checkpointStore } } : {}),
        onProgress: (p) => view.update(p),
        signal,
      },
    );
  } finally {
    view.stop();
  }
  if (options.json) writeJson(io, summary);
  else printSummary(io, summary, fromUri, toUri);
  return summary.success ? EXIT_CODES.OK : EXIT_CODES.PROBLEMS;
}

function printSummary(io: Io, s: MigrationSummary, fromUri: string, toUri: string): void {
  if (s.dryRun) {
    writeLine(io, `dry run: ${fromUri} -> ${toUri}; nothing was written`);
    for (const item of s.planned) writeLine(io, `  ${item.status.padEnd(13)} ${item.key} -> ${item.destination}`);
  }
  const table = new Table({ head: ['copied', 'unchanged', 'resumed', 'conflicts', 'mismatches', 'failed', 'MiB', 'seconds'], style: { head: [], border: [] } });
  table.push([s.copied, s.unchanged, s.resumed, s.conflicts, s.mismatches, s.failed, (s.bytes / 1048576).toFixed(1), (s.durationMs / 1000).toFixed(1)]);
  writeLine(io, table.toString());
  for (const problem of s.problems) writeLine(io, `  ${problem.status}: ${problem.key} -> ${problem.destination}: ${problem.error?.code ?? ''} ${problem.error?.message ?? ''}`);
  if (!s.conditionalWrites) writeLine(io, 'note: the destination does not enforce conditional writes; creates were checked, then written.');
  if (!s.dryRun) writeLine(io, s.success ? `migrated ${fromUri} -> ${toUri}${s.verified ? ' (verified)' : ''}` : `incomplete: fix the problems above, then run again with --resume`);
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new StorageError('INVALID_ARGUMENT', `${name} must be a whole number, 1 or more; got ${JSON.stringify(value)}.`, { provider: 'cli' });
  return n;
}
