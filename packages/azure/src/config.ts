import { z } from 'zod';
import { StorageError } from '@agentmap/storage-core';
import { commonBackendOptions, commonProviderFields, configReaders, definedOptions, namespaceFields } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';
import type { AzureBlobStoreOptions } from './options';

/** A number of seconds, 0 or more (`retry_delay: 0` retries at once). */
const secondsOrZero = () =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z.number({ error: 'expected a number of seconds, 0 or more' }).min(0, { error: 'expected a number of seconds, 0 or more' }),
  );

/**
 * The `providers.azure` section, as the guide writes it: the settings every provider has
 * (`timeout` in seconds, `retry_count`, `connection_pool`), where collections live
 * (`default_container`, `containers`, `create_container`), credentials and the Azure
 * settings. Keys it does not know (the guide's tuning examples: `batch_size`,
 * `use_block_blobs`; `encryption.enabled`, `encryption.key_vault_url`) are kept and unused.
 * `env:` references are resolved by the config loader before this schema runs.
 */
export const azureConfigSchema = z.looseObject({
  ...commonProviderFields,
  ...namespaceFields('container'),
  connection_pool: z
    .looseObject(
      { max_connections: configReaders.wholeNumber('a number of connections: a whole number, 1 or more', 1).optional() },
      { error: 'expected a mapping such as { max_connections: 10 }' },
    )
    .optional(),
  connection_string: configReaders.text('a connection string (DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…)').optional(),
  account_name: configReaders.text('a storage account name').optional(),
  account_key: configReaders.text('the account key').optional(),
  sas_token: configReaders.text('a SAS token (sv=…&sig=…)').optional(),
  use_managed_identity: configReaders.flag().optional(),
  managed_identity_client_id: configReaders.text('the client id of a user-assigned managed identity').optional(),
  use_default_credential: configReaders.flag().optional(),
  endpoint: configReaders.url().optional(),
  retry_delay: secondsOrZero().optional(),
  encryption_scope: configReaders.text('an encryption scope name').optional(),
  encryption: z
    .looseObject(
      {
        encryption_scope: configReaders.text('an encryption scope name').optional(),
        scope: configReaders.text('an encryption scope name').optional(),
      },
      { error: 'expected a mapping (encryption_scope: …)' },
    )
    .optional(),
  multipart_threshold: configReaders.size().optional(),
  block_size: configReaders.size().optional(),
  parallel_uploads: configReaders.wholeNumber('a number of parallel uploads: a whole number, 1 or more', 1).optional(),
});

/** The `providers.azure` section after {@link azureConfigSchema} parsed it. */
export type AzureConfig = z.infer<typeof azureConfigSchema>;

/**
 * Maps the parsed `providers.azure` section onto {@link AzureBlobStoreOptions} for one
 * container (the router hands over the container, from the URI or from `containers` /
 * `default_container`; an empty one means the section's `default_container`):
 *
 * | config key | option |
 * |---|---|
 * | `connection_string` | `connectionString` |
 * | `account_name`, `account_key` | `accountName`, `accountKey` |
 * | `sas_token` | `sasToken` |
 * | `use_managed_identity` (+ `managed_identity_client_id`) | `useManagedIdentity` (`true` or `{ clientId }`) |
 * | `use_default_credential` | `useDefaultCredential` |
 * | `endpoint` | `endpoint` |
 * | `create_container` | `createContainer` |
 * | `timeout` (seconds) | `timeoutMs` (per request attempt) |
 * | `retry_count` | `retries` (after the first attempt) |
 * | `retry_delay` (seconds) | `retryDelayMs` |
 * | `connection_pool.max_connections` | `maxConnections` |
 * | `encryption_scope` (or `encryption.encryption_scope`, `encryption.scope`) | `encryptionScope` |
 * | `multipart_threshold`, `block_size` (bytes or `"64MB"`) | `multipartThreshold`, `blockSize` |
 * | `parallel_uploads` | `parallelUploads` |
 *
 * `default_container` and `containers` are read by the router; `connection_pool`'s other
 * keys (`max_idle_time`) are not used (idle sockets are kept alive by the store's agent).
 */
export function azureOptionsFromConfig(container: string, section: AzureConfig | undefined): AzureBlobStoreOptions {
  const config = section ?? {};
  const name = container || (config.default_container as string | undefined);
  if (!name) {
    throw new StorageError('INVALID_ARGUMENT', 'providers.azure.default_container is needed for plain collection names: set it, or use azure://<container>/<path>.', {
      provider: PROVIDER,
    });
  }
  const clientId = config.managed_identity_client_id;
  return {
    container: name,
    ...commonBackendOptions(config),
    ...definedOptions({
      connectionString: config.connection_string,
      accountName: config.account_name,
      accountKey: config.account_key,
      sasToken: config.sas_token,
      useManagedIdentity: config.use_managed_identity && clientId ? { clientId } : config.use_managed_identity,
      useDefaultCredential: config.use_default_credential,
      endpoint: config.endpoint,
      createContainer: config.create_container as boolean | undefined,
      retryDelayMs: config.retry_delay === undefined ? undefined : Math.round(config.retry_delay * 1000),
      maxConnections: config.connection_pool?.max_connections,
      encryptionScope: config.encryption_scope ?? config.encryption?.encryption_scope ?? config.encryption?.scope,
      multipartThreshold: config.multipart_threshold,
      blockSize: config.block_size,
      parallelUploads: config.parallel_uploads,
    }),
  };
}
