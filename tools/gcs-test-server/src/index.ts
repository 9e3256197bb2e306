export { startGcsTestServer, type GcsTestServer, type GcsTestServerOptions, type GcsTestServerStats } from './server';
export type { GcsTestServerFaults } from './context';
export { crc32cBase64, crc32cUpdate } from './crc32c';
export type { StoredObject, StoredBucket } from './model';
export type { GcsState } from './store';
