export { describeCsvStorageSuite, type CsvStorageSuiteOptions } from './csv-storage-suite';
