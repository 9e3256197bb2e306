import type { BackendFactory, ObjectStore, StorageRouter } from '@agentmap/storage-core';
import { createAzureBlobStore } from '../azure-blob-store';
import { azureOptionsFromConfig } from './config-options';

export { azureOptionsFromConfig } from './config-options';

/**
 * The router's factory for `azure://container/path`: one store per container, configured from
 * the `providers.azure` section (credentials, timeout, retry_count, connection_pool,
 * encryption scope, block upload sizes).
 */
export const azureBackendFactory: BackendFactory = ({ container, providerConfig }): ObjectStore =>
  createAzureBlobStore(azureOptionsFromConfig(container, providerConfig));

/**
 * Teaches a router the `azure://` scheme:
 *
 * ```ts
 * const router = createStorageRouter({ config });
 * registerAzure(router);
 * router.resolve('azure://documents/users.json');
 * ```
 */
export function registerAzure<R extends Pick<StorageRouter, 'register'>>(router: R): R {
  router.register('azure', azureBackendFactory);
  return router;
}
