export { createPineconeVectorStore, type PineconeVectorStoreOptions } from './pinecone-store';
export { pineconeVectorProvider } from './descriptor';
export { compilePinecone, PINECONE_OPERATORS, type Compiled, type PineconeFilter } from './filter-pinecone';
export { pineconeId, PINECONE_LIMITS, TYPE_KEYS } from './records';
