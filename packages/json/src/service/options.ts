import { StorageError } from '@agentmap/storage-core';
import type { JsonLayout, JsonStorageOptions, SchemaLike } from '../types';

/** Options with defaults applied, checked once when the service is created. */
export interface ResolvedOptions {
  indent: number;
  layout: JsonLayout;
  layouts: Readonly<Record<string, JsonLayout>>;
  schemas: Readonly<Record<string, SchemaLike>>;
  prefix: string | undefined;
  maxAttempts: number;
  idField: string;
  /** `idField` as the caller gave it: records carry keys only under a name someone chose. */
  recordIdField: string | undefined;
  concurrency: number;
  cacheEntries: number;
}

const LAYOUTS: readonly JsonLayout[] = ['single-file', 'per-document'];

/** Applies defaults and rejects bad options with `INVALID_ARGUMENT` naming the option. */
export function resolveOptions(options: JsonStorageOptions): ResolvedOptions {
  const layouts = { ...(options.layouts ?? {}) };
  for (const [name, layout] of Object.entries(layouts)) checkLayout(layout, `layouts.${name}`);
  const idField = options.idField ?? 'id';
  if (typeof idField !== 'string' || idField === '') throw invalid('idField must be a non-empty field name, such as "id"');
  return {
    indent: integer(options.indent, 'indent', 2, 0, 10),
    layout: checkLayout(options.layout ?? 'single-file', 'layout'),
    layouts,
    schemas: { ...(options.schemas ?? {}) },
    prefix: options.prefix,
    maxAttempts: integer(options.maxAttempts, 'maxAttempts', 50, 1, 10_000),
    idField,
    recordIdField: options.idField,
    concurrency: integer(options.concurrency, 'concurrency', 8, 1, 256),
    cacheEntries: integer(options.cacheEntries, 'cacheEntries', 32, 1, 100_000),
  };
}

function checkLayout(layout: unknown, name: string): JsonLayout {
  if (typeof layout === 'string' && (LAYOUTS as readonly string[]).includes(layout)) return layout as JsonLayout;
  throw invalid(`${name} must be ${LAYOUTS.map((l) => `'${l}'`).join(' or ')}; got ${JSON.stringify(layout)}`);
}

function integer(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `createJsonStorage: ${message}.`, { provider: 'json' });
}
