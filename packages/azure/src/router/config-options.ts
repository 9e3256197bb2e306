import { StorageError, parseEnvReference, resolveEnvValue, tryParseSize } from '@agentmap/storage-core';
import { PROVIDER } from '../errors';
import type { AzureBlobStoreOptions } from '../options';

/**
 * The `providers.azure` section of the config, in the guide's snake_case. `env:` values are
 * resolved by the config loader; the few read here again (when the section is handed over
 * by hand) resolve from `process.env`.
 */
export interface AzureProviderConfig {
  connection_string?: string;
  account_name?: string;
  account_key?: string;
  sas_token?: string;
  use_managed_identity?: boolean | string;
  managed_identity_client_id?: string;
  use_default_credential?: boolean | string;
  endpoint?: string;
  default_container?: string;
  containers?: Record<string, string>;
  create_container?: boolean | string;
  /** Seconds one HTTP attempt may take. */
  timeout?: number | string;
  retry_count?: number | string;
  /** Seconds before the first retry. */
  retry_delay?: number | string;
  connection_pool?: { max_connections?: number | string; [key: string]: unknown };
  encryption_scope?: string;
  encryption?: { encryption_scope?: string; scope?: string; [key: string]: unknown };
  multipart_threshold?: number | string;
  block_size?: number | string;
  parallel_uploads?: number | string;
  [key: string]: unknown;
}

/**
 * Maps `providers.azure` onto {@link AzureBlobStoreOptions} for one container. An empty
 * container means the section's `default_container`. Logical collection names are mapped to
 * containers by the router (through `containers`) before it gets here. Bad values are
 * `INVALID_ARGUMENT` naming the config path; no message carries a value of a secret key.
 */
export function azureOptionsFromConfig(container: string, providerConfig: Record<string, unknown> | undefined): AzureBlobStoreOptions {
  const config = (providerConfig ?? {}) as AzureProviderConfig;
  const text = (key: string, value: unknown): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw bad(key, 'must be a string');
    return resolveEnv(value, key);
  };
  const flag = (key: string, value: unknown): boolean | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    const word = typeof value === 'string' ? resolveEnv(value, key)?.trim().toLowerCase() : undefined;
    if (word === 'true' || word === 'false') return word === 'true';
    throw bad(key, 'must be true or false');
  };
  const number = (key: string, value: unknown, scale = 1): number | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(resolveEnv(value, key)) : Number.NaN;
    if (!Number.isFinite(n) || n < 0) throw bad(key, 'must be a number, 0 or more');
    return Math.round(n * scale);
  };
  const size = (key: string, value: unknown): number | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const bytes = tryParseSize(typeof value === 'string' ? resolveEnv(value, key) : value);
    if (bytes === undefined) throw bad(key, 'must be a byte count or a size such as "64MB"');
    return bytes;
  };

  const physical = container || text('default_container', config.default_container);
  if (!physical) throw bad('default_container', 'is needed for plain collection names: set providers.azure.default_container, or use azure://<container>/<path>');
  const clientId = text('managed_identity_client_id', config.managed_identity_client_id);
  const managed = flag('use_managed_identity', config.use_managed_identity);
  const pool = config.connection_pool;
  if (pool !== undefined && (typeof pool !== 'object' || pool === null)) throw bad('connection_pool', 'must be a mapping such as { max_connections: 10 }');
  const encryption = config.encryption;
  const options: AzureBlobStoreOptions = {
    container: physical,
    connectionString: text('connection_string', config.connection_string),
    accountName: text('account_name', config.account_name),
    accountKey: text('account_key', config.account_key),
    sasToken: text('sas_token', config.sas_token),
    useManagedIdentity: managed && clientId ? { clientId } : managed,
    useDefaultCredential: flag('use_default_credential', config.use_default_credential),
    endpoint: text('endpoint', config.endpoint),
    createContainer: flag('create_container', config.create_container),
    timeoutMs: number('timeout', config.timeout, 1000),
    retryCount: number('retry_count', config.retry_count),
    retryDelayMs: number('retry_delay', config.retry_delay, 1000),
    maxConnections: number('connection_pool.max_connections', pool?.max_connections),
    encryptionScope: text('encryption_scope', config.encryption_scope ?? encryption?.encryption_scope ?? encryption?.scope),
    multipartThreshold: size('multipart_threshold', config.multipart_threshold),
    blockSize: size('block_size', config.block_size),
    parallelUploads: number('parallel_uploads', config.parallel_uploads),
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as AzureBlobStoreOptions;
}

/** `env:VAR` / `env:VAR:default`, for sections that did not go through the config loader. */
function resolveEnv(value: string, key: string): string {
  const resolved = resolveEnvValue(value);
  if (resolved !== undefined) return resolved;
  const name = parseEnvReference(value)?.name ?? '';
  throw new StorageError('UNAUTHENTICATED', `providers.azure.${key} needs the environment variable ${name}, which is not set: set ${name}.`, { provider: PROVIDER });
}

function bad(key: string, problem: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `providers.azure.${key} ${problem}.`, { provider: PROVIDER });
}
