import { fileError } from '../errors';
import { BINARY_EXTENSIONS, TEXT_EXTENSIONS, extensionOf } from '../files/kinds';
import type { FileTarget } from '../paths/target';
import type { FileSettings } from './settings';

/** Refuses a file whose extension is not in `allowedExtensions`. */
export function checkExtension(settings: FileSettings, target: FileTarget): void {
  const allowed = settings.allowedExtensions;
  if (allowed === undefined) return;
  const extension = extensionOf(target.key);
  if (allowed.has(extension)) return;
  const list = [...allowed].map((e) => (e === '' ? '(none)' : e)).join(', ');
  throw fileError('INVALID_ARGUMENT', `"${target.source}" has extension ${extension === '' ? '(none)' : extension}, which allowedExtensions does not include (${list}); rename the file or add the extension to allowedExtensions.`, {
    key: target.source,
  });
}

/**
 * Whether a write stores binary content: `binaryMode`, a binary extension, or bytes or a
 * stream written to a file whose extension is not a text one.
 */
export function isBinaryWrite(target: FileTarget, data: unknown, binaryMode: boolean): boolean {
  const extension = extensionOf(target.key);
  if (binaryMode || BINARY_EXTENSIONS.has(extension)) return true;
  const bytesLike = typeof data === 'object' && data !== null && (data instanceof Uint8Array || data instanceof ArrayBuffer || isStreamLike(data));
  return bytesLike && !TEXT_EXTENSIONS.has(extension);
}

/** Refuses binary writes when `allowBinary` is false. */
export function checkBinaryAllowed(settings: FileSettings, target: FileTarget, binary: boolean): void {
  if (binary && !settings.allowBinary) {
    throw fileError('INVALID_ARGUMENT', `"${target.source}" is a binary file and this file storage has allowBinary: false; write text to a text file (.txt, .md…) or enable allowBinary.`, {
      key: target.source,
    });
  }
}

/** True for Node and Web readable streams. */
export function isStreamLike(value: object): boolean {
  return typeof (value as { pipe?: unknown }).pipe === 'function' || typeof (value as { getReader?: unknown }).getReader === 'function';
}
