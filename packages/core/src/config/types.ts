/**
 * The shape of the `storage:` section of an AgentMap config, after loading: `env:` references
 * resolved, sizes such as `"100MB"` turned into byte counts, everything validated. YAML keys
 * keep their snake_case spelling. Keys not listed here are kept as given, so a plugin or a
 * later package can read its own settings.
 */
export interface StorageConfig {
  json?: ServiceConfig;
  csv?: ServiceConfig;
  file?: ServiceConfig;
  /** Vector databases; read by `@agentmap/storage-vector`. */
  vector?: Record<string, unknown>;
  /** Caches; read by `@agentmap/storage-cache`. */
  cache?: Record<string, unknown>;
  /** Other sections (`lifecycle`, `monitoring`, `audit`, `batch_processing`…), kept as given. */
  [section: string]: unknown;
}

/** One service's section (`storage.json`, `storage.csv`, `storage.file`). */
export interface ServiceConfig {
  /** The service that reads the section (`json`, `csv`, `file`). */
  provider?: string;
  /** Where plain collection names go: `local`, `memory`, or a registered backend's config key (`aws`). */
  default_provider?: string;
  providers?: ProvidersConfig;
  options?: ServiceOptions;
  [key: string]: unknown;
}

/**
 * Provider sections of a service, by config key (`local`, `memory`, `aws`, a plugin's). Each
 * backend package exports the type of its own section; core knows only the common fields.
 */
export interface ProvidersConfig {
  local?: LocalProviderConfig;
  memory?: ContainerMapConfig;
  [provider: string]: Record<string, unknown> | undefined;
}

/** Settings every provider section may carry. */
export interface CommonProviderConfig {
  /** Seconds a single call may take. */
  timeout?: number;
  /** Retries of a failed call. */
  retry_count?: number;
  [key: string]: unknown;
}

/** A default container plus a map from logical collection names to physical containers. */
export interface ContainerMapConfig extends CommonProviderConfig {
  default_container?: string;
  containers?: Record<string, string>;
}

export interface LocalProviderConfig extends CommonProviderConfig {
  /** The directory collections live in. */
  base_dir?: string;
}

/** The `options:` of a service section. */
export interface ServiceOptions {
  base_directory?: string;
  encoding?: string;
  /** Bytes; the config may say `"100MB"`. */
  max_file_size?: number;
  allowed_extensions?: string[];
  allow_binary?: boolean;
  validate_paths?: boolean;
  [key: string]: unknown;
}
