export { startPineconeTestServer, type PineconeTestServer, type PineconeTestServerOptions, type InjectedFailure } from './server';
export { checkFilter, matches, type Metadata, type MetadataValue } from './filter';
export { LIMITS } from './model';
