import type { ObjectStore } from '../spec/object-store';
import type { BackendDescriptor } from './define-backend';

/** What a router hands back for a URI or a collection name. */
export interface ResolvedTarget {
  /** The backend bound to the container, bucket or base directory. */
  store: ObjectStore;
  /** The key inside that store. */
  key: string;
  /** `local`, `memory`, `azure`, `s3`, `gs`, or a plugin's scheme. */
  scheme: string;
  /** The container, bucket or memory namespace, when the scheme has one. */
  container?: string;
}

/** Options of {@link StorageRouter.resolve}. */
export interface ResolveOptions {
  /** Appended to keys that come from a plain collection name without an extension (`.json`). */
  extension?: string;
  /**
   * The config section plain names are looked up in (a service passes its own: `json`,
   * `csv`, `file`). Default: the router's `service`, else the section named like
   * `extension` (`.csv` -> `csv`), else the first section that places collections.
   */
  service?: string;
}

/**
 * Makes a store for one container of a scheme. `providerConfig` is the config section of
 * that provider (for `s3`, `providers.aws`), with `env:` values already resolved.
 */
export type BackendFactory = (args: { container: string; providerConfig: Record<string, unknown> | undefined }) => ObjectStore;

/** Maps URIs and collection names onto stores and keys. */
export interface StorageRouter {
  /**
   * `azure://container/path`, `s3://bucket/path`, `gs://bucket/path`, `local://path`,
   * `memory://name/path`, or a plain collection name looked up in the config.
   */
  resolve(target: string, options?: ResolveOptions): ResolvedTarget;
  /**
   * The store plain collection names go to (the default provider's default container). The
   * options pick the config section as in {@link resolve} (`{ extension: '.csv' }` -> `csv`).
   */
  defaultStore(options?: ResolveOptions): ObjectStore;
  /**
   * Adds a backend (a descriptor made with `defineBackend`), or replaces the one of its
   * scheme; its config sections are validated at once. `register(scheme, factory)` still
   * takes a bare factory.
   */
  register(backend: BackendDescriptor<unknown>): void;
  register(scheme: string, factory: BackendFactory): void;
  /** The schemes this router knows. */
  schemes(): string[];
  /** The backends this router knows: scheme, config key, noun and provider name of each. */
  backends(): BackendDescriptor<unknown>[];
  /** Closes every store the router opened. */
  close(): Promise<void>;
}
