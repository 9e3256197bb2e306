import { fileError } from '../errors';
import type { FileDocument } from './document';
import { importOptional } from './optional-import';

/** How documents are split into chunks. */
export interface ChunkSettings {
  chunkSize: number;
  chunkOverlap: number;
  /** Use Markdown-aware separators (headings, code blocks) before plain ones. */
  markdown?: boolean;
}

/** Checks chunk settings; bad values are `INVALID_ARGUMENT`. */
export function checkChunkSettings(chunkSize: unknown, chunkOverlap: unknown): { chunkSize: number; chunkOverlap: number } {
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < 1) {
    throw fileError('INVALID_ARGUMENT', `chunkSize must be a positive whole number of characters; got ${JSON.stringify(chunkSize)}.`);
  }
  if (typeof chunkOverlap !== 'number' || !Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw fileError('INVALID_ARGUMENT', `chunkOverlap must be a whole number from 0 to chunkSize - 1 (${chunkSize - 1}); got ${JSON.stringify(chunkOverlap)}.`);
  }
  return { chunkSize, chunkOverlap };
}

/**
 * Splits documents with LangChain's RecursiveCharacterTextSplitter. Each chunk keeps its
 * document's metadata and adds `chunkIndex` and `chunkCount` (over the whole file) and
 * `startOffset`/`endOffset`, the chunk's place in its document's text.
 */
export async function splitDocuments(documents: readonly FileDocument[], settings: ChunkSettings): Promise<FileDocument[]> {
  const { RecursiveCharacterTextSplitter } = await importOptional('@langchain/textsplitters', 'Splitting documents (shouldSplit)', () => import('@langchain/textsplitters'));
  const params = { chunkSize: settings.chunkSize, chunkOverlap: settings.chunkOverlap };
  const splitter = settings.markdown ? RecursiveCharacterTextSplitter.fromLanguage('markdown', params) : new RecursiveCharacterTextSplitter(params);
  const chunks: FileDocument[] = [];
  for (const document of documents) {
    const text = document.pageContent;
    // Chunks come out in order and overlap, so each is searched from just after the previous start.
    let from = 0;
    for (const chunk of await splitter.splitText(text)) {
      const start = text.indexOf(chunk, from);
      const located = start === -1 ? {} : { startOffset: start, endOffset: start + chunk.length };
      if (start !== -1) from = start + 1;
      chunks.push({ pageContent: chunk, metadata: { ...document.metadata, chunkIndex: chunks.length, ...located } });
    }
  }
  for (const chunk of chunks) chunk.metadata.chunkCount = chunks.length;
  return chunks;
}
