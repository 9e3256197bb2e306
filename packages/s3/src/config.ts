import { StorageError, tryParseSize } from '@agentmap/storage-core';
import { PROVIDER } from './errors';
import type { S3Encryption, S3StoreOptions } from './options';

/** Where the config keys live, for messages. */
const AT = 'providers.aws';

/**
 * Maps the `providers.aws` config section (the guide's shape, `env:` values resolved) onto
 * {@link S3StoreOptions} for one bucket:
 *
 * | config key | option |
 * |---|---|
 * | `region`, `endpoint` / `endpoint_url`, `force_path_style`, `create_bucket` | same, camelCase |
 * | `access_key`, `secret_key`, `session_token` | `credentials` (none: the SDK's default chain) |
 * | `timeout` (seconds) | `timeoutMs` |
 * | `retry_count`, else `connection_pool.max_retries` | `maxAttempts` = retries + 1 |
 * | `connection_pool.max_connections` | `maxSockets` |
 * | `connection_pool.backoff_mode` (`standard` / `adaptive`) | `retryMode` |
 * | `encryption.server_side_encryption`, `encryption.kms_key_id` (or `kms_key_id`), `encryption.encryption_context`, `encryption.bucket_key_enabled` | `encryption` |
 * | `multipart_threshold`, `part_size` (bytes or `"64MB"`), `parallel_uploads` | `multipartThreshold`, `partSize`, `queueSize` |
 * | `conditional_writes` | `conditionalWrites` |
 *
 * A wrong type is `INVALID_ARGUMENT` naming the key; half a key pair is `UNAUTHENTICATED`
 * naming the missing key and its environment variable. Secrets never appear in messages.
 */
export function s3OptionsFromConfig(bucket: string, config: Record<string, unknown> | undefined): S3StoreOptions {
  const section = config ?? {};
  if (typeof section !== 'object' || Array.isArray(section)) throw invalid(AT, 'a mapping of S3 settings');
  const pool = mapping(section.connection_pool, `${AT}.connection_pool`);
  const retries = whole(section.retry_count, `${AT}.retry_count`) ?? whole(pool.max_retries, `${AT}.connection_pool.max_retries`);
  const timeout = positiveNumber(section.timeout, `${AT}.timeout`);
  const backoff = text(pool.backoff_mode, `${AT}.connection_pool.backoff_mode`);
  if (backoff !== undefined && backoff !== 'standard' && backoff !== 'adaptive' && backoff !== 'legacy') {
    throw invalid(`${AT}.connection_pool.backoff_mode`, '"standard" or "adaptive"');
  }
  const endpoint = text(section.endpoint, `${AT}.endpoint`) ?? text(section.endpoint_url, `${AT}.endpoint_url`);
  const options: S3StoreOptions = { bucket };
  const set = <K extends keyof S3StoreOptions>(name: K, value: S3StoreOptions[K] | undefined) => {
    if (value !== undefined) options[name] = value;
  };
  set('region', text(section.region, `${AT}.region`));
  set('endpoint', endpoint);
  set('forcePathStyle', flag(section.force_path_style, `${AT}.force_path_style`));
  set('createBucket', flag(section.create_bucket, `${AT}.create_bucket`));
  set('credentials', credentialsOf(section));
  set('timeoutMs', timeout === undefined ? undefined : Math.round(timeout * 1000));
  set('maxAttempts', retries === undefined ? undefined : retries + 1);
  set('retryMode', backoff === 'adaptive' ? 'adaptive' : backoff === undefined ? undefined : 'standard');
  set('maxSockets', whole(pool.max_connections, `${AT}.connection_pool.max_connections`, 1));
  set('multipartThreshold', size(section.multipart_threshold, `${AT}.multipart_threshold`));
  set('partSize', size(section.part_size, `${AT}.part_size`));
  set('queueSize', whole(section.parallel_uploads, `${AT}.parallel_uploads`, 1));
  set('conditionalWrites', flag(section.conditional_writes, `${AT}.conditional_writes`));
  set('encryption', encryptionOf(section));
  return options;
}

function credentialsOf(section: Record<string, unknown>): S3StoreOptions['credentials'] {
  const accessKeyId = text(section.access_key, `${AT}.access_key`);
  const secretAccessKey = text(section.secret_key, `${AT}.secret_key`);
  const sessionToken = text(section.session_token, `${AT}.session_token`);
  if (accessKeyId === undefined && secretAccessKey === undefined) {
    if (sessionToken !== undefined) throw incomplete('access_key and secret_key', 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    return undefined;
  }
  if (accessKeyId === undefined) throw incomplete('access_key', 'AWS_ACCESS_KEY_ID');
  if (secretAccessKey === undefined) throw incomplete('secret_key', 'AWS_SECRET_ACCESS_KEY');
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

/**
 * The guide's example pairs `server_side_encryption: AES256` with a `kms_key_id`; S3 would
 * refuse that pair, so AES256 wins and the key id is used only with `aws:kms`. A key id alone
 * means `aws:kms`.
 */
function encryptionOf(section: Record<string, unknown>): S3Encryption | undefined {
  const enc = mapping(section.encryption, `${AT}.encryption`);
  const algorithm = text(enc.server_side_encryption, `${AT}.encryption.server_side_encryption`);
  const kmsKeyId = text(enc.kms_key_id, `${AT}.encryption.kms_key_id`) ?? text(section.kms_key_id, `${AT}.kms_key_id`);
  const context = enc.encryption_context === undefined ? undefined : stringMap(enc.encryption_context, `${AT}.encryption.encryption_context`);
  const bucketKeyEnabled = flag(enc.bucket_key_enabled, `${AT}.encryption.bucket_key_enabled`);
  if (algorithm === undefined && kmsKeyId === undefined) return undefined;
  const serverSideEncryption = algorithm ?? 'aws:kms';
  if (serverSideEncryption !== 'AES256' && serverSideEncryption !== 'aws:kms' && serverSideEncryption !== 'aws:kms:dsse') {
    throw invalid(`${AT}.encryption.server_side_encryption`, '"AES256", "aws:kms" or "aws:kms:dsse"');
  }
  const kms = serverSideEncryption !== 'AES256';
  return {
    serverSideEncryption,
    ...(kms && kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(kms && context !== undefined ? { encryptionContext: context } : {}),
    ...(bucketKeyEnabled === undefined ? {} : { bucketKeyEnabled }),
  };
}

function incomplete(missing: string, variables: string): StorageError {
  return new StorageError(
    'UNAUTHENTICATED',
    `S3 credentials in ${AT} are incomplete: set ${missing} (or the environment variables ${variables}), or remove the keys to use the default credential chain.`,
    { provider: PROVIDER },
  );
}

function invalid(path: string, expected: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `${path} must be ${expected}.`, { provider: PROVIDER });
}

function mapping(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(path, 'a mapping');
  return value as Record<string, unknown>;
}

function stringMap(value: unknown, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(mapping(value, path))) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw invalid(`${path}.${name}`, 'a string');
    out[name] = String(item);
  }
  return out;
}

/** Empty strings count as unset: an `env:` reference to an unset variable resolves to nothing. */
function text(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(path, 'a string');
  return value;
}

function flag(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(path, 'true or false');
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

function whole(value: unknown, path: string, min = 0): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = numberOf(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < min) throw invalid(path, `a whole number of at least ${min}`);
  return n;
}

function positiveNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = numberOf(value);
  if (n === undefined || !Number.isFinite(n) || n <= 0) throw invalid(path, 'a positive number of seconds');
  return n;
}

function size(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const bytes = tryParseSize(value);
  if (bytes === undefined) throw invalid(path, 'a byte count or a size such as "64MB"');
  return bytes;
}
