import { fileError, quoted } from '../errors';
import type { FileStorageOptions } from '../options';
import { checkChunkSettings } from '../documents/split';
import { parseByteSize } from '../size';

/** Service options with defaults applied and values checked. */
export interface FileSettings {
  binaryMode: boolean;
  shouldSplit: boolean;
  chunkSize: number;
  chunkOverlap: number;
  /** Lower-case extensions with their dot; `undefined` allows every extension. */
  allowedExtensions: ReadonlySet<string> | undefined;
  maxFileSize: number | undefined;
  allowBinary: boolean;
}

/** Default characters per chunk. */
export const DEFAULT_CHUNK_SIZE = 1000;
/** Default characters shared by neighbouring chunks. */
export const DEFAULT_CHUNK_OVERLAP = 200;

/** Applies defaults and checks every option; a bad one is `INVALID_ARGUMENT` naming it. */
export function resolveSettings(options: FileStorageOptions = {}): FileSettings {
  if (options === null || typeof options !== 'object') {
    throw fileError('INVALID_ARGUMENT', `File storage options must be an object; got ${options === null ? 'null' : typeof options}.`);
  }
  const { chunkSize, chunkOverlap } = chunkSettings(options.chunkSize, options.chunkOverlap, DEFAULT_CHUNK_SIZE, DEFAULT_CHUNK_OVERLAP);
  return {
    binaryMode: flag(options.binaryMode, 'binaryMode', false),
    shouldSplit: flag(options.shouldSplit, 'shouldSplit', false),
    chunkSize,
    chunkOverlap,
    allowedExtensions: options.allowedExtensions === undefined ? undefined : extensionSet(options.allowedExtensions),
    maxFileSize: options.maxFileSize === undefined ? undefined : parseByteSize(options.maxFileSize),
    allowBinary: flag(options.allowBinary, 'allowBinary', true),
  };
}

/**
 * Chunk size and overlap from a call's options over the defaults. A chunk size given without
 * an overlap gets the default overlap, or a fifth of the chunk when that default does not fit.
 */
export function chunkSettings(size: unknown, overlap: unknown, defaultSize: number, defaultOverlap: number): { chunkSize: number; chunkOverlap: number } {
  const chunkSize = size ?? defaultSize;
  const fallback = typeof chunkSize === 'number' && defaultOverlap >= chunkSize ? Math.floor(chunkSize / 5) : defaultOverlap;
  return checkChunkSettings(chunkSize, overlap ?? fallback);
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw fileError('INVALID_ARGUMENT', `${name} must be true or false; got ${JSON.stringify(value)}.`);
  return value;
}

function extensionSet(list: unknown): ReadonlySet<string> {
  if (!Array.isArray(list)) {
    throw fileError('INVALID_ARGUMENT', `allowedExtensions must be a list such as ['.txt', '.pdf']; got ${JSON.stringify(list)}.`);
  }
  return new Set(
    list.map((item: unknown) => {
      if (typeof item !== 'string') throw fileError('INVALID_ARGUMENT', `allowedExtensions entries must be strings such as '.txt'; got ${JSON.stringify(item)}.`);
      const trimmed = item.trim().toLowerCase();
      if (trimmed.includes('/') || trimmed.includes('\\')) throw fileError('INVALID_ARGUMENT', `${quoted(item)} is not an extension; use forms such as '.txt' or 'txt'.`);
      return trimmed === '' || trimmed.startsWith('.') ? trimmed : `.${trimmed}`;
    }),
  );
}
