export { describeObjectStore, expectStorageError, collect, type ObjectStoreSuiteOptions } from './object-store-suite';
export { patternStream, patternDigest, digestStream } from './streams';
