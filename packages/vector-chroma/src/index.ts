export { createChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-store';
export { chromaVectorProvider } from './descriptor';
export { compileFilter, compileWhere, CHROMA_OPERATORS, DOCUMENT_FIELD, type CompiledFilter } from './filter-chroma';
export { checkChromaName } from './metadata';
