/** Provider names users write in YAML (`vector: provider: …`) and the package that brings each. */
export const KNOWN_VECTOR_PROVIDERS: Readonly<Record<string, string>> = Object.freeze({
  local: '@agentmap/storage-vector',
  lancedb: '@agentmap/storage-vector-lancedb',
  chroma: '@agentmap/storage-vector-chroma',
  pinecone: '@agentmap/storage-vector-pinecone',
  weaviate: '@agentmap/storage-vector-weaviate',
  qdrant: '@agentmap/storage-vector-qdrant',
});
