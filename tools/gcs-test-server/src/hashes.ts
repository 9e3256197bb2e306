import { badRequest } from './http';
import type { ObjectFields } from './model';

/**
 * Reads `X-Goog-Hash: crc32c=…,md5=…` (sent by clients with the final bytes of an upload) into
 * the fields the commit checks, refusing a header that contradicts hashes given in metadata.
 */
export function withHashHeader(fields: ObjectFields, header: string | string[] | undefined): ObjectFields {
  if (header === undefined) return fields;
  const out = { ...fields };
  for (const pair of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const kind = pair.slice(0, eq).trim().toLowerCase();
    const value = pair.slice(eq + 1).trim();
    const key = kind === 'crc32c' ? 'crc32c' : kind === 'md5' ? 'md5Hash' : undefined;
    if (!key) continue;
    if (out[key] !== undefined && out[key] !== value) throw badRequest(`The ${kind} in X-Goog-Hash does not match the one in the object metadata.`);
    out[key] = value;
  }
  return out;
}
