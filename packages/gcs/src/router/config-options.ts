import { StorageError, parseSize } from '@agentmap/storage-core';
import { PROVIDER } from '../errors';
import type { GcsServiceAccountKey, GcsStoreOptions } from '../options';

/** Where the keys live, for messages. */
const AT = 'providers.gcp';

const invalid = (path: string, expected: string) => new StorageError('INVALID_ARGUMENT', `${AT}.${path} must be ${expected}.`, { provider: PROVIDER });

/** Reads one config value of the expected kind; strings from `env:` count for numbers and flags. */
const read = {
  text(section: Record<string, unknown>, path: string): string | undefined {
    const value = section[path];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw invalid(path, 'text');
    return value;
  },
  flag(section: Record<string, unknown>, path: string): boolean | undefined {
    const value = section[path];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw invalid(path, 'true or false');
  },
  number(section: Record<string, unknown>, path: string, whole: boolean): number | undefined {
    const value = section[path];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) throw invalid(path, whole ? 'a whole number, 0 or more' : 'a number, 0 or more');
    return n;
  },
  size(section: Record<string, unknown>, path: string): number | undefined {
    const value = section[path];
    return value === undefined || value === null || value === '' ? undefined : parseSize(value, `${AT}.${path}`);
  },
};

/**
 * Maps the `providers.gcp` config section (the guide's shape, `env:` values resolved) onto
 * {@link GcsStoreOptions} for one bucket:
 *
 * | config key | option |
 * |---|---|
 * | `project_id` | `projectId` |
 * | `credentials_file` | `keyFilename` |
 * | `credentials` (service-account JSON as text or a mapping) | `credentials` |
 * | `use_default_credentials` | neither: Application Default Credentials |
 * | `scopes` | `scopes` |
 * | `api_endpoint` (else `STORAGE_EMULATOR_HOST`) | `apiEndpoint` |
 * | `timeout` (seconds) | `timeout` (ms, per request) |
 * | `retry_count` | `retries` |
 * | `resumable_threshold`, `chunk_size` (bytes or `"8MB"`) | `resumableThreshold`, `chunkSize` |
 * | `encryption.kms_key_name` (or `kms_key_name`) | `kmsKeyName` |
 * | `storage_class`, `create_bucket`, `user_project` | same, camelCase |
 *
 * `default_bucket` and `buckets` are read by the router, which hands over the bucket.
 * A wrong value is `INVALID_ARGUMENT` naming its key; credentials never appear in messages.
 */
export function gcsOptionsFromConfig(bucket: string, config: Record<string, unknown> | undefined): GcsStoreOptions {
  const section = config ?? {};
  if (typeof section !== 'object' || Array.isArray(section)) throw new StorageError('INVALID_ARGUMENT', `${AT} must be a mapping of GCS settings.`, { provider: PROVIDER });
  const options: GcsStoreOptions = { bucket };
  const set = <K extends keyof GcsStoreOptions>(name: K, value: GcsStoreOptions[K] | undefined) => {
    if (value !== undefined) options[name] = value;
  };
  set('projectId', read.text(section, 'project_id'));
  set('keyFilename', read.text(section, 'credentials_file'));
  set('credentials', credentialsOf(section.credentials));
  set('scopes', scopesOf(section.scopes));
  set('apiEndpoint', read.text(section, 'api_endpoint'));
  const timeout = read.number(section, 'timeout', false);
  set('timeout', timeout === undefined || timeout === 0 ? undefined : Math.round(timeout * 1000));
  set('retries', read.number(section, 'retry_count', true));
  set('resumableThreshold', read.size(section, 'resumable_threshold'));
  set('chunkSize', read.size(section, 'chunk_size'));
  const encryption = section.encryption;
  if (encryption !== undefined && encryption !== null && (typeof encryption !== 'object' || Array.isArray(encryption))) throw invalid('encryption', 'a mapping (kms_key_name: …)');
  set('kmsKeyName', (encryption ? read.text(encryption as Record<string, unknown>, 'kms_key_name') : undefined) ?? read.text(section, 'kms_key_name'));
  set('storageClass', read.text(section, 'storage_class'));
  set('createBucket', read.flag(section, 'create_bucket'));
  set('userProject', read.text(section, 'user_project'));

  const useDefault = read.flag(section, 'use_default_credentials');
  if (useDefault === false && !options.keyFilename && !options.credentials && !options.apiEndpoint && !process.env.STORAGE_EMULATOR_HOST) {
    throw new StorageError(
      'UNAUTHENTICATED',
      `${AT}.use_default_credentials is false but no credentials are configured: set ${AT}.credentials_file (or GOOGLE_APPLICATION_CREDENTIALS) or ${AT}.credentials, or set use_default_credentials: true.`,
      { provider: PROVIDER },
    );
  }
  return options;
}

function credentialsOf(value: unknown): GcsServiceAccountKey | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      // The text may be a secret: say where it is, never what it is.
      throw invalid('credentials', 'service-account JSON (the key file’s content), as text or a mapping; the value given is not JSON');
    }
  }
  const key = parsed as Partial<GcsServiceAccountKey> | null;
  if (typeof key !== 'object' || key === null || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw invalid('credentials', 'a service-account key with client_email and private_key');
  }
  return key as GcsServiceAccountKey;
}

function scopesOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && s !== '')) throw invalid('scopes', 'a list of OAuth scope URLs');
  return list as string[];
}
