import { type BackendDescriptor, type StorageRouter, defineBackend } from '@agentmap/storage-core';
import { type S3Config, s3ConfigSchema, s3OptionsFromConfig } from './config';
import { PROVIDER } from './errors';
import { createS3Store } from './store';

/**
 * Amazon S3 (and S3-compatible stores) for the router and the config loader: `s3://bucket/key`
 * URIs and the `providers.aws` section (validated by {@link s3ConfigSchema} when the config is
 * loaded and when the router is created), one store per bucket.
 *
 * | store `provider` | scheme | config key | namespace | also accepted as |
 * |---|---|---|---|---|
 * | `s3` | `s3://` | `providers.aws` | bucket (`default_bucket`, `buckets`) | `amazon` (and `s3` or `aws` in the other place) |
 *
 * ```ts
 * const config = await loadStorageConfig('agentmap.yaml', { backends: [s3Backend] });
 * const router = createStorageRouter({ config, backends: [s3Backend] });
 * const { store, key } = router.resolve('s3://my-bucket/users.json');
 * ```
 */
export const s3Backend: BackendDescriptor<S3Config> = defineBackend<S3Config>({
  scheme: 's3',
  configKey: 'aws',
  noun: 'bucket',
  provider: PROVIDER,
  packageName: '@agentmap/storage-s3',
  aliases: ['amazon'],
  configSchema: s3ConfigSchema,
  create: (bucket, section) => createS3Store(s3OptionsFromConfig(bucket, section)),
});

/**
 * Registers {@link s3Backend} on a router and returns the router.
 * @deprecated Pass `s3Backend` in `createStorageRouter({ backends: [s3Backend] })`, or call `router.register(s3Backend)`.
 */
export function registerS3<R extends Pick<StorageRouter, 'register'>>(router: R): R {
  router.register(s3Backend);
  return router;
}
