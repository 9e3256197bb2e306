import { z } from 'zod';
import { StorageError } from '@agentmap/storage-core';
import { commonBackendOptions, commonProviderFields, configReaders, definedOptions, namespaceFields } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';
import type { GcsServiceAccountKey, GcsStoreOptions } from './options';

/** A service-account key, as the JSON text of its file (from `env:`) or as a mapping. Never echoed. */
const serviceAccountKey = () =>
  z
    .union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected service-account JSON (the key file’s content), as text or a mapping' })
    .transform((value, ctx): GcsServiceAccountKey => {
      let parsed: unknown = value;
      if (typeof value === 'string') {
        try {
          parsed = JSON.parse(value);
        } catch {
          // The text may be a secret: say what was expected, never what was given.
          ctx.addIssue({ code: 'custom', message: 'expected service-account JSON (the key file’s content), as text or a mapping; the value given is not JSON' });
          return z.NEVER;
        }
      }
      const key = parsed as Partial<GcsServiceAccountKey> | null;
      if (typeof key !== 'object' || key === null || Array.isArray(key) || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
        ctx.addIssue({ code: 'custom', message: 'expected a service-account key with client_email and private_key' });
        return z.NEVER;
      }
      return key as GcsServiceAccountKey;
    });

/** One scope or a list of them, read as a list. */
const scopes = () =>
  z
    .union([configReaders.text('an OAuth scope URL'), z.array(configReaders.text('an OAuth scope URL'))], { error: 'expected a list of OAuth scope URLs' })
    .transform((value) => (typeof value === 'string' ? [value] : value));

/**
 * The `providers.gcp` section, as the guide writes it: the settings every provider has
 * (`timeout`, `retry_count`, `connection_pool`), where collections live (`default_bucket`,
 * `buckets`, `create_bucket`), credentials and the GCS settings. Keys it does not know
 * (`batch_size`, `parallel_uploads` from the guide's tuning examples) are kept and unused.
 */
export const gcsConfigSchema = z.looseObject({
  ...commonProviderFields,
  ...namespaceFields('bucket'),
  project_id: configReaders.text('a Google Cloud project id').optional(),
  credentials_file: configReaders.text('the path of a service-account key file').optional(),
  credentials: serviceAccountKey().optional(),
  use_default_credentials: configReaders.flag().optional(),
  scopes: scopes().optional(),
  api_endpoint: configReaders.text('an endpoint such as "http://127.0.0.1:4443"').optional(),
  resumable_threshold: configReaders.size().optional(),
  chunk_size: configReaders.size().optional(),
  encryption: z.looseObject({ kms_key_name: configReaders.text('a Cloud KMS key name (projects/…/cryptoKeys/…)').optional() }, { error: 'expected a mapping (kms_key_name: …)' }).optional(),
  kms_key_name: configReaders.text('a Cloud KMS key name (projects/…/cryptoKeys/…)').optional(),
  storage_class: configReaders.text('a storage class such as "STANDARD" or "COLDLINE"').optional(),
  user_project: configReaders.text('the project billed for Requester Pays buckets').optional(),
});

/** The `providers.gcp` section after {@link gcsConfigSchema} parsed it. */
export type GcsConfig = z.infer<typeof gcsConfigSchema>;

/** Where the keys live, for messages. */
const AT = 'providers.gcp';

/**
 * Maps the parsed `providers.gcp` section onto {@link GcsStoreOptions} for one bucket:
 *
 * | config key | option |
 * |---|---|
 * | `project_id` | `projectId` |
 * | `credentials_file` | `keyFilename` |
 * | `credentials` (service-account JSON as text or a mapping) | `credentials` |
 * | `use_default_credentials` | neither: Application Default Credentials |
 * | `scopes` | `scopes` |
 * | `api_endpoint` (else `STORAGE_EMULATOR_HOST`) | `apiEndpoint` |
 * | `timeout` (seconds) | `timeoutMs` (per request attempt) |
 * | `retry_count` | `retries` (after the first attempt) |
 * | `resumable_threshold`, `chunk_size` (bytes or `"8MB"`) | `resumableThreshold`, `chunkSize` |
 * | `encryption.kms_key_name` (or `kms_key_name`) | `kmsKeyName` |
 * | `storage_class`, `create_bucket`, `user_project` | same, camelCase |
 *
 * `default_bucket` and `buckets` are read by the router, which hands over the bucket;
 * `connection_pool` is not used (the SDK manages its sockets). `use_default_credentials: false`
 * with no credentials and no emulator is `UNAUTHENTICATED` saying what to set; credentials
 * never appear in messages.
 */
export function gcsOptionsFromConfig(bucket: string, section: GcsConfig | undefined): GcsStoreOptions {
  const config = section ?? {};
  const options: GcsStoreOptions = {
    bucket,
    ...commonBackendOptions(config),
    ...definedOptions({
      projectId: config.project_id,
      keyFilename: config.credentials_file,
      credentials: config.credentials,
      scopes: config.scopes,
      apiEndpoint: config.api_endpoint,
      resumableThreshold: config.resumable_threshold,
      chunkSize: config.chunk_size,
      kmsKeyName: config.encryption?.kms_key_name ?? config.kms_key_name,
      storageClass: config.storage_class,
      createBucket: config.create_bucket as boolean | undefined,
      userProject: config.user_project,
    }),
  };

  if (config.use_default_credentials === false && !options.keyFilename && !options.credentials && !options.apiEndpoint && !process.env.STORAGE_EMULATOR_HOST) {
    throw new StorageError(
      'UNAUTHENTICATED',
      `${AT}.use_default_credentials is false but no credentials are configured: set ${AT}.credentials_file (or GOOGLE_APPLICATION_CREDENTIALS) or ${AT}.credentials, or set use_default_credentials: true.`,
      { provider: PROVIDER },
    );
  }
  return options;
}
