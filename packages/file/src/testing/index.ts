export { describeFileStorageSuite, type FileStorageSuiteOptions } from './suite';
export { HOSTILE_NAMES } from './cases/safety';
export { DOCX_SECTIONS, PDF_PAGES, makeDocx, makePdf } from './fixtures';
export type { SuiteContext } from './context';
