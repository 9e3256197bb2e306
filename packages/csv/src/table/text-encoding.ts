import { isUtf8 } from 'node:buffer';
import { StorageError } from '@agentmap/storage-core';
import type { Dialect } from './dialect';

/** Encodings a service reads and writes (see `CsvStorageOptions.encoding`). */
export type TextEncoding = Dialect['encoding'];

// windows-1252 puts printable characters where Latin-1 has C1 controls (0x80-0x9F);
// the five undefined bytes there read as their C1 control, as the WHATWG decoder does.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const FROM_WINDOWS_1252 = new Map<number, number>([...WINDOWS_1252_HIGH].map((char, i) => [char.charCodeAt(0), 0x80 + i]));
const TO_WINDOWS_1252: Record<string, string> = Object.fromEntries([...WINDOWS_1252_HIGH].map((char, i) => [String.fromCharCode(0x80 + i), char]));

/**
 * The text of stored bytes in `encoding`. UTF-8 is strict: bytes that are not UTF-8 (a
 * Latin-1 file, a truncated character) are `CORRUPT_DATA` naming `key`, never replaced with
 * U+FFFD, so no later write can spread the damage over the file.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, key: string | undefined): string {
  // Node's own TextDecoder('windows-1252') decodes as Latin-1 on some versions: map 0x80-0x9F here.
  if (encoding === 'windows1252') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(/[\u0080-\u009f]/g, (c) => TO_WINDOWS_1252[c]!);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  // Only a decoded U+FFFD can mean a bad byte; a file without one needs no second look.
  if (key !== undefined && encoding === 'utf8' && text.includes('\uFFFD') && !isUtf8(bytes)) {
    throw new StorageError(
      'CORRUPT_DATA',
      `"${key}" is not valid UTF-8 (it may be Latin-1 or Windows-1252). Set the service's encoding option to the file's encoding (latin1, windows-1252, utf16le), or convert the file to UTF-8; it was left untouched.`,
      { provider: 'csv', key },
    );
  }
  return text;
}

/**
 * Bytes of `text` in `encoding`. A character the encoding cannot hold (`€` in latin1, `é` in
 * ascii) is `INVALID_ARGUMENT`: Node would store another character in its place.
 */
export function encodeText(text: string, encoding: TextEncoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
    case 'utf16le':
      return Buffer.from(text, encoding);
    case 'latin1':
    case 'ascii': {
      const bad = (encoding === 'ascii' ? /[^\u0000-\u007f]/ : /[^\u0000-\u00ff]/).exec(text);
      if (bad) throw unencodable(bad[0], encoding);
      return Buffer.from(text, encoding);
    }
    case 'windows1252': {
      const out = Buffer.allocUnsafe(text.length);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : FROM_WINDOWS_1252.get(code);
        if (byte === undefined) throw unencodable(String.fromCodePoint(text.codePointAt(i)!), 'windows-1252');
        out[i] = byte;
      }
      return out;
    }
  }
}

function unencodable(char: string, encoding: string): StorageError {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return new StorageError('INVALID_ARGUMENT', `A value holds "${char}" (${code}), which ${encoding} cannot store; nothing was written. Remove it, or use a service with encoding utf8.`, {
    provider: 'csv',
  });
}
