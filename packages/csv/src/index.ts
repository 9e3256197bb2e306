export { createCsvStorage } from './service/create-csv-storage';
export { detectIdField } from './table/detect-id';
export { inferCell } from './table/cell-types';
export type {
  CsvBatchItem,
  CsvBatchItemOutcome,
  CsvBatchOptions,
  CsvCell,
  CsvEncoding,
  CsvExistsOptions,
  CsvFormat,
  CsvReadOptions,
  CsvReadResult,
  CsvRow,
  CsvStorage,
  CsvStorageOptions,
  CsvWarning,
  CsvWriteData,
  CsvWriteOptions,
  DataFrame,
} from './types';
