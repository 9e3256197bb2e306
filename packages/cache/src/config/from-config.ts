import { type ObjectStore, StorageError } from '@agentmap/storage-core';
import { configReaders } from '@agentmap/storage-core/kit';
import { z } from 'zod';
import { createCache } from '../cache/create-cache';
import { type RoutingDecisionCache, createRoutingDecisionCache } from '../routing-cache';
import type { Cache, LevelSpec } from '../types';
import { type ValidationCache, createValidationCache } from '../validation-cache';
import { BUILTIN_CACHE_PROVIDERS, type CacheProviderContext, type AnyCacheProvider, KNOWN_CACHE_PROVIDERS } from './providers';
import { checkOptions } from '../options';

/** Options of {@link cacheFromConfig}. */
export interface CacheFromConfigOptions {
  /** More providers (built-in memory, redis and file are always there). */
  providers?: readonly AnyCacheProvider[];
  /** Stores a file level may name with `store:`. */
  stores?: Readonly<Record<string, ObjectStore>>;
}

/** What the `storage.cache` section builds. */
export interface CachesFromConfig {
  /** From `levels` (and `policies`), when present. */
  cache?: Cache;
  /** From `validation`, when present and enabled. */
  validation?: ValidationCache;
  /** From `routing`, when present and enabled. */
  routing?: RoutingDecisionCache;
  /** Closes every cache built here. */
  close(): Promise<void>;
}

const seconds = configReaders.seconds();
const levelSchema = z.looseObject({
  name: configReaders.text('a level name'),
  provider: configReaders.text('a provider name such as memory, redis or file'),
  ttl: seconds.optional(),
  priority: z.number().optional(),
});
const policiesSchema = z.looseObject({
  eviction: z.literal('lru', { error: 'only lru eviction is supported' }).optional(),
  write_through: configReaders.flag().optional(),
  write_behind: configReaders.flag().optional(),
  refresh_ahead: configReaders.flag().optional(),
});
const serviceSchema = z.looseObject({
  enabled: configReaders.flag().optional(),
  provider: configReaders.text('a provider name such as memory, redis or file').optional(),
  ttl: seconds.optional(),
  max_size: configReaders.wholeNumber('a number of entries', 1).optional(),
});
const routingSchema = serviceSchema.extend({
  key_strategy: z.enum(['content_hash', 'input_hash'], { error: 'expected content_hash or input_hash (semantic_hash is not supported)' }).optional(),
  cost_per_call: z.number().nonnegative().optional(),
  invalidation: z
    .looseObject({ on_workflow_change: configReaders.flag().optional(), on_agent_update: configReaders.flag().optional(), max_age: seconds.optional() })
    .optional(),
});

function fail(where: string, error: z.ZodError): never {
  const issues = error.issues.map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new StorageError('INVALID_ARGUMENT', `storage.cache: ${issues.join('; ')}.`, { provider: 'cache' });
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) fail(where, result.error);
  return result.data;
}

const ms = (value: number | undefined) => (value === undefined ? undefined : value * 1000);

/**
 * Builds the caches of a `storage.cache` section as the guide writes it (TTLs in seconds, turned
 * into milliseconds). A provider no descriptor handles is `UNSUPPORTED`, naming the package to install.
 */
export function cacheFromConfig(section: unknown, options: CacheFromConfigOptions = {}): CachesFromConfig {
  checkOptions(options, ['providers', 'stores'], 'cacheFromConfig', { provider: 'cache' });
  const root = parse(z.looseObject({ levels: z.array(z.unknown()).optional(), policies: policiesSchema.optional(), validation: z.unknown(), routing: z.unknown() }), section ?? {}, 'cache');
  const providers = new Map<string, AnyCacheProvider>();
  for (const descriptor of [...BUILTIN_CACHE_PROVIDERS, ...(options.providers ?? [])]) providers.set(descriptor.provider, descriptor);
  const stores = options.stores ?? {};

  const level = (raw: Record<string, unknown>, where: string, name: string, provider: string, ttl: number | undefined): LevelSpec => {
    const descriptor = providers.get(provider);
    if (!descriptor) {
      const pkg = KNOWN_CACHE_PROVIDERS[provider];
      throw new StorageError(
        'UNSUPPORTED',
        pkg
          ? `${where}: cache provider "${provider}" is not registered: install ${pkg} and pass its descriptor in cacheFromConfig(section, { providers: [...] }).`
          : `${where}: unknown cache provider "${provider}"; known: ${Object.keys(KNOWN_CACHE_PROVIDERS).join(', ')}.`,
        { provider: 'cache' },
      );
    }
    const create = descriptor.create as (settings: unknown, context: CacheProviderContext) => LevelSpec;
    return create(parse(descriptor.configSchema, raw, where), { name, ttl, stores });
  };

  const built: CachesFromConfig = { close: async () => undefined };
  const caches: Cache[] = [];
  if (root.levels !== undefined) {
    const levels = root.levels.map((raw, i) => {
      const spec = parse(levelSchema, raw, `levels[${i}]`);
      return { spec, raw: raw as Record<string, unknown>, i };
    });
    levels.sort((a, b) => (a.spec.priority ?? a.i) - (b.spec.priority ?? b.i));
    const policies = root.policies ?? {};
    built.cache = createCache({
      levels: levels.map(({ spec, raw, i }) => level(raw, `cache.levels[${i}]`, spec.name, spec.provider, ms(spec.ttl))),
      ...(policies.write_behind ? { writeBehind: true } : {}),
      ...(policies.refresh_ahead ? { refreshAhead: 0.2 } : {}),
    });
    caches.push(built.cache);
  }
  const serviceCache = (raw: Record<string, unknown>, where: string, provider: string, ttl: number | undefined, maxSize: number | undefined) => {
    const settings = (raw[provider] ?? {}) as Record<string, unknown>;
    const spec = level({ ...settings, ...(maxSize === undefined || provider !== 'memory' ? {} : { max_size: maxSize }) }, `${where}.${provider}`, provider, provider, ttl);
    const cache = createCache({ levels: [spec] });
    caches.push(cache);
    return cache;
  };
  if (root.validation !== undefined) {
    const v = parse(serviceSchema, root.validation, 'validation');
    if (v.enabled !== false) {
      const provider = v.provider ?? 'memory';
      const raw = root.validation as Record<string, unknown>;
      if (provider === 'file') {
        const file = (raw.file ?? {}) as Record<string, unknown>;
        const spec = level(file, 'cache.validation.file', 'file', 'file', undefined) as { store: ObjectStore; prefix?: string };
        built.validation = createValidationCache({ store: spec.store, prefix: spec.prefix, ttl: ms(v.ttl) });
      } else {
        built.validation = createValidationCache({ cache: serviceCache(raw, 'cache.validation', provider, ms(v.ttl), v.max_size), ttl: ms(v.ttl) });
      }
    }
  }
  if (root.routing !== undefined) {
    const r = parse(routingSchema, root.routing, 'routing');
    if (r.enabled !== false) {
      const provider = r.provider ?? 'memory';
      built.routing = createRoutingDecisionCache({
        cache: serviceCache(root.routing as Record<string, unknown>, 'cache.routing', provider, undefined, r.max_size),
        ttl: ms(r.ttl),
        keyStrategy: r.key_strategy,
        maxAge: ms(r.invalidation?.max_age),
        costPerCall: r.cost_per_call,
      });
    }
  }
  built.close = async () => {
    await Promise.all(caches.map((cache) => cache.close()));
  };
  return built;
}
