export { startQdrantTestServer, QDRANT_VERSION, type QdrantTestServer, type QdrantTestServerOptions, type InjectedFailure, type RequestLogEntry } from './server';
export { compileQdrantFilter, valuesAt } from './filter';
