export { describeVectorStore, type VectorSuiteOptions } from './suite';
export { clusteredVectors, queryVectors, recordsFor, metadataFor, random, FILTER_CASES } from './data';
