export { kvBackend } from './backend';
export { createKvStore, type KvStoreOptions } from './store';
export { kvConfigSchema, type KvConfigSection } from './config';
