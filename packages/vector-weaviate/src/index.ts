export { createWeaviateVectorStore, type WeaviateVectorStoreOptions, type WeaviatePropertyDeclaration } from './weaviate-store';
export { weaviateVectorProvider } from './descriptor';
export { compileWhere, WEAVIATE_OPERATORS, type FieldKind, type Where } from './filter-where';
export { classNameFor, propertyFor, CLASS_RULE } from './names';
