export { createS3Store } from './s3-store';
export type { S3StoreOptions, S3Encryption } from './options';
export { s3OptionsFromConfig } from './config';
export { s3BackendFactory, registerS3 } from './router';
export { mapS3Error, type ErrorContext } from './errors';
