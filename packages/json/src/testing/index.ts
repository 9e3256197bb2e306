export { describeJsonStorageSuite, type JsonSuiteOptions } from './json-suite';
