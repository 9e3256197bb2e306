export { createChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-store';
export { chromaVectorProvider } from './descriptor';
export { compileWhere, CHROMA_OPERATORS } from './filter-where';
export { checkChromaName } from './metadata';
