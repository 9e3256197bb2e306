import type { ObjectInfo } from '@agentmap/storage-core';
import { BINARY_EXTENSIONS, TEXT_EXTENSIONS, extensionOf, isTextContentType, mimeTypeOf } from './kinds';

/** What {@link FileStorage.getFileMetadata} reports about a file or a directory. */
export interface FileMetadata {
  /** Last segment of the path: `report.pdf`. */
  name: string;
  /** Path inside the collection: `2024/report.pdf` (`''` for the collection itself). */
  path: string;
  /** The collection, as given. */
  collection: string;
  /** Size in bytes; 0 for a directory. */
  size: number;
  /**
   * Creation time. Object stores (and so this service) do not keep one, so it is
   * `undefined` rather than a guess.
   */
  created: Date | undefined;
  /** Last modification; `undefined` for a directory (a key prefix has no time of its own). */
  modified: Date | undefined;
  isDirectory: boolean;
  isFile: boolean;
  /** Lower-case extension with its dot (`.pdf`), or `''`. */
  extension: string;
  /** MIME type from the extension, else the stored content type. `inode/directory` for directories. */
  mimeType: string;
  isText: boolean;
  isBinary: boolean;
  /** Version tag of the file (changes with its content). */
  etag?: string;
}

/** One entry of a structured directory listing. */
export interface FileEntry {
  /** File or folder name; folders end with `/`. */
  name: string;
  /** Path relative to the listed directory (folders end with `/`). */
  path: string;
  isDirectory: boolean;
  size?: number;
  modified?: Date;
}

/** Where a file sits: its collection, its path there, and its key. */
export interface FilePlace {
  collection: string;
  path: string;
  key: string;
}

/** Metadata of a stored file. */
export function fileMetadata(info: ObjectInfo, place: FilePlace): FileMetadata {
  const extension = extensionOf(place.key);
  const known = TEXT_EXTENSIONS.has(extension) || BINARY_EXTENSIONS.has(extension);
  const storedType = info.contentType?.split(';')[0]?.trim();
  const isText = TEXT_EXTENSIONS.has(extension) || (!known && isTextContentType(info.contentType));
  // Known extensions decide; otherwise the stored content type does (text types, else bytes).
  const isBinary = known ? BINARY_EXTENSIONS.has(extension) : !isText;
  return {
    name: place.key.slice(place.key.lastIndexOf('/') + 1),
    path: place.path,
    collection: place.collection,
    size: info.size,
    created: undefined,
    modified: info.lastModified,
    isDirectory: false,
    isFile: true,
    extension,
    mimeType: known || !storedType ? mimeTypeOf(extension) : storedType,
    isText,
    isBinary,
    etag: info.etag,
  };
}

/** Metadata of a directory (a key prefix that holds files). */
export function directoryMetadata(place: FilePlace): FileMetadata {
  const named = place.key === '' ? place.collection : place.key;
  return {
    name: named.slice(named.lastIndexOf('/') + 1),
    path: place.path,
    collection: place.collection,
    size: 0,
    created: undefined,
    modified: undefined,
    isDirectory: true,
    isFile: false,
    extension: '',
    mimeType: 'inode/directory',
    isText: false,
    isBinary: false,
  };
}
