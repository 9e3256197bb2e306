import { StorageError } from '@agentmap/storage-core';
import { z } from 'zod';

/** How a batch run is cut up and paced: the guide's `batch_processing` settings, in camelCase. */
export interface BatchSettings {
  /** Items per batch. Default 100 (`default_batch_size`). */
  batchSize?: number;
  /** Upper bound on `batchSize`, whatever asks for more. Default 1000 (`max_batch_size`). */
  maxBatchSize?: number;
  /** Batches in flight at once. Default 4 (`parallel_batches`). */
  parallelBatches?: number;
  /** A batch still running after this many ms is aborted; its unfinished items fail with `TIMEOUT`. Default 300 000 (`timeout_per_batch`). */
  timeoutPerBatchMs?: number;
}

/** The settings with every default applied. */
export type ResolvedBatchSettings = Required<BatchSettings>;

export const BATCH_DEFAULTS: ResolvedBatchSettings = { batchSize: 100, maxBatchSize: 1000, parallelBatches: 4, timeoutPerBatchMs: 300_000 };

/** Checks settings and applies defaults; a bad value is `INVALID_ARGUMENT` naming the option. */
export function resolveBatchSettings(settings: BatchSettings = {}, where = 'batch options'): ResolvedBatchSettings {
  const whole = (name: keyof BatchSettings, min: number): number => {
    const value = settings[name] ?? BATCH_DEFAULTS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new StorageError('INVALID_ARGUMENT', `${where}: ${name} must be a whole number, ${min} or more.`, { provider: 'ops' });
    }
    return value;
  };
  const maxBatchSize = whole('maxBatchSize', 1);
  return {
    batchSize: Math.min(whole('batchSize', 1), maxBatchSize),
    maxBatchSize,
    parallelBatches: whole('parallelBatches', 1),
    timeoutPerBatchMs: whole('timeoutPerBatchMs', 1),
  };
}

const count = (what: string) => z.number({ error: `expected ${what}: a whole number, 1 or more` }).int({ error: `expected ${what}: a whole number, 1 or more` }).min(1, { error: `expected ${what}: a whole number, 1 or more` });

/** The `storage.batch_processing` section as the guide writes it; unknown keys are kept. */
export const batchConfigSchema = z.looseObject(
  {
    enabled: z.boolean({ error: 'expected true or false' }).optional(),
    default_batch_size: count('a batch size').optional(),
    max_batch_size: count('a batch size').optional(),
    parallel_batches: count('a number of batches').optional(),
    timeout_per_batch: z.number({ error: 'expected a number of seconds' }).positive({ error: 'expected a number of seconds above 0' }).optional(),
    providers: z
      .record(
        z.string(),
        z.looseObject({ batch_size: count('a batch size').optional(), parallel_uploads: count('a number of uploads').optional() }, { error: 'expected a mapping such as { batch_size: 100 }' }),
        { error: 'expected a mapping of provider names (azure, aws, gcp) to their batch settings' },
      )
      .optional(),
  },
  { error: 'expected a mapping (default_batch_size: …, parallel_batches: …)' },
);

export type BatchConfig = z.infer<typeof batchConfigSchema>;

/** The config key of each store `provider` in the guide's per-provider sections. */
const CONFIG_KEYS: Record<string, string> = { s3: 'aws', gcs: 'gcp' };

/**
 * Reads `storage.batch_processing` (the section, or a whole loaded config holding it) into
 * {@link BatchSettings}; `provider` (a store's `provider`: `s3`, `azure`, `gcs`) applies that
 * provider's `batch_size`. `timeout_per_batch` is in seconds. A bad value is `INVALID_ARGUMENT`
 * naming its exact path.
 */
export function batchSettingsFromConfig(config: unknown, provider?: string): BatchSettings {
  const holder = config as { batch_processing?: unknown } | undefined;
  const section = holder !== null && typeof holder === 'object' && 'batch_processing' in holder ? holder.batch_processing : config;
  if (section === undefined || section === null) return {};
  const parsed = batchConfigSchema.safeParse(section);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `storage.batch_processing${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`);
    throw new StorageError('INVALID_ARGUMENT', `The batch settings have ${issues.length} problem(s): ${issues.join('; ')}.`, { provider: 'config', details: { issues } });
  }
  const data = parsed.data;
  const tuned = provider === undefined ? undefined : (data.providers?.[CONFIG_KEYS[provider] ?? provider] ?? data.providers?.[provider]);
  const settings: BatchSettings = {};
  const batchSize = tuned?.batch_size ?? data.default_batch_size;
  if (batchSize !== undefined) settings.batchSize = batchSize;
  if (data.max_batch_size !== undefined) settings.maxBatchSize = data.max_batch_size;
  if (data.parallel_batches !== undefined) settings.parallelBatches = data.parallel_batches;
  if (data.timeout_per_batch !== undefined) settings.timeoutPerBatchMs = Math.round(data.timeout_per_batch * 1000);
  return settings;
}
