/**
 * A token credential as `@azure/identity` makes them (`ManagedIdentityCredential`,
 * `DefaultAzureCredential`, `ClientSecretCredential`…), typed structurally so this package
 * needs no import of `@azure/identity` to accept one.
 */
export interface AzureTokenCredential {
  getToken(scopes: string | string[], options?: object): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/**
 * Options of {@link createAzureBlobStore}: the container, the options every cloud backend
 * shares (`retries`, `timeoutMs`), credentials (tried in the order listed) and Azure's own
 * settings. An unknown or misplaced option is `INVALID_ARGUMENT` naming where it belongs.
 */
export interface AzureBlobStoreOptions {
  /** The container the store is bound to (3-63 lower-case letters, digits and hyphens). */
  container: string;
  /**
   * Retries of a failed request after the first attempt (a refused or broken connection, an
   * attempt past `timeoutMs`, 408, 429, 500, 502, 503, 504), by the SDK's retry policy
   * (`maxTries = retries + 1`). Each request is retried on its own: one staged block of a
   * large upload, one listing page. Default 3; 0 when you put core's `withRetry` around the store instead.
   */
  retries?: number;
  /** How long one request attempt may wait for an answer, in ms; a stalled attempt is retried, then `TIMEOUT`. Default 30 000. */
  timeoutMs?: number;
  /** A token credential from `@azure/identity` or your own (`getToken`). Needs an https endpoint. */
  credential?: AzureTokenCredential;
  /** `DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…` or with `SharedAccessSignature=…`, or `UseDevelopmentStorage=true`. */
  connectionString?: string;
  /** Storage account name; with `accountKey`, or to build the endpoint for a SAS token or a token credential. */
  accountName?: string;
  /** Shared key of the account. Enables `presign` (SAS URLs). */
  accountKey?: string;
  /** A SAS token (`sv=…&sig=…`, with or without the leading `?`). */
  sasToken?: string;
  /**
   * Authenticate with the managed identity of the Azure host (VM, App Service, AKS…) through
   * `@azure/identity`, loaded only then. `{ clientId }` picks a user-assigned identity.
   */
  useManagedIdentity?: boolean | { clientId?: string };
  /** Authenticate with `DefaultAzureCredential` of `@azure/identity` (environment, workload identity, managed identity, Azure CLI…). */
  useDefaultCredential?: boolean;
  /**
   * The blob service URL: `https://<account>.blob.core.windows.net` by default; Azurite's is
   * `http://127.0.0.1:10000/devstoreaccount1`. Overrides the endpoint of a connection string.
   */
  endpoint?: string;
  /** Create the container on first use when it does not exist. Default true, as the original. */
  createContainer?: boolean;
  /** Server-side encryption scope applied to every write. */
  encryptionScope?: string;
  /** First retry delay in ms, doubled at each retry. Default 200. */
  retryDelayMs?: number;
  /** Longest retry delay in ms. Default 5 000. */
  maxRetryDelayMs?: number;
  /** Most sockets open to the service at once. Default unlimited. */
  maxConnections?: number;
  /** Bodies larger than this are uploaded as blocks in parallel. Default 8 MiB. */
  multipartThreshold?: number;
  /** Size of one block of a block upload. Default 8 MiB. */
  blockSize?: number;
  /** Blocks uploaded at once. Default 3. A streamed upload holds about `multipartThreshold + (parallelUploads + 1) × blockSize` at most. */
  parallelUploads?: number;
  /** @deprecated Use `retries`: the same count of retries after the first attempt. */
  retryCount?: number;
}

/** The option names {@link createAzureBlobStore} takes, for `validateOptions`. */
export const AZURE_OPTION_NAMES: readonly (keyof AzureBlobStoreOptions)[] = [
  'container',
  'retries',
  'timeoutMs',
  'credential',
  'connectionString',
  'accountName',
  'accountKey',
  'sasToken',
  'useManagedIdentity',
  'useDefaultCredential',
  'endpoint',
  'createContainer',
  'encryptionScope',
  'retryDelayMs',
  'maxRetryDelayMs',
  'maxConnections',
  'multipartThreshold',
  'blockSize',
  'parallelUploads',
  'retryCount',
];

/** Where options meant for another place belong, for the message that refuses them. */
export const MISPLACED_OPTIONS: Readonly<Record<string, string>> = {
  retry_count: 'it is the config key (providers.azure.retry_count); createAzureBlobStore takes retries',
  connection_string: 'it is the config key (providers.azure.connection_string); createAzureBlobStore takes connectionString',
  default_container: 'it is the config key (providers.azure.default_container), read by the router; createAzureBlobStore takes container',
  maxTries: 'createAzureBlobStore counts retries after the first attempt: maxTries: 4 is retries: 3',
  maxAttempts: 'createAzureBlobStore counts retries after the first attempt: maxAttempts: 4 is retries: 3',
  retryOptions: 'the SDK pipeline is built by the store: set retries, retryDelayMs and maxRetryDelayMs',
  timeout: 'createAzureBlobStore takes timeoutMs (milliseconds per request attempt); timeout in seconds is the config key providers.azure.timeout',
  bucket: 'Azure stores objects in containers: createAzureBlobStore takes container',
  region: 'an Azure storage account has its region set when it is created; createAzureBlobStore takes accountName or endpoint',
};

/** The settings a store runs with, every default applied. */
export interface ResolvedSettings {
  container: string;
  createContainer: boolean;
  encryptionScope: string | undefined;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  maxConnections: number | undefined;
  multipartThreshold: number;
  blockSize: number;
  parallelUploads: number;
}

export const MiB = 1024 * 1024;
export const DEFAULT_RETRIES = 3;

/** Azure's limit for one block (4000 MiB); blocks this large would never fit in memory anyway. */
const MAX_BLOCK_SIZE = 4000 * MiB;
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Applies defaults and checks every number, so a bad option fails at creation, naming itself. */
export function resolveSettings(options: AzureBlobStoreOptions, fail: (message: string) => Error): ResolvedSettings {
  const container = options.container;
  if (typeof container !== 'string' || !(CONTAINER_NAME.test(container) || container === '$root')) {
    throw fail(
      `Container name ${JSON.stringify(container)} is not valid for Azure: use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`,
    );
  }
  const whole = (name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw fail(`Option ${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
    }
    return value;
  };
  const retries = whole('retries', options.retries, DEFAULT_RETRIES, 0, 20);
  const retryCount = whole('retryCount', options.retryCount, retries, 0, 20);
  if (options.retries !== undefined && options.retryCount !== undefined && retries !== retryCount) {
    throw fail(`Options retries (${retries}) and retryCount (${retryCount}) disagree: retryCount is the deprecated name of retries; set retries only.`);
  }
  const blockSize = whole('blockSize', options.blockSize, 8 * MiB, 64 * 1024, MAX_BLOCK_SIZE);
  return {
    container,
    createContainer: options.createContainer ?? true,
    encryptionScope: options.encryptionScope,
    timeoutMs: whole('timeoutMs', options.timeoutMs, 30_000, 1),
    retries: options.retries === undefined ? retryCount : retries,
    retryDelayMs: whole('retryDelayMs', options.retryDelayMs, 200, 0),
    maxRetryDelayMs: whole('maxRetryDelayMs', options.maxRetryDelayMs, 5_000, 0),
    maxConnections: options.maxConnections === undefined ? undefined : whole('maxConnections', options.maxConnections, 0, 1),
    multipartThreshold: whole('multipartThreshold', options.multipartThreshold, 8 * MiB, 0, 256 * MiB),
    blockSize,
    parallelUploads: whole('parallelUploads', options.parallelUploads, 3, 1, 64),
  };
}
