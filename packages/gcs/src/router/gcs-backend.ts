import type { BackendFactory, StorageRouter } from '@agentmap/storage-core';
import { createGcsStore } from '../gcs-store';
import { gcsOptionsFromConfig } from './config-options';

/**
 * The router's factory for `gs://` (and for collections placed on the `gcp` provider): one
 * store per bucket, configured from `providers.gcp` with {@link gcsOptionsFromConfig}.
 */
export const gcsBackendFactory: BackendFactory = ({ container, providerConfig }) => createGcsStore(gcsOptionsFromConfig(container, providerConfig));

/**
 * Registers the `gs://` scheme on a router.
 *
 * ```ts
 * const router = createStorageRouter({ config });
 * registerGcs(router);
 * const { store, key } = router.resolve('gs://my-bucket/reports/monthly.json');
 * ```
 */
export function registerGcs<R extends Pick<StorageRouter, 'register'>>(router: R): R {
  router.register('gs', gcsBackendFactory);
  return router;
}
