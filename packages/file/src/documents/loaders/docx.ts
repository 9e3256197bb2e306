import { fileError } from '../../errors';
import type { FileDocument } from '../document';
import { importOptional } from '../optional-import';
import { htmlSections } from './html-sections';

/** Word (.docx) through mammoth: one document per section, starting at each heading. */
export async function loadDocx(bytes: Uint8Array, source: string): Promise<FileDocument[]> {
  const mammoth = await importOptional('mammoth', 'Loading DOCX files', () => import('mammoth'));
  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('CORRUPT_DATA', `"${source}" is not a readable DOCX file (${reason}); check the file or read it with binaryMode: true.`, { key: source, cause: error });
  }
  return htmlSections(html, source);
}
