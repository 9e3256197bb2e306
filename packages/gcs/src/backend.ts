import { type BackendDescriptor, type StorageRouter, defineBackend } from '@agentmap/storage-core';
import { type GcsConfig, gcsConfigSchema, gcsOptionsFromConfig } from './config';
import { PROVIDER } from './errors';
import { createGcsStore } from './store';

/**
 * Google Cloud Storage for the router and the config loader: `gs://bucket/key` URIs and the
 * `providers.gcp` section (validated by {@link gcsConfigSchema} when the router is created),
 * one store per bucket.
 *
 * | store `provider` | scheme | config key | namespace | also accepted as |
 * |---|---|---|---|---|
 * | `gcs` | `gs://` | `providers.gcp` | bucket (`default_bucket`, `buckets`) | `gcs`, `google` |
 *
 * ```ts
 * const router = createStorageRouter({ config: await loadStorageConfig('agentmap.yaml', { backends: [gcsBackend] }), backends: [gcsBackend] });
 * const { store, key } = router.resolve('gs://my-bucket/reports/monthly.json');
 * ```
 */
export const gcsBackend: BackendDescriptor<GcsConfig> = defineBackend<GcsConfig>({
  scheme: 'gs',
  configKey: 'gcp',
  noun: 'bucket',
  provider: PROVIDER,
  packageName: '@agentmap/storage-gcs',
  aliases: ['gcs', 'google'],
  configSchema: gcsConfigSchema,
  create: (bucket, section) => createGcsStore(gcsOptionsFromConfig(bucket, section)),
});

/**
 * Registers {@link gcsBackend} on a router.
 * @deprecated Pass `gcsBackend` in `createStorageRouter({ backends: [gcsBackend] })`, or call `router.register(gcsBackend)`.
 */
export function registerGcs<R extends Pick<StorageRouter, 'register'>>(router: R): R {
  router.register(gcsBackend);
  return router;
}
