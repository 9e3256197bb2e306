export { createGcsStore } from './gcs-store';
export type { GcsStoreOptions, GcsServiceAccountKey } from './options';
export { gcsBackendFactory, registerGcs } from './router/gcs-backend';
export { gcsOptionsFromConfig } from './router/config-options';
