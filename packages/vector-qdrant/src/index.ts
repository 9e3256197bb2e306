export { createQdrantVectorStore, type QdrantVectorStoreOptions } from './qdrant-store';
export { qdrantVectorProvider } from './descriptor';
export { compileQdrantFilter, QDRANT_OPERATORS, type QdrantFilter, type QdrantCondition } from './filter-qdrant';
