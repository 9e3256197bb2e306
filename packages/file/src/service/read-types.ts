import type { FileDocument } from '../documents/document';
import type { FileEntry, FileMetadata } from '../files/metadata';

/** How the content of a structured read was produced. */
export type ContentType = 'text' | 'binary' | 'documents' | 'directory';

/** Metadata of a structured read: the file's metadata, its `source` and the content `type`. */
export interface StructuredMetadata extends FileMetadata {
  /** `collection/path`. */
  source: string;
  type: ContentType;
}

/** What `read(…, { format: 'structured' })` returns. */
export interface StructuredFile<C = string | Uint8Array | FileDocument | FileDocument[] | FileEntry[]> {
  content: C;
  metadata: StructuredMetadata;
}

/**
 * What `read` returns: text, bytes, documents (one when picked by `documentIndex`), a
 * directory listing (names, or entries when structured), or a structured file.
 */
export type FileReadResult = string | Uint8Array | string[] | FileDocument | FileDocument[] | StructuredFile;
