import type { FileDocument } from '../document';
import { importOptional } from '../optional-import';

const HEADING_START = /(?=<h[1-6][\s>])/i;
const HEADING = /^<h([1-6])[^>]*>([\s\S]*?)<\/h\1\s*>/i;
const TITLE = /<title[^>]*>([\s\S]*?)<\/title\s*>/i;

/**
 * Turns HTML into plain-text documents, one per section: a section starts at each heading
 * (`h1`–`h6`), and text before the first heading is section 0. Text comes from html-to-text
 * (scripts, styles and the head are dropped; links keep their text only).
 */
export async function htmlSections(html: string, source: string): Promise<FileDocument[]> {
  const { convert } = await importOptional('html-to-text', 'Loading HTML and DOCX files', () => import('html-to-text'));
  const options = {
    wordwrap: false as const,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    ],
  };
  const titleMatch = TITLE.exec(html);
  const title = titleMatch ? convert(titleMatch[1]!, options).trim() : undefined;
  const documents: FileDocument[] = [];
  for (const part of html.split(HEADING_START)) {
    const pageContent = convert(part, options).trim();
    if (pageContent === '') continue;
    const headingMatch = HEADING.exec(part);
    const heading = headingMatch ? convert(headingMatch[2]!, options).trim() : undefined;
    documents.push({
      pageContent,
      metadata: {
        source,
        section: documents.length,
        ...(heading ? { heading } : {}),
        ...(title ? { title } : {}),
      },
    });
  }
  return documents;
}
