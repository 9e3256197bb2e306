import { textOf } from '@agentmap/storage-core';
import type { FileDocument } from '../document';

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Markdown: one document per section, a section starting at each `#` heading (headings inside
 * fenced code blocks do not count). Content stays Markdown, heading line included.
 */
export async function loadMarkdown(bytes: Uint8Array, source: string): Promise<FileDocument[]> {
  const lines = textOf(bytes).split(/\r?\n/);
  const documents: FileDocument[] = [];
  let current: string[] = [];
  let heading: string | undefined;
  let fence: string | undefined;
  const flush = () => {
    const pageContent = current.join('\n').trim();
    if (pageContent !== '') {
      documents.push({ pageContent, metadata: { source, section: documents.length, ...(heading ? { heading } : {}) } });
    }
    current = [];
  };
  for (const line of lines) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker[0]!;
      else if (marker[0] === fence) fence = undefined;
    }
    const headingMatch = fence === undefined ? ATX_HEADING.exec(line) : null;
    if (headingMatch) {
      flush();
      heading = headingMatch[2]!.trim();
    }
    current.push(line);
  }
  flush();
  return documents;
}
