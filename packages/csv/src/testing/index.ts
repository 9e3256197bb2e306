export { describeCsvStorageSuite, type CsvStorageSuiteOptions } from './csv-suite';
