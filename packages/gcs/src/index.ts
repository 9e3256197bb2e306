export { gcsBackend, registerGcs } from './backend';
export { createGcsStore } from './store';
export type { GcsStoreOptions, GcsServiceAccountKey } from './options';
export { gcsConfigSchema, gcsOptionsFromConfig, type GcsConfig } from './config';
