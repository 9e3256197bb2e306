import { fileError } from '../../errors';
import type { FileDocument } from '../document';
import { importOptional } from '../optional-import';

/** PDF through unpdf (PDF.js): one document per page, with `page` (1-based) and `totalPages`. */
export async function loadPdf(bytes: Uint8Array, source: string): Promise<FileDocument[]> {
  const { getDocumentProxy, extractText } = await importOptional('unpdf', 'Loading PDF files', () => import('unpdf'));
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js refuses Buffers and may take over (detach) the buffer it is given: it gets a plain copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    throw fileError('CORRUPT_DATA', `"${source}" is not a readable PDF (${describe(error)}); check the file or read it with binaryMode: true.`, { key: source, cause: error });
  }
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    return text.map((pageContent, i) => ({ pageContent, metadata: { source, page: i + 1, totalPages } }));
  } finally {
    await pdf.destroy();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
