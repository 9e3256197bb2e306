/**
 * A loaded document, in LangChain's shape (`DocumentInterface` of `@langchain/core`), so
 * results go straight into LangChain.js splitters, vector stores and chains.
 */
export interface FileDocument<M extends Record<string, unknown> = DocumentMetadata> {
  pageContent: string;
  metadata: M;
  id?: string;
}

/** Metadata every loader sets, plus what the format adds. */
export interface DocumentMetadata {
  /** `<collection>/<path>` of the file the document came from. */
  source: string;
  /** PDF: 1-based page number. */
  page?: number;
  /** PDF: number of pages in the file. */
  totalPages?: number;
  /** Markdown, HTML, DOCX: 0-based section number (sections start at headings). */
  section?: number;
  /** Markdown, HTML, DOCX: the heading that opens the section, when there is one. */
  heading?: string;
  /** CSV: 0-based row number (header excluded). */
  row?: number;
  /** HTML: the page title. */
  title?: string;
  /** Chunks: 0-based position among every chunk of the file. */
  chunkIndex?: number;
  /** Chunks: number of chunks the file was split into. */
  chunkCount?: number;
  /** Chunks: character offsets of the chunk in its document's `pageContent` (end exclusive). */
  startOffset?: number;
  endOffset?: number;
  [key: string]: unknown;
}
