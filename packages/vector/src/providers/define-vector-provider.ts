import { StorageError } from '@agentmap/storage-core';
import type { z } from 'zod';
import type { VectorStore } from '../spec/vector-store';
import { KNOWN_VECTOR_PROVIDERS } from './known-providers';

const BRAND = Symbol.for('@agentmap/storage-vector/VectorProvider');

/** What a vector package exports so `vector: provider: <name>` in config finds it. */
export interface VectorProviderDefinition<S extends z.ZodType = z.ZodType> {
  /** The name users write in YAML: `lancedb`, `chroma`. */
  provider: string;
  /** npm name, for the "install …" hint. */
  package: string;
  /** Validates the section's `options` (snake_case keys, as in the guide). */
  configSchema: S;
  create(options: z.output<S>): VectorStore | Promise<VectorStore>;
}

export type VectorProviderDescriptor<S extends z.ZodType = z.ZodType> = Readonly<VectorProviderDefinition<S>> & { readonly [BRAND]: true };

/** Makes a vector provider descriptor, the counterpart of `defineBackend` for vector databases. */
export function defineVectorProvider<S extends z.ZodType>(definition: VectorProviderDefinition<S>): VectorProviderDescriptor<S> {
  if (typeof definition?.provider !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(definition.provider)) {
    throw new StorageError('INVALID_ARGUMENT', 'defineVectorProvider: provider must be a lower-case name such as "lancedb".', { provider: 'vector' });
  }
  if (typeof definition.create !== 'function' || typeof definition.configSchema?.safeParse !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', `defineVectorProvider("${definition.provider}"): needs configSchema (zod) and create(options).`, { provider: 'vector' });
  }
  return Object.freeze({ ...definition, [BRAND]: true as const });
}

export function isVectorProviderDescriptor(value: unknown): value is VectorProviderDescriptor {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Creates the VectorStore a config section names: `{ provider: lancedb, options: { uri: … } }`.
 * A provider no descriptor was given for is `UNSUPPORTED` naming the package to install; a bad
 * option is `INVALID_ARGUMENT` naming its path.
 */
export async function vectorStoreFromConfig(section: unknown, options: { backends: readonly VectorProviderDescriptor[] }): Promise<VectorStore> {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new StorageError('INVALID_ARGUMENT', 'vector: expected a mapping like { provider: lancedb, options: { uri: ./vectors } }.', { provider: 'vector' });
  }
  const { provider, options: providerOptions, ...rest } = section as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new StorageError('INVALID_ARGUMENT', `vector: unknown key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; a vector section has provider and options (put database settings under options).`, {
      provider: 'vector',
    });
  }
  if (typeof provider !== 'string' || provider.length === 0) {
    throw new StorageError('INVALID_ARGUMENT', `vector.provider: expected a provider name (${Object.keys(KNOWN_VECTOR_PROVIDERS).join(', ')}).`, { provider: 'vector' });
  }
  const descriptor = options.backends.find((d) => d.provider === provider);
  if (!descriptor) {
    const pkg = KNOWN_VECTOR_PROVIDERS[provider];
    throw new StorageError(
      'UNSUPPORTED',
      pkg
        ? `vector.provider "${provider}" is not registered: install ${pkg} and pass its descriptor in { backends }.`
        : `vector.provider "${provider}" is not a known provider (${Object.keys(KNOWN_VECTOR_PROVIDERS).join(', ')}); pass the descriptor of the package that brings it in { backends }.`,
      { provider: 'vector' },
    );
  }
  const parsed = descriptor.configSchema.safeParse(providerOptions ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `vector.options${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`);
    throw new StorageError('INVALID_ARGUMENT', `Bad ${provider} vector config: ${issues.join('; ')}.`, { provider });
  }
  return descriptor.create(parsed.data);
}
