import { z } from 'zod';
import { configReaders } from './readers';
import type { ServiceConfig, StorageConfig } from './types';

const { text, flag, mapping } = configReaders;
const bytes = z.number({ error: 'expected a size: a byte count or a string such as "100MB"' }).int().min(0, { error: 'expected a size of 0 bytes or more' });

/**
 * Provider sections by config key. Core knows none of them: each backend's descriptor
 * validates its own section when a router (or the loader, given `backends`) sees it.
 */
const providers = z.record(z.string(), mapping('the settings of one provider'), {
  error: 'expected a mapping of provider names (local, memory, or a backend\'s config key such as aws) to their settings',
});

const serviceOptions = z.looseObject(
  {
    base_directory: text('a directory path').optional(),
    encoding: text('an encoding such as "utf-8"').optional(),
    max_file_size: bytes.optional(),
    allowed_extensions: z.array(text('a file extension such as ".txt"'), { error: 'expected a list of extensions such as [".txt", ".md"]' }).optional(),
    allow_binary: flag().optional(),
    validate_paths: flag().optional(),
  },
  { error: 'expected a mapping of service options' },
);

const service = z.looseObject(
  {
    provider: text('a service name').optional(),
    default_provider: text('a provider name: local, memory or a backend\'s config key').optional(),
    providers: providers.optional(),
    options: serviceOptions.optional(),
  },
  { error: 'expected a mapping with default_provider, providers and options' },
);

/** Validates the `storage:` section (after `env:` references and sizes are resolved). */
export const storageConfigSchema: z.ZodType<StorageConfig> = z.looseObject(
  {
    json: service.optional(),
    csv: service.optional(),
    file: service.optional(),
    vector: mapping('vector settings').optional(),
    cache: mapping('cache settings').optional(),
  },
  { error: 'expected a mapping of storage sections (json, csv, file, vector, cache…)' },
);

/** Validates one service section, for callers that hold only that part. */
export const serviceConfigSchema: z.ZodType<ServiceConfig> = service;
