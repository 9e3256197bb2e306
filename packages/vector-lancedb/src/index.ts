export { createLanceDbVectorStore, type LanceDbVectorStoreOptions } from './lancedb-store';
export { lanceDbVectorProvider } from './descriptor';
export { compileSql, sqlString, LANCEDB_OPERATORS } from './filter-sql';
