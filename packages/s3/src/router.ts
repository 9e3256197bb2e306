import type { BackendFactory, StorageRouter } from '@agentmap/storage-core';
import { s3OptionsFromConfig } from './config';
import { createS3Store } from './s3-store';

/**
 * The router's factory for `s3://` (and for collections placed on the `aws` provider): one
 * store per bucket, configured from `providers.aws` with {@link s3OptionsFromConfig}.
 */
export const s3BackendFactory: BackendFactory = ({ container, providerConfig }) => createS3Store(s3OptionsFromConfig(container, providerConfig));

/**
 * Registers the `s3://` scheme on a router (collections placed on the `aws` provider use it
 * too) and returns the router.
 *
 * ```ts
 * const router = registerS3(createStorageRouter({ config }));
 * const { store, key } = router.resolve('s3://my-bucket/users.json');
 * ```
 */
export function registerS3<R extends StorageRouter>(router: R): R {
  router.register('s3', s3BackendFactory);
  return router;
}
