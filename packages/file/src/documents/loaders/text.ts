import { textOf } from '@agentmap/storage-core';
import type { FileDocument } from '../document';

/** Plain text (and any text format without a loader of its own): one document. */
export async function loadText(bytes: Uint8Array, source: string): Promise<FileDocument[]> {
  return [{ pageContent: textOf(bytes), metadata: { source } }];
}
