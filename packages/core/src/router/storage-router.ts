import { resolve as resolvePath } from 'node:path';
import { isLoadedConfig, parseStorageConfig } from '../config/load';
import type { StorageConfig } from '../config/types';
import { StorageError } from '../errors/storage-error';
import { validateKey } from '../keys/validate-key';
import { hasExtension } from '../keys/extension';
import type { ObjectStore } from '../spec/object-store';
import { BUILTIN_BACKENDS } from './builtin-backends';
import { isStorageUri, nearMissScheme, parseStorageUri } from './parse-uri';
import { chooseSection, localBaseDir, placeCollection, providerConfigFor, serviceSection } from './placement';
import { KNOWN_SCHEMES, checkSchemeName, unregisteredScheme } from './schemes';
import type { BackendFactory, ResolveOptions, ResolvedTarget, StorageRouter } from './types';

/** What {@link StorageRouterOptions.wrap} is told about the store it wraps. */
export interface RouterStoreTarget {
  scheme: string;
  /** Container, bucket or namespace; for `local`, the base directory. */
  container: string;
}

/** Options of {@link createStorageRouter}. */
export interface StorageRouterOptions {
  /**
   * The `storage:` section, from {@link loadStorageConfig}. A plain object is validated (and
   * its `env:` references resolved) here. Without config, only URIs resolve.
   */
  config?: StorageConfig | Record<string, unknown>;
  /** The section plain collection names are looked up in (`json`, `csv`, `file`); see {@link ResolveOptions.service}. */
  service?: string;
  /** More schemes to register at once (a plugin's `dropbox`). */
  backends?: Record<string, BackendFactory>;
  /**
   * Wraps every store the router creates, once: the place to add layers, e.g.
   * `(store) => withRetry(withTimeout(store, { timeoutMs: 30_000 }), { retries: 3 })`.
   */
  wrap?: (store: ObjectStore, target: RouterStoreTarget) => ObjectStore;
}

/**
 * Maps URIs and collection names onto stores and keys.
 *
 * - `azure://container/path`, `s3://bucket/path`, `gs://bucket/path`: need the cloud package
 *   registered (`registerS3(router)` from `@agentmap/storage-s3`…), which receives the
 *   container and its provider section (`providers.aws` for `s3`).
 * - `memory://name/path`: one memory store per name. `local://path`: a path under the
 *   configured local base directory (else the working directory).
 * - a plain name (`users`): the section's `default_provider`, its `containers` / `buckets`
 *   map, else `default_container` / `default_bucket`; `local` uses `base_dir`.
 *
 * Stores are created on first use, once per container, and reused. Core registers `local`
 * and `memory`; `register` adds any other scheme.
 *
 * ```ts
 * const router = createStorageRouter({ config: await loadStorageConfig('agentmap.yaml') });
 * const { store, key } = router.resolve('memory://scratch/notes.txt');
 * await store.put(key, 'hello');
 * ```
 */
export function createStorageRouter(options: StorageRouterOptions = {}): StorageRouter {
  const config = toConfig(options.config);
  const factories = new Map<string, BackendFactory>();
  const stores = new Map<string, ObjectStore>();
  const retired: ObjectStore[] = [];

  const register = (scheme: string, factory: BackendFactory) => {
    const name = checkSchemeName(scheme);
    if (typeof factory !== 'function') {
      throw new StorageError('INVALID_ARGUMENT', `router.register('${name}', factory) needs a function ({ container, providerConfig }) => ObjectStore.`, { provider: 'router' });
    }
    factories.set(name, factory);
    // Stores made by a replaced factory stay usable by whoever holds them; close() closes them.
    for (const [id, store] of stores) {
      if (id.startsWith(`${name}\u0000`)) {
        retired.push(store);
        stores.delete(id);
      }
    }
  };
  const schemes = () => [...factories.keys()].sort();

  const storeFor = (scheme: string, container: string, providerConfig: Record<string, unknown> | undefined, target: string): ObjectStore => {
    const id = `${scheme}\u0000${scheme === 'local' ? resolvePath(container) : container}`;
    const existing = stores.get(id);
    if (existing) return existing;
    const factory = factories.get(scheme);
    if (!factory) throw unregisteredScheme(scheme, schemes(), target);
    let store = createWith(factory, scheme, container, providerConfig);
    if (options.wrap) store = options.wrap(store, { scheme, container });
    stores.set(id, store);
    return store;
  };

  const resolveUri = (target: string, sectionName: string): ResolvedTarget => {
    const uri = parseStorageUri(target);
    if (uri.container === undefined) {
      // local:// paths live under the configured base directory, else the working directory.
      const baseDir = localBaseDir(serviceSection(config, sectionName)) ?? '.';
      return { store: storeFor(uri.scheme, baseDir, providerConfigFor(config, uri.scheme, sectionName), target), key: uri.key, scheme: uri.scheme };
    }
    const store = storeFor(uri.scheme, uri.container, providerConfigFor(config, uri.scheme, sectionName), target);
    return { store, key: uri.key, scheme: uri.scheme, container: uri.container };
  };

  const resolveName = (name: string, sectionName: string, extension: string | undefined): ResolvedTarget => {
    const near = nearMissScheme(name, new Set([...KNOWN_SCHEMES, ...factories.keys()]));
    if (near !== undefined) {
      throw new StorageError('INVALID_ARGUMENT', `"${name}" looks like a ${near} URI without "//": write ${near}://container/path.`, { provider: 'router', key: name });
    }
    const key = validateKey(extension && !hasExtension(name) ? `${name}${extension}` : name, 'router');
    const place = placeCollection(config, sectionName, name);
    const store = storeFor(place.scheme, place.container, place.providerConfig, name);
    return { store, key, scheme: place.scheme, ...(place.scheme === 'local' ? {} : { container: place.container }) };
  };

  for (const [scheme, factory] of Object.entries(BUILTIN_BACKENDS)) register(scheme, factory);
  for (const [scheme, factory] of Object.entries(options.backends ?? {})) register(scheme, factory);

  return {
    resolve(target: string, resolveOptions: ResolveOptions = {}): ResolvedTarget {
      if (typeof target !== 'string' || target.trim() === '') {
        throw new StorageError('INVALID_ARGUMENT', `A storage target must be a URI (s3://bucket/key) or a collection name; got ${JSON.stringify(target)}.`, {
          provider: 'router',
        });
      }
      const sectionName = chooseSection(config, resolveOptions.service, resolveOptions.extension, options.service);
      return isStorageUri(target) ? resolveUri(target, sectionName) : resolveName(target, sectionName, resolveOptions.extension);
    },

    defaultStore(resolveOptions: ResolveOptions = {}): ObjectStore {
      const sectionName = chooseSection(config, resolveOptions.service, resolveOptions.extension, options.service);
      const place = placeCollection(config, sectionName, undefined);
      return storeFor(place.scheme, place.container, place.providerConfig, `storage.${sectionName}`);
    },

    register,
    schemes,

    async close(): Promise<void> {
      const open = [...stores.values(), ...retired];
      stores.clear();
      retired.length = 0;
      const results = await Promise.allSettled(open.map(async (store) => store.close?.()));
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

function toConfig(config: StorageRouterOptions['config']): StorageConfig {
  if (config === undefined) return {};
  return isLoadedConfig(config) ? config : parseStorageConfig(config);
}

function createWith(factory: BackendFactory, scheme: string, container: string, providerConfig: Record<string, unknown> | undefined): ObjectStore {
  let store: ObjectStore;
  try {
    store = factory({ container, providerConfig });
  } catch (error) {
    if (error instanceof StorageError) throw error;
    // The cause may echo a credential, so its message is not copied into ours.
    throw new StorageError('INTERNAL', `The ${scheme}:// backend failed to create a store for "${container}"; the cause holds the details.`, {
      provider: scheme,
      cause: error,
    });
  }
  if (typeof store !== 'object' || store === null || typeof store.get !== 'function' || typeof store.put !== 'function') {
    throw new StorageError('INTERNAL', `The ${scheme}:// backend's factory returned something that is not an ObjectStore; fix the plugin's factory.`, { provider: scheme });
  }
  return store;
}
