import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  type BackendDescriptor,
  type ObjectStore,
  type StorageConfig,
  type StorageRouter,
  StorageError,
  createLocalStore,
  createStorageRouter,
  loadStorageConfig,
} from '@agentmap/storage-core';
import type { GlobalOptions, Io } from './io';

type CloudScheme = 's3' | 'azure' | 'gs';

/** Config keys and URI schemes of the cloud backends; `local://` and `memory://` are built into core. */
const CONFIG_KEYS: Record<string, CloudScheme> = { aws: 's3', azure: 'azure', gcp: 'gs' };
const SCHEMES: Record<string, CloudScheme> = { s3: 's3', azure: 'azure', gs: 'gs', gcs: 'gs' };

/**
 * Loads the cloud backends named (each SDK is heavy, so a command on local files or one cloud
 * never loads the others).
 */
export async function loadBackends(schemes: Iterable<CloudScheme> = ['s3', 'azure', 'gs']): Promise<BackendDescriptor<unknown>[]> {
  const wanted = new Set(schemes);
  const loaded: Array<Promise<BackendDescriptor<unknown>>> = [];
  if (wanted.has('s3')) loaded.push(import('@agentmap/storage-s3').then((m) => m.s3Backend as BackendDescriptor<unknown>));
  if (wanted.has('azure')) loaded.push(import('@agentmap/storage-azure').then((m) => m.azureBlobBackend as BackendDescriptor<unknown>));
  if (wanted.has('gs')) loaded.push(import('@agentmap/storage-gcs').then((m) => m.gcsBackend as BackendDescriptor<unknown>));
  return Promise.all(loaded);
}

/** The cloud schemes a config's provider sections and a command's targets need. */
export function schemesNeeded(config: StorageConfig | undefined, targets: readonly string[]): Set<CloudScheme> {
  const needed = new Set<CloudScheme>();
  for (const section of Object.values(config ?? {})) {
    const providers = (section as { providers?: unknown } | undefined)?.providers;
    if (providers && typeof providers === 'object') for (const key of Object.keys(providers)) if (CONFIG_KEYS[key]) needed.add(CONFIG_KEYS[key]);
  }
  for (const target of targets) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(target)?.[1]?.toLowerCase();
    if (scheme && SCHEMES[scheme]) needed.add(SCHEMES[scheme]);
  }
  return needed;
}

/** Where the config comes from: `--config`, else `AGENTMAP_STORAGE_CONFIG`, else `./agentmap.yaml` when present. */
export function configPath(io: Io, options: GlobalOptions): string | undefined {
  const given = options.config ?? (io.env.AGENTMAP_STORAGE_CONFIG || undefined);
  if (given !== undefined) return resolve(io.cwd, given);
  const fallback = join(io.cwd, 'agentmap.yaml');
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Loads the config, or none when no file is configured. Provider sections are validated by
 * the backends given (all of them for `config validate`), else when the router is made.
 */
export async function loadConfig(io: Io, options: GlobalOptions, required = false, backends?: readonly BackendDescriptor<unknown>[]): Promise<{ config: StorageConfig | undefined; path: string | undefined }> {
  const path = configPath(io, options);
  if (path === undefined) {
    if (required) {
      throw new StorageError('INVALID_ARGUMENT', 'No config found: pass --config <file>, set AGENTMAP_STORAGE_CONFIG, or create ./agentmap.yaml.', { provider: 'cli' });
    }
    return { config: undefined, path };
  }
  if (!existsSync(path)) throw new StorageError('NOT_FOUND', `The config file ${path} does not exist; check --config or AGENTMAP_STORAGE_CONFIG.`, { provider: 'cli' });
  return { config: await loadStorageConfig(path, { ...(backends ? { backends } : {}), env: io.env }), path };
}

/** What a command works on: a store and a key (one object) or a prefix (many). */
export interface Target {
  store: ObjectStore;
  /** The key (object commands) or the prefix, possibly empty (listing commands). */
  key: string;
  /** The target as the user wrote it, for messages. */
  label: string;
}

/**
 * Opens stores for URIs and collection names. `local://data/x` is relative to the working
 * directory and `local:///abs/path` absolute; other schemes (and plain names) go through the
 * router, with the S3, Azure and GCS backends registered and the config's provider sections.
 */
export class Targets {
  private router: StorageRouter | undefined;
  private readonly locals: ObjectStore[] = [];

  constructor(
    private readonly io: Io,
    readonly config: StorageConfig | undefined,
    private readonly backends: readonly BackendDescriptor<unknown>[],
  ) {}

  /** Loads the backends the config and `targets` need. */
  static async open(io: Io, config: StorageConfig | undefined, targets: readonly string[]): Promise<Targets> {
    return new Targets(io, config, await loadBackends(schemesNeeded(config, targets)));
  }

  routerFor(): StorageRouter {
    this.router ??= createStorageRouter({ ...(this.config ? { config: this.config } : {}), backends: this.backends });
    return this.router;
  }

  /** One object: `s3://bucket/key`, `local://dir/file`, or a collection name. */
  object(target: string): Target {
    const uri = normalise(target);
    if (uri.startsWith('local://')) {
      const path = this.localPath(uri);
      return { store: this.local(dirname(path)), key: basename(path), label: target };
    }
    const resolved = this.routerFor().resolve(uri);
    return { store: resolved.store, key: resolved.key, label: target };
  }

  /** A folder of objects: `s3://bucket`, `s3://bucket/prefix/`, `local://dir`, or a collection name. */
  prefix(target: string): Target {
    const uri = normalise(target);
    if (uri.startsWith('local://')) return { store: this.local(this.localPath(uri)), key: '', label: target };
    const bare = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]+)\/?$/.exec(uri);
    if (bare) {
      // A whole bucket or container: resolve a placeholder key to get its store.
      const resolved = this.routerFor().resolve(`${bare[1]}://${bare[2]}/_`);
      return { store: resolved.store, key: '', label: target };
    }
    const resolved = this.routerFor().resolve(uri.endsWith('/') ? uri.slice(0, -1) : uri);
    return { store: resolved.store, key: resolved.key, label: target };
  }

  private localPath(uri: string): string {
    const rest = uri.slice('local://'.length);
    if (rest === '' || rest.includes('\u0000')) {
      throw new StorageError('INVALID_ARGUMENT', `"${uri}" names no path: write local://relative/path or local:///absolute/path.`, { provider: 'cli' });
    }
    return isAbsolute(rest) ? resolve(rest) : resolve(this.io.cwd, rest);
  }

  private local(baseDir: string): ObjectStore {
    const store = createLocalStore({ baseDir });
    this.locals.push(store);
    return store;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.router?.close(), ...this.locals.map((s) => s.close?.())]);
  }
}

/** `gcs://` is how many users write Google Cloud Storage URIs; the backend's scheme is `gs://`. */
function normalise(target: string): string {
  if (typeof target !== 'string' || target.trim() === '') {
    throw new StorageError('INVALID_ARGUMENT', 'Give a URI (s3://bucket/key, local://path) or a collection name.', { provider: 'cli' });
  }
  return target.replace(/^gcs:\/\//i, 'gs://');
}
