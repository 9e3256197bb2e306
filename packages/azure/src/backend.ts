import { type BackendDescriptor, type StorageRouter, defineBackend } from '@agentmap/storage-core';
import { type AzureConfig, azureConfigSchema, azureOptionsFromConfig } from './config';
import { PROVIDER } from './errors';
import { createAzureBlobStore } from './store';

/**
 * Azure Blob Storage for the router and the config loader: `azure://container/key` URIs and
 * the `providers.azure` section (validated by {@link azureConfigSchema} when the router is
 * created), one store per container.
 *
 * | store `provider` | scheme | config key | namespace | also accepted as |
 * |---|---|---|---|---|
 * | `azure` | `azure://` | `providers.azure` | container (`default_container`, `containers`) | `az`, `blob`, `azblob` |
 *
 * ```ts
 * const config = await loadStorageConfig('agentmap.yaml', { backends: [azureBlobBackend] });
 * const router = createStorageRouter({ config, backends: [azureBlobBackend] });
 * const { store, key } = router.resolve('azure://documents/users.json');
 * ```
 */
export const azureBlobBackend: BackendDescriptor<AzureConfig> = defineBackend<AzureConfig>({
  scheme: 'azure',
  configKey: 'azure',
  noun: 'container',
  provider: PROVIDER,
  packageName: '@agentmap/storage-azure',
  aliases: ['az', 'blob', 'azblob'],
  configSchema: azureConfigSchema,
  create: (container, section) => createAzureBlobStore(azureOptionsFromConfig(container, section)),
});

/**
 * Registers {@link azureBlobBackend} on a router.
 * @deprecated Pass `azureBlobBackend` in `createStorageRouter({ backends: [azureBlobBackend] })`, or call `router.register(azureBlobBackend)`.
 */
export function registerAzure<R extends Pick<StorageRouter, 'register'>>(router: R): R {
  router.register(azureBlobBackend);
  return router;
}
