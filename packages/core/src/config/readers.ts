import { z } from 'zod';
import { tryParseSize } from './size';

// Values that came from `env:` are strings; numbers and flags accept their string forms.
const NUMERIC = /^\s*-?\d+(?:\.\d+)?\s*$/;
const fromNumericString = (value: unknown) => (typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value);
const fromFlagString = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
};
const fromSizeString = (value: unknown) => (typeof value === 'string' ? (tryParseSize(value) ?? value) : value);

/**
 * The readers config sections are built from, shared by core's own sections and every
 * backend's schema, so `timeout: "30"` from an `env:` reference, `"64MB"` and `"true"` read the
 * same everywhere. Each says in its message what it expected, never the value it got.
 */
export const configReaders = {
  /** A non-empty string. */
  text: (what = 'a non-empty string') => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}, got an empty string` }),
  /** `true` / `false`, also as strings. */
  flag: () => z.preprocess(fromFlagString, z.boolean({ error: 'expected true or false' })),
  /** A positive number of seconds (the guide's `timeout`). */
  seconds: () =>
    z.preprocess(fromNumericString, z.number({ error: 'expected a number of seconds' }).positive({ error: 'expected a positive number of seconds' })),
  /** A whole number of at least `min`. */
  wholeNumber: (what: string, min = 0) =>
    z.preprocess(fromNumericString, z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).min(min, { error: `expected ${what}` })),
  /** A byte count, or a size such as `"64MB"`. */
  size: () =>
    z.preprocess(
      fromSizeString,
      z.number({ error: 'expected a size: a byte count or a string such as "100MB"' }).int().min(0, { error: 'expected a size of 0 bytes or more' }),
    ),
  /** An absolute URL. */
  url: () =>
    configReaders.text('a URL').refine((value) => URL.canParse(value), { error: 'expected an absolute URL such as "https://host:port"' }),
  /** Any mapping, kept as given. */
  mapping: (what: string) => z.record(z.string(), z.unknown(), { error: `expected a mapping (${what})` }),
  /** A container, bucket or namespace: one path segment. Naming rules beyond that are the backend's. */
  containerName: () =>
    configReaders.text('a container or bucket name').refine((value) => !/[/\\\s\u0000-\u001f]/.test(value), {
      error: 'expected a container or bucket name without "/", "\\" or whitespace',
    }),
  /** A map from collection names to container or bucket names. */
  nameMap: (what: string) => z.record(z.string(), configReaders.containerName(), { error: `expected a mapping from collection names to ${what} names` }),
};

/**
 * The settings every provider section may carry (the guide's `timeout` in seconds,
 * `retry_count`, `connection_pool`); spread them into a backend's schema.
 */
export const commonProviderFields = {
  timeout: configReaders.seconds().optional(),
  retry_count: configReaders.wholeNumber('a retry count: a whole number, 0 or more').optional(),
  connection_pool: configReaders.mapping('connection pool settings').optional(),
};

/**
 * Where collections of a namespaced provider live: `default_<noun>` and a `<noun>s` map of
 * collection names (`default_bucket`, `buckets`), plus `create_<noun>`.
 */
export function namespaceFields<N extends string>(noun: N) {
  return {
    [`default_${noun}`]: configReaders.containerName().optional(),
    [`${noun}s`]: configReaders.nameMap(noun).optional(),
    [`create_${noun}`]: configReaders.flag().optional(),
  } as unknown as Record<`default_${N}` | `${N}s` | `create_${N}`, z.ZodOptional<z.ZodType>>;
}

/** The guide's `timeout` (seconds) and `retry_count`, in the options vocabulary every backend shares. */
export interface CommonBackendOptions {
  /** Retries of a failed request after the first attempt. */
  retries?: number;
  /** Milliseconds one request may take. */
  timeoutMs?: number;
}

/** Maps a section's `timeout` (seconds) and `retry_count` onto `{ timeoutMs, retries }`, the same way for every backend. */
export function commonBackendOptions(section: { timeout?: unknown; retry_count?: unknown } | undefined): CommonBackendOptions {
  const out: CommonBackendOptions = {};
  if (typeof section?.timeout === 'number') out.timeoutMs = Math.round(section.timeout * 1000);
  if (typeof section?.retry_count === 'number') out.retries = section.retry_count;
  return out;
}

/**
 * An options object without its undefined entries, so a mapping from a config section can
 * write `{ region: section.region, … }` and leave unset options unset (for
 * `exactOptionalPropertyTypes` and for factories that tell "absent" from "undefined").
 */
export function definedOptions<T extends object>(options: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
