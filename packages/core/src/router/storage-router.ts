import { resolve as resolvePath } from 'node:path';
import { configError } from '../config/issues';
import { isLoadedConfig, parseStorageConfig } from '../config/load';
import type { StorageConfig } from '../config/types';
import { StorageError, isStorageError } from '../errors/storage-error';
import { hasExtension } from '../keys/extension';
import { validateKey } from '../keys/validate-key';
import type { ObjectStore } from '../spec/object-store';
import { type ParsedSections, checkBackendSections, sectionId } from './backend-sections';
import { BUILTIN_BACKENDS } from './builtin-backends';
import { type BackendDescriptor, defineBackend, isBackendDescriptor } from './define-backend';
import { isStorageUri, nearMissScheme, parseStorageUri } from './parse-uri';
import { chooseSection, localBaseDir, placeCollection, providerSectionFor, serviceSection } from './placement';
import { KNOWN_SCHEMES, checkSchemeName, unregisteredScheme } from './schemes';
import type { BackendFactory, ResolveOptions, ResolvedTarget, StorageRouter } from './types';

/** What {@link StorageRouterOptions.wrap} is told about the store it wraps. */
export interface RouterStoreTarget {
  scheme: string;
  /** Container, bucket or namespace; for `local`, the base directory. */
  container: string;
  /** The backend's config key (`aws` for `s3`), the name users write in YAML. */
  configKey: string;
  /** The `provider` its stores report. */
  provider: string;
}

/** Options of {@link createStorageRouter}. */
export interface StorageRouterOptions {
  /**
   * The `storage:` section, from {@link loadStorageConfig}. A plain object is validated (and
   * its `env:` references resolved) here. Without config, only URIs resolve.
   */
  config?: StorageConfig | Record<string, unknown>;
  /**
   * The backends beyond the built-in `local` and `memory`: descriptors made with
   * {@link defineBackend} (`[s3Backend, azureBlobBackend, gcsBackend]`). Their config
   * sections are validated when the router is created. A map of scheme to bare factory is
   * still accepted, for plugins written before descriptors.
   */
  backends?: readonly BackendDescriptor<unknown>[] | Readonly<Record<string, BackendFactory>>;
  /** The section plain names are looked up in when a call does not say; see {@link ResolveOptions.service}. */
  service?: string;
  /**
   * Wraps every store the router creates, once: the place to add layers, e.g.
   * `(store) => withRetry(withTimeout(store, { timeoutMs: 30_000 }), { retries: 3 })`.
   */
  wrap?: (store: ObjectStore, target: RouterStoreTarget) => ObjectStore;
}

/**
 * Maps URIs and collection names onto stores and keys, over the backends it is given.
 *
 * - `scheme://container/path`: the backend registered for the scheme (`s3Backend` for
 *   `s3://`), which receives the container and its provider section (`providers.aws`).
 * - `memory://name/path`: one memory store per name. `local://path`: a path under the
 *   configured local base directory (else the working directory).
 * - a plain name (`users`): the section's `default_provider`, its `<noun>s` map
 *   (`buckets`, `containers`), else `default_<noun>`; `local` uses `base_dir`.
 *
 * Config sections are validated against the backends' schemas when the router is made: a
 * bad value is `INVALID_ARGUMENT` naming its exact path, and a provider section no backend
 * reads says which package to install. Stores are created on first use, once per
 * container, and reused.
 *
 * ```ts
 * const router = createStorageRouter({ config: await loadStorageConfig('agentmap.yaml'), backends: [s3Backend] });
 * const { store, key } = router.resolve('s3://my-bucket/users.json');
 * ```
 */
export function createStorageRouter(options: StorageRouterOptions = {}): StorageRouter {
  const config = toConfig(options.config);
  const backends = new Map<string, BackendDescriptor<unknown>>();
  const stores = new Map<string, ObjectStore>();
  const retired: ObjectStore[] = [];
  let parsed: ParsedSections = new Map();

  const validate = () => {
    const checked = checkBackendSections(config, [...backends.values()], true);
    if (checked.issues.length > 0) throw configError(checked.issues, 'router');
    parsed = checked.parsed;
  };
  const add = (backend: BackendDescriptor<unknown>) => {
    backends.set(backend.scheme, backend);
    // Stores made by a replaced backend stay usable by whoever holds them; close() closes them.
    for (const [id, store] of stores) {
      if (id.startsWith(`${backend.scheme}\u0000`)) {
        retired.push(store);
        stores.delete(id);
      }
    }
  };
  const schemes = () => [...backends.keys()].sort();
  const backendByKey = (configKey: string, target: string): BackendDescriptor<unknown> => {
    for (const backend of backends.values()) if (backend.configKey === configKey) return backend;
    throw unregisteredScheme(configKey, [...backends.values()], target);
  };

  const storeFor = (backend: BackendDescriptor<unknown>, container: string, sectionName: string, target: string): ObjectStore => {
    const id = `${backend.scheme}\u0000${backend.containerless ? resolvePath(container) : container}`;
    const existing = stores.get(id);
    if (existing) return existing;
    const found = providerSectionFor(config, backend.configKey, sectionName);
    const section = found === undefined ? undefined : (parsed.get(sectionId(found.sectionName, backend.configKey)) ?? found.section);
    let store = createWith(backend, container, section, target);
    if (options.wrap) store = options.wrap(store, { scheme: backend.scheme, container, configKey: backend.configKey, provider: backend.provider });
    stores.set(id, store);
    return store;
  };

  const resolveUri = (target: string, sectionName: string): ResolvedTarget => {
    const uri = parseStorageUri(target);
    const backend = backends.get(uri.scheme);
    if (!backend) throw unregisteredScheme(uri.scheme, [...backends.values()], target);
    if (uri.container === undefined || backend.containerless) {
      // local:// paths live under the configured base directory, else the working directory.
      const baseDir = localBaseDir(serviceSection(config, sectionName)) ?? '.';
      const key = uri.container === undefined ? uri.key : `${uri.container}/${uri.key}`;
      return { store: storeFor(backend, baseDir, sectionName, target), key, scheme: uri.scheme };
    }
    return { store: storeFor(backend, uri.container, sectionName, target), key: uri.key, scheme: uri.scheme, container: uri.container };
  };

  const resolveName = (name: string, sectionName: string, extension: string | undefined): ResolvedTarget => {
    const near = nearMissScheme(name, new Set([...KNOWN_SCHEMES, ...backends.keys()]));
    if (near !== undefined) {
      throw new StorageError('INVALID_ARGUMENT', `"${name}" looks like a ${near} URI without "//": write ${near}://container/path.`, { provider: 'router', key: name });
    }
    const key = validateKey(extension && !hasExtension(name) ? `${name}${extension}` : name, 'router');
    const place = placeCollection(config, sectionName, name, backendByKey);
    const store = storeFor(place.backend, place.container, sectionName, name);
    return { store, key, scheme: place.backend.scheme, ...(place.backend.containerless ? {} : { container: place.container }) };
  };

  for (const backend of BUILTIN_BACKENDS) add(backend);
  for (const backend of toDescriptors(options.backends)) add(backend);
  validate();

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
      const place = placeCollection(config, sectionName, undefined, backendByKey);
      return storeFor(place.backend, place.container, sectionName, `storage.${sectionName}`);
    },

    register(schemeOrBackend: string | BackendDescriptor<unknown>, factory?: BackendFactory): void {
      const backend = isBackendDescriptor(schemeOrBackend) ? (schemeOrBackend) : fromFactory(schemeOrBackend, factory);
      add(backend);
      validate();
    },

    schemes,

    backends(): BackendDescriptor<unknown>[] {
      return [...backends.values()];
    },

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

function toDescriptors(backends: StorageRouterOptions['backends']): BackendDescriptor<unknown>[] {
  if (backends === undefined) return [];
  if (Array.isArray(backends)) {
    return backends.map((backend: unknown, index) => {
      if (!isBackendDescriptor(backend)) {
        throw new StorageError('INVALID_ARGUMENT', `createStorageRouter({ backends }): item ${index} is not a backend descriptor; make one with defineBackend({ scheme, noun, create }).`, {
          provider: 'router',
        });
      }
      return backend;
    });
  }
  return Object.entries(backends as Record<string, BackendFactory>).map(([scheme, factory]) => fromFactory(scheme, factory));
}

/** A bare `(args) => ObjectStore` factory as a descriptor whose config key is its scheme. */
function fromFactory(scheme: string, factory: BackendFactory | undefined): BackendDescriptor<unknown> {
  const name = checkSchemeName(scheme);
  if (typeof factory !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', `router.register('${name}', factory) needs a function ({ container, providerConfig }) => ObjectStore, or pass a descriptor made with defineBackend.`, {
      provider: 'router',
    });
  }
  return defineBackend<Record<string, unknown>>({ scheme: name, noun: 'container', create: (container, section) => factory({ container, providerConfig: section }) });
}

function createWith(backend: BackendDescriptor<unknown>, container: string, section: Record<string, unknown> | undefined, target: string): ObjectStore {
  let store: ObjectStore;
  try {
    store = backend.create(container, section);
  } catch (error) {
    if (isStorageError(error)) throw error;
    // The cause may echo a credential, so its message is not copied into ours.
    throw new StorageError('INTERNAL', `The ${backend.scheme}:// backend failed to create a store for "${container}" (for "${target}"); the cause holds the details.`, {
      provider: backend.provider,
      cause: error,
    });
  }
  if (typeof store !== 'object' || store === null || typeof store.get !== 'function' || typeof store.put !== 'function') {
    throw new StorageError('INTERNAL', `The ${backend.scheme}:// backend's create() returned something that is not an ObjectStore; fix the backend.`, { provider: backend.provider });
  }
  return store;
}
