import { fileError } from '../errors';
import { BINARY_EXTENSIONS, TEXT_EXTENSIONS, looksLikeText } from '../files/kinds';
import type { FileDocument } from './document';
import { loadCsv } from './loaders/csv';
import { loadDocx } from './loaders/docx';
import { loadHtml } from './loaders/html';
import { loadMarkdown } from './loaders/markdown';
import { loadPdf } from './loaders/pdf';
import { loadText } from './loaders/text';

type Loader = (bytes: Uint8Array, source: string) => Promise<FileDocument[]>;

const LOADERS: Record<string, Loader> = {
  '.pdf': loadPdf,
  '.docx': loadDocx,
  '.html': loadHtml,
  '.htm': loadHtml,
  '.md': loadMarkdown,
  '.markdown': loadMarkdown,
  '.csv': loadCsv,
};

/** Extensions whose raw bytes are not text, so a plain read returns their documents. */
export const DOCUMENT_ONLY_EXTENSIONS: ReadonlySet<string> = new Set(['.pdf', '.docx']);

/**
 * Loads a file's documents with the loader for its extension. Text formats without a loader
 * of their own give one document; other binary formats are `UNSUPPORTED`.
 */
export async function loadDocuments(bytes: Uint8Array, extension: string, source: string): Promise<FileDocument[]> {
  const loader = LOADERS[extension];
  if (loader) return loader(bytes, source);
  if (extension === '.doc') {
    throw fileError('UNSUPPORTED', `"${source}" is a legacy Word (.doc) file, which has no maintained loader; save it as .docx, or read it with binaryMode: true.`, { key: source });
  }
  if (TEXT_EXTENSIONS.has(extension) || (!BINARY_EXTENSIONS.has(extension) && looksLikeText(bytes))) return loadText(bytes, source);
  throw fileError('UNSUPPORTED', `Cannot extract text from "${source}" (${extension || 'no extension'}); read it with binaryMode: true for its bytes.`, { key: source });
}
