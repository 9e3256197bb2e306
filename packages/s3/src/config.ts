import { z } from 'zod';
import { StorageError } from '@agentmap/storage-core';
import { commonBackendOptions, commonProviderFields, configReaders, definedOptions, namespaceFields } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';
import type { S3Encryption, S3StoreOptions } from './options';

/** Where the keys live, for messages. */
const AT = 'providers.aws';

const sseAlgorithm = () =>
  z.enum(['AES256', 'aws:kms', 'aws:kms:dsse'], { error: 'expected "AES256", "aws:kms" or "aws:kms:dsse"' });
const kmsKeyId = () => configReaders.text('a KMS key id or ARN').optional();
const encryptionContext = () => z.record(z.string(), z.string({ error: 'expected text values' }), { error: 'expected a mapping of text values' }).optional();

/**
 * The `providers.aws` section, as the guide writes it: the settings every provider has
 * (`timeout` in seconds, `retry_count`, `connection_pool`), where collections live
 * (`default_bucket`, `buckets`, `create_bucket`), credentials and the S3 settings. Keys it
 * does not know (the guide's tuning example `batch_size`, `connection_pool.max_idle_time`)
 * are kept and unused. `env:` references are resolved by the config loader before this
 * schema runs; an `env:` variable that is set but empty counts as unset.
 */
export const s3ConfigSchema = z.looseObject({
  ...commonProviderFields,
  ...namespaceFields('bucket'),
  connection_pool: z
    .looseObject(
      {
        max_connections: configReaders.wholeNumber('a number of connections: a whole number, 1 or more', 1).optional(),
        max_retries: configReaders.wholeNumber('a retry count: a whole number, 0 or more').optional(),
        backoff_mode: z.enum(['standard', 'adaptive', 'legacy'], { error: 'expected "standard" or "adaptive"' }).optional(),
      },
      { error: 'expected a mapping such as { max_connections: 10 }' },
    )
    .optional(),
  region: configReaders.text('an AWS region such as "us-west-2"').optional(),
  endpoint: configReaders.url().optional(),
  endpoint_url: configReaders.url().optional(),
  force_path_style: configReaders.flag().optional(),
  access_key: optionalText('an access key id'),
  secret_key: optionalText('a secret access key'),
  session_token: optionalText('a session token'),
  multipart_threshold: configReaders.size().optional(),
  part_size: configReaders.size().optional(),
  parallel_uploads: configReaders.wholeNumber('a number of parallel uploads: a whole number, 1 or more', 1).optional(),
  conditional_writes: configReaders.flag().optional(),
  encryption: z
    .looseObject(
      {
        server_side_encryption: sseAlgorithm().optional(),
        kms_key_id: kmsKeyId(),
        encryption_context: encryptionContext(),
        bucket_key_enabled: configReaders.flag().optional(),
      },
      { error: 'expected a mapping (server_side_encryption: …, kms_key_id: …)' },
    )
    .optional(),
  kms_key_id: kmsKeyId(),
  encryption_context: encryptionContext(),
});

/** The `providers.aws` section after {@link s3ConfigSchema} parsed it. */
export type S3Config = z.infer<typeof s3ConfigSchema>;

/** Text that may be empty: `env:AWS_SESSION_TOKEN` set to nothing means no token. Never echoed. */
function optionalText(what: string) {
  return z
    .string({ error: `expected ${what} as text` })
    .transform((value) => (value === '' ? undefined : value))
    .optional();
}

/**
 * Maps the parsed `providers.aws` section onto {@link S3StoreOptions} for one bucket (the
 * router hands over the bucket, from the URI or from `buckets` / `default_bucket`; an empty
 * one means the section's `default_bucket`):
 *
 * | config key | option |
 * |---|---|
 * | `region`, `endpoint` (or `endpoint_url`), `force_path_style`, `create_bucket` | same, camelCase |
 * | `access_key`, `secret_key`, `session_token` | `credentials` (none: the SDK's default chain) |
 * | `timeout` (seconds) | `timeoutMs` (per request attempt) |
 * | `retry_count`, else `connection_pool.max_retries` | `retries` (after the first attempt) |
 * | `connection_pool.max_connections` | `maxSockets` |
 * | `connection_pool.backoff_mode` (`standard` / `adaptive`) | `retryMode` |
 * | `encryption.server_side_encryption`, `encryption.kms_key_id` (or `kms_key_id`), `encryption.encryption_context` (or `encryption_context`), `encryption.bucket_key_enabled` | `encryption` |
 * | `multipart_threshold`, `part_size` (bytes or `"64MB"`), `parallel_uploads` | `multipartThreshold`, `partSize`, `queueSize` |
 * | `conditional_writes` | `conditionalWrites` |
 *
 * Half a key pair is `UNAUTHENTICATED` naming the missing key and its environment variable;
 * secrets never appear in messages.
 */
export function s3OptionsFromConfig(bucket: string, section: S3Config | undefined): S3StoreOptions {
  const config: S3Config = section ?? {};
  const name = bucket || (config.default_bucket as string | undefined);
  if (!name) {
    throw new StorageError('INVALID_ARGUMENT', `${AT}.default_bucket is needed for plain collection names: set it, or use s3://<bucket>/<path>.`, { provider: PROVIDER });
  }
  const pool = config.connection_pool;
  const common = commonBackendOptions(config);
  return {
    bucket: name,
    ...common,
    ...definedOptions({
      retries: common.retries ?? pool?.max_retries,
      region: config.region,
      endpoint: config.endpoint ?? config.endpoint_url,
      forcePathStyle: config.force_path_style,
      createBucket: config.create_bucket as boolean | undefined,
      credentials: credentialsOf(config),
      retryMode: pool?.backoff_mode === undefined ? undefined : pool.backoff_mode === 'adaptive' ? ('adaptive' as const) : ('standard' as const),
      maxSockets: pool?.max_connections,
      multipartThreshold: config.multipart_threshold,
      partSize: config.part_size,
      queueSize: config.parallel_uploads,
      conditionalWrites: config.conditional_writes,
      encryption: encryptionOf(config),
    }),
  };
}

function credentialsOf(config: S3Config): S3StoreOptions['credentials'] {
  const { access_key: accessKeyId, secret_key: secretAccessKey, session_token: sessionToken } = config;
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
function encryptionOf(config: S3Config): S3Encryption | undefined {
  const enc = config.encryption ?? {};
  const algorithm = enc.server_side_encryption;
  const keyId = enc.kms_key_id ?? config.kms_key_id;
  const context = enc.encryption_context ?? config.encryption_context;
  if (algorithm === undefined && keyId === undefined) return undefined;
  const serverSideEncryption = algorithm ?? 'aws:kms';
  const kms = serverSideEncryption !== 'AES256';
  return {
    serverSideEncryption,
    ...(kms && keyId !== undefined ? { kmsKeyId: keyId } : {}),
    ...(kms && context !== undefined ? { encryptionContext: context } : {}),
    ...(enc.bucket_key_enabled === undefined ? {} : { bucketKeyEnabled: enc.bucket_key_enabled }),
  };
}

function incomplete(missing: string, variables: string): StorageError {
  return new StorageError(
    'UNAUTHENTICATED',
    `S3 credentials in ${AT} are incomplete: set ${missing} (or the environment variables ${variables}), or remove the keys to use the default credential chain.`,
    { provider: PROVIDER },
  );
}
