import { mimeTypeFor } from '@agentmap/storage-core';

/** Extensions read and written as text, as AgentMap does. */
export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  '.txt', '.md', '.markdown', '.html', '.htm', '.csv', '.log', '.py', '.js', '.ts', '.json', '.yaml', '.yml', '.xml', '.rst',
]);

/** Extensions read and written as bytes, as AgentMap does. */
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  '.pdf', '.docx', '.doc', '.png', '.jpg', '.jpeg', '.gif', '.zip', '.tar', '.gz',
]);


/** The lower-case extension of a path's last segment, with its dot (`.pdf`), or `''`. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** The MIME type for an extension; `application/octet-stream` when unknown. */
export function mimeTypeOf(extension: string): string {
  return extension === '' ? 'application/octet-stream' : mimeTypeFor(extension);
}

/** The content type stored with a file: its MIME type, with a charset for text. */
export function contentTypeOf(extension: string): string {
  const mime = mimeTypeOf(extension);
  return TEXT_EXTENSIONS.has(extension) ? `${mime}; charset=utf-8` : mime;
}

/** Whether a stored content type says text (for files whose extension says nothing). */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  return mime.startsWith('text/') || mime === 'application/json' || mime === 'application/xml' || mime === 'application/yaml' || mime.endsWith('+json') || mime.endsWith('+xml');
}

/**
 * Whether bytes look like UTF-8 text: no NUL byte and valid UTF-8 in the first 8 KiB.
 * Used only for files whose extension is in neither list.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
