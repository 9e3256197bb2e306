export { createFileStorage, type FileStorage, type FileStream } from './service/file-storage';
export type {
  DocumentQuery,
  FileCopyOptions,
  FileDeleteOptions,
  FileReadFormat,
  FileReadOptions,
  FileStorageOptions,
  FileStorageTarget,
  FileWriteOptions,
} from './options';
export type { FileData } from './service/body';
export type { ContentType, FileReadResult, StructuredFile, StructuredMetadata } from './service/read-types';
export type { FileEntry, FileMetadata } from './files/metadata';
export type { DocumentMetadata, FileDocument } from './documents/document';
export { BINARY_EXTENSIONS, TEXT_EXTENSIONS, extensionOf, mimeTypeOf } from './files/kinds';
export { DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE } from './service/settings';
export { parseByteSize } from './size';
export { safeRelativePath } from './paths/safe-path';
