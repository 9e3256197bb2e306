import type { ObjectStore } from '@agentmap/storage-core';

/** A store and the prefix inside it that a migration reads from or writes to. */
export interface MigrationEndpoint {
  store: ObjectStore;
  /** Treated as a folder: `data` means keys under `data/`. Default: the whole store. */
  prefix?: string;
}

/** What happened to one object. */
export type MigrationItemStatus =
  /** Written to the destination. */
  | 'copied'
  /** Already at the destination with the same bytes; not written again. */
  | 'unchanged'
  /** At the destination with other bytes, or changed there while copying: left alone (see `overwrite`). */
  | 'conflict'
  /** Copied, but the destination's size or digest differs from the source's (`verify`). */
  | 'mismatch'
  /** The source object disappeared before it could be read. */
  | 'vanished'
  | 'failed'
  /** Dry run: would be written. */
  | 'would-copy'
  /** Dry run: exists at the destination; a real run compares it and copies only with `overwrite`. */
  | 'would-compare';

/** One object's outcome, as reported to `onItem` and kept in the summary when it is a problem. */
export interface MigrationItem {
  /** The source key. */
  key: string;
  /** The destination key. */
  destination: string;
  status: MigrationItemStatus;
  /** Bytes written (0 unless copied). */
  bytes: number;
  /** For `failed`, `conflict`, `mismatch`: the error code and what to do. */
  error?: { code: string; message: string };
}

/** The running totals sent to `onProgress`. */
export interface MigrationProgress {
  phase: 'counting' | 'copying' | 'done';
  /** Objects in scope, when counted first (`countFirst`). */
  total?: number;
  /** Their bytes, when counted first. */
  totalBytes?: number;
  /** Objects settled so far in this run. */
  processed: number;
  copied: number;
  unchanged: number;
  /** Skipped because the checkpoint says an earlier run finished them. */
  resumed: number;
  conflicts: number;
  mismatches: number;
  failed: number;
  /** Bytes written so far. */
  bytes: number;
  /** Bytes of objects settled so far (written or not), for rates against `totalBytes`. */
  settledBytes: number;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Objects copied at once. Default 8. */
  concurrency?: number;
  /** Report what would happen; write nothing (not even a checkpoint). */
  dryRun?: boolean;
  /** Continue from the checkpoint of an earlier run with the same endpoints and filters. */
  resume?: boolean;
  /** Re-read every copied object from the destination and compare size and SHA-256 with the source. */
  verify?: boolean;
  /** Globs on the key relative to the source prefix (picomatch, dot files included); default: everything. */
  include?: readonly string[];
  /** Globs to leave out; they win over `include`. */
  exclude?: readonly string[];
  /**
   * What to do with an object that already exists at the destination with other bytes:
   * `never` (default) reports a `conflict` and leaves it; `changed` replaces it, conditional on
   * the etag it was compared against, so a write that lands meanwhile is never clobbered.
   */
  overwrite?: 'never' | 'changed';
  /** Where the checkpoint lives. Default: the destination store, under `.agentmap/migrations/`. */
  checkpoint?: { store?: ObjectStore; key?: string };
  /** Write the checkpoint at most this often while copying (ms). Default 1000. */
  checkpointIntervalMs?: number;
  /** Retries of one object's copy after a retryable failure (`UNAVAILABLE`, `TIMEOUT`). Default 2. */
  retries?: number;
  /** List the source once first, so progress has a total (and an ETA). Default: true when `onProgress` is given. */
  countFirst?: boolean;
  onProgress?: (progress: MigrationProgress) => void;
  onItem?: (item: MigrationItem) => void;
  signal?: AbortSignal;
}

/** What {@link migrate} did. */
export interface MigrationSummary extends Omit<MigrationProgress, 'phase'> {
  /** True when every object in scope is at the destination with the source's bytes. */
  success: boolean;
  dryRun: boolean;
  verified: boolean;
  /** The checkpoint used, or undefined for a dry run. */
  checkpoint?: string;
  /** Objects that need attention (conflict, mismatch, failed, vanished), up to 1000. */
  problems: MigrationItem[];
  /** For a dry run: the objects that would be copied or compared, up to 1000. */
  planned: MigrationItem[];
  /** False when the destination does not enforce conditional writes, so creates were checked then written. */
  conditionalWrites: boolean;
  durationMs: number;
}
