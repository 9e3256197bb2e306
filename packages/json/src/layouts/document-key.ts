import { validateKey } from '@agentmap/storage-core';

const SAFE = /^[A-Za-z0-9._-]$/;
const EXTENSION = '.json';

/** The folder of a per-document collection: `users.json` -> `users/`. */
export function folderOf(collectionKey: string): string {
  return `${collectionKey.replace(/\.json$/i, '')}/`;
}

/**
 * The key of one document: `<folder><encoded id>.json`. Letters, digits, `.`, `_` and `-`
 * stay as they are; every other character is percent-encoded (UTF-8), so ids with `/`,
 * `..`, spaces or any script become one safe key segment on every store.
 */
export function documentKey(folder: string, id: string): string {
  let encoded = '';
  for (const char of id) {
    encoded += SAFE.test(char)
      ? char
      : Array.from(Buffer.from(char, 'utf8'), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  // Too long an id gives INVALID_ARGUMENT here, before any I/O.
  return validateKey(`${folder}${encoded}${EXTENSION}`, 'json');
}

/** The document id of a key of `folder`, or undefined for keys that are not documents. */
export function documentIdOf(folder: string, key: string): string | undefined {
  if (!key.startsWith(folder) || !key.endsWith(EXTENSION)) return undefined;
  const encoded = key.slice(folder.length, -EXTENSION.length);
  if (encoded === '' || encoded.includes('/')) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
