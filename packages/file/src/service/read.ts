import { textOf } from '@agentmap/storage-core';
import type { FileDocument } from '../documents/document';
import { DOCUMENT_ONLY_EXTENSIONS, loadDocuments } from '../documents/load';
import { queryDocuments } from '../documents/query';
import { splitDocuments } from '../documents/split';
import { fileError } from '../errors';
import { BINARY_EXTENSIONS, TEXT_EXTENSIONS, extensionOf, looksLikeText } from '../files/kinds';
import { type FileMetadata, directoryMetadata, fileMetadata } from '../files/metadata';
import type { FileReadFormat, FileReadOptions } from '../options';
import type { FileTarget } from '../paths/target';
import type { FileContext } from './context';
import { isDirectory } from './inspect';
import { listDirectory } from './listing';
import { openAllowed, readOpened } from './open';
import type { ContentType, FileReadResult, StructuredFile } from './read-types';
import { chunkSettings } from './settings';

const FORMATS: ReadonlySet<string> = new Set<FileReadFormat>(['raw', 'text', 'structured', 'documents']);

/** The read operation: a file's content in the shape asked for, a directory's listing, or `undefined`. */
export async function readTarget(ctx: FileContext, target: FileTarget, options: FileReadOptions = {}): Promise<FileReadResult | undefined> {
  if (options.format !== undefined && !FORMATS.has(options.format)) {
    throw fileError('INVALID_ARGUMENT', `format must be one of ${[...FORMATS].join(', ')}; got ${JSON.stringify(options.format)}.`);
  }
  const opened = await openAllowed(ctx.settings, target, options.signal);
  if (!opened) {
    if (!(await isDirectory(target.store, target.key, options.signal))) return undefined;
    const entries = await listDirectory(target, options.recursive === true, options.signal);
    if (options.format === 'structured') return structured(entries, directoryMetadata(target), target, 'directory');
    return entries.map((e) => e.path);
  }
  const bytes = await readOpened(opened, target, ctx.settings.maxFileSize, options.signal);
  const { content, type } = await contentOf(ctx, target, bytes, options);
  // A documentIndex past the end (or not matching the filter) picks nothing.
  if (content === undefined) return undefined;
  return options.format === 'structured' ? structured(content, fileMetadata(opened.info, target), target, type) : content;
}

/** Loads a file's documents, split and queried as the options say. */
export async function documentsOf(ctx: FileContext, target: FileTarget, bytes: Uint8Array, options: FileReadOptions): Promise<FileDocument | FileDocument[] | undefined> {
  const extension = extensionOf(target.key);
  let documents = await loadDocuments(bytes, extension, target.source);
  if (options.shouldSplit ?? ctx.settings.shouldSplit) {
    const { chunkSize, chunkOverlap } = chunkSettings(options.chunkSize, options.chunkOverlap, ctx.settings.chunkSize, ctx.settings.chunkOverlap);
    documents = await splitDocuments(documents, { chunkSize, chunkOverlap, markdown: extension === '.md' || extension === '.markdown' });
  }
  return options.query === undefined ? documents : queryDocuments(documents, options.query);
}

async function contentOf(
  ctx: FileContext,
  target: FileTarget,
  bytes: Uint8Array,
  options: FileReadOptions,
): Promise<{ content: string | Uint8Array | FileDocument | FileDocument[] | undefined; type: ContentType }> {
  const extension = extensionOf(target.key);
  if (options.binaryMode ?? ctx.settings.binaryMode) return { content: bytes, type: 'binary' };
  if (options.format === 'documents' || options.shouldSplit === true || options.query !== undefined) {
    return { content: await documentsOf(ctx, target, bytes, options), type: 'documents' };
  }
  const textual = TEXT_EXTENSIONS.has(extension) || (!BINARY_EXTENSIONS.has(extension) && looksLikeText(bytes));
  if (options.format === 'text' && !textual) {
    const documents = await loadDocuments(bytes, extension, target.source);
    return { content: documents.map((d) => d.pageContent).join('\n\n'), type: 'text' };
  }
  if (DOCUMENT_ONLY_EXTENSIONS.has(extension)) return { content: await documentsOf(ctx, target, bytes, options), type: 'documents' };
  return textual ? { content: textOf(bytes), type: 'text' } : { content: bytes, type: 'binary' };
}

function structured<C>(content: C, metadata: FileMetadata, target: FileTarget, type: ContentType): StructuredFile<C> {
  return { content, metadata: { ...metadata, source: target.source, type } };
}
