import type { DocumentId, Query, StorageResult } from '@agentmap/storage-core';
import type { Readable } from 'node:stream';
import type { FileDocument } from '../documents/document';
import type { FileEntry, FileMetadata } from '../files/metadata';
import { fileMetadata } from '../files/metadata';
import type { FileCopyOptions, FileDeleteOptions, FileReadOptions, FileStorageOptions, FileStorageTarget, FileWriteOptions } from '../options';
import { safeRelativePath } from '../paths/safe-path';
import { FILE_SECTION, targetResolver } from '../paths/target';
import type { FileData } from './body';
import { collectionsOf, countFiles, metadataOf } from './browse';
import type { FileContext } from './context';
import { deleteTarget } from './delete';
import { inspect } from './inspect';
import { listDirectory } from './listing';
import { openAllowed, readOpened } from './open';
import { documentsOf, readTarget } from './read';
import type { FileReadResult } from './read-types';
import { factoryArguments } from './factory-options';
import { resolveSettings } from './settings';
import { transferTarget } from './transfer';
import { writeTarget } from './write';

/** A file opened for streaming, with its metadata. */
export interface FileStream {
  stream: Readable;
  metadata: FileMetadata;
}

/**
 * Files and directories over any ObjectStore, in AgentMap's call shape: a collection is a
 * folder, a document id is a file name (or a relative path) inside it.
 */
export interface FileStorage {
  /**
   * A file's content (text, bytes or documents, see {@link FileReadOptions.format}), a
   * directory's sorted listing, or `undefined` when neither exists. Without a document id the
   * collection itself is read (a folder, or a file when the collection names one).
   */
  read(collection: string, documentId?: DocumentId, options?: FileReadOptions): Promise<FileReadResult | undefined>;
  /** Streams a file out without holding it in memory; `undefined` when there is no file. */
  readStream(collection: string, documentId: DocumentId, options?: { signal?: AbortSignal }): Promise<FileStream | undefined>;
  /** A file's documents (`{ pageContent, metadata }`), split and queried as asked; `undefined` when missing. */
  loadDocuments(collection: string, documentId: DocumentId, options?: Omit<FileReadOptions, 'format' | 'binaryMode' | 'recursive'>): Promise<FileDocument[] | undefined>;
  /** Writes text, bytes, a stream (streamed) or a JSON value; parents are created as needed. */
  write(collection: string, data: FileData, documentId: DocumentId, options?: FileWriteOptions): Promise<StorageResult>;
  /** Deletes a file, or a directory with `{ recursive: true }`. */
  delete(collection: string, documentId?: DocumentId, options?: FileDeleteOptions): Promise<StorageResult>;
  /** Whether a file or a directory exists there. */
  exists(collection: string, documentId?: DocumentId): Promise<boolean>;
  /** Files below a directory (recursively), filtered by `name`, `path`, `extension`, `size`. */
  count(collection: string, query?: Query): Promise<number>;
  /** The top-level folders. */
  listCollections(): Promise<string[]>;
  /** A directory's entries (folders end with `/`), or `undefined` when it does not exist. */
  list(collection: string, documentId?: DocumentId, options?: { recursive?: boolean; signal?: AbortSignal }): Promise<FileEntry[] | undefined>;
  /** Name, size, times, kind, extension and MIME type of a file or directory. */
  getFileMetadata(collection: string, documentId?: DocumentId, options?: { signal?: AbortSignal }): Promise<FileMetadata | undefined>;
  /** Copies a file, or a directory with `recursive`, to another name (or `toCollection`). */
  copy(collection: string, from: DocumentId, to: DocumentId, options?: FileCopyOptions): Promise<StorageResult>;
  /** Moves a file, or a directory with `recursive`: copy, then delete each unchanged source. */
  move(collection: string, from: DocumentId, to: DocumentId, options?: FileCopyOptions): Promise<StorageResult>;
}

/**
 * Creates the file service over one ObjectStore (`{ store, prefix? }`) or a router
 * (`{ router }`, so collections may be URIs such as `s3://bucket/docs`). The options may sit
 * next to the store or in the second argument; an unknown or misplaced one is `INVALID_ARGUMENT`.
 *
 * ```ts
 * const files = createFileStorage({ store: createLocalStore({ baseDir: './data' }), maxFileSize: '50MB' });
 * await files.write('docs', 'Hello', 'hello.txt');
 * const chunks = await files.read('docs', 'report.pdf', { shouldSplit: true, chunkSize: 500 });
 * ```
 */
export function createFileStorage(where: FileStorageTarget & FileStorageOptions, more?: FileStorageOptions): FileStorage {
  const { target, options } = factoryArguments(where, more);
  const resolve = targetResolver(target);
  const settings = resolveSettings(options);
  const ctx: FileContext = {
    settings,
    rootStore: () => target.store ?? target.router!.defaultStore({ service: FILE_SECTION }),
    prefix: target.prefix ? safeRelativePath(target.prefix, 'prefix') : '',
  };

  return {
    // Every method is async, so bad input rejects the promise instead of throwing synchronously.
    read: async (collection, documentId, opts) => readTarget(ctx, resolve(collection, documentId), opts),

    async readStream(collection, documentId, opts = {}) {
      const file = resolve(collection, documentId);
      const opened = await openAllowed(settings, file, opts.signal);
      return opened ? { stream: opened.stream, metadata: fileMetadata(opened.info, file) } : undefined;
    },

    async loadDocuments(collection, documentId, opts = {}) {
      const file = resolve(collection, documentId);
      const opened = await openAllowed(settings, file, opts.signal);
      if (!opened) return undefined;
      const documents = await documentsOf(ctx, file, await readOpened(opened, file, settings.maxFileSize, opts.signal), opts);
      return documents === undefined ? [] : Array.isArray(documents) ? documents : [documents];
    },

    write: async (collection, data, documentId, opts) => writeTarget(ctx, resolve(collection, documentId), data, opts),

    delete: async (collection, documentId, opts) => deleteTarget(resolve(collection, documentId), opts),

    async exists(collection, documentId) {
      const found = await inspect(resolve(collection, documentId));
      return found.file !== undefined || found.directory;
    },

    count: async (collection, query) => countFiles(resolve(collection), query),

    listCollections: async () => collectionsOf(ctx),

    async list(collection, documentId, opts = {}) {
      const directory = resolve(collection, documentId);
      const found = await inspect(directory, opts.signal);
      if (found.file || !found.directory) return undefined;
      return listDirectory(directory, opts.recursive === true, opts.signal);
    },

    getFileMetadata: async (collection, documentId, opts = {}) => metadataOf(resolve(collection, documentId), opts.signal),

    copy: async (collection, from, to, opts = {}) => transferTarget(ctx, resolve(collection, from), resolve(opts.toCollection ?? collection, to), opts, false),

    move: async (collection, from, to, opts = {}) => transferTarget(ctx, resolve(collection, from), resolve(opts.toCollection ?? collection, to), opts, true),
  };
}
