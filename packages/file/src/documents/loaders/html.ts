import { textOf } from '@agentmap/storage-core';
import type { FileDocument } from '../document';
import { htmlSections } from './html-sections';

/** HTML: one document per section, with `section`, `heading` and the page `title`. */
export async function loadHtml(bytes: Uint8Array, source: string): Promise<FileDocument[]> {
  return htmlSections(textOf(bytes), source);
}
