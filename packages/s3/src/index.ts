export { s3Backend, registerS3 } from './backend';
export { createS3Store } from './store';
export type { S3StoreOptions, S3Encryption } from './options';
export { s3ConfigSchema, s3OptionsFromConfig, type S3Config } from './config';
export { mapS3Error, type ErrorContext } from './errors';
