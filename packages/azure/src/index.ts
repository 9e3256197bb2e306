export { azureBlobBackend, registerAzure } from './backend';
export { createAzureBlobStore, type AzureBlobStore } from './store';
export type { AzureBlobStoreOptions, AzureTokenCredential } from './options';
export { azureConfigSchema, azureOptionsFromConfig, type AzureConfig } from './config';
