export { describeFileStorageSuite, type FileStorageSuiteOptions } from './file-suite';
export { HOSTILE_NAMES } from './sections/safety';
export { DOCX_SECTIONS, PDF_PAGES, makeDocx, makePdf } from './fixtures';
export type { SuiteContext } from './context';
