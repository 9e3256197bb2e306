export { createAzureBlobStore, type AzureBlobStore } from './azure-blob-store';
export type { AzureBlobStoreOptions, AzureTokenCredential } from './options';
export { azureBackendFactory, registerAzure, azureOptionsFromConfig } from './router/azure-backend';
