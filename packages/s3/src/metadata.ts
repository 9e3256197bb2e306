import { StorageError } from '@agentmap/storage-core';
import { PROVIDER } from './errors';

/** S3's limit on user metadata: names and values together, in bytes. */
const MAX_METADATA_BYTES = 2048;
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Checks user metadata and returns it with lower-case names, as S3 stores it. S3 carries
 * metadata in HTTP headers, so names must be header tokens and values printable ASCII;
 * anything else is refused up front instead of being mangled by the server.
 */
export function checkMetadata(metadata: Record<string, string> | undefined, key: string): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new StorageError('INVALID_ARGUMENT', 'metadata must be an object of string values.', { provider: PROVIDER, key });
  }
  const out: Record<string, string> = {};
  let bytes = 0;
  for (const [rawName, rawValue] of Object.entries(metadata)) {
    const name = rawName.toLowerCase();
    const value = String(rawValue);
    if (!TOKEN.test(name)) {
      throw new StorageError('INVALID_ARGUMENT', `Metadata name ${JSON.stringify(rawName)} is not allowed on S3: use letters, digits and - _ . only.`, { provider: PROVIDER, key });
    }
    if (!PRINTABLE_ASCII.test(value)) {
      throw new StorageError('INVALID_ARGUMENT', `Metadata value of "${name}" must be printable ASCII on S3: encode it first (for example with encodeURIComponent).`, {
        provider: PROVIDER,
        key,
      });
    }
    bytes += name.length + value.length;
    out[name] = value;
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw new StorageError('INVALID_ARGUMENT', `Metadata of "${key}" is ${bytes} bytes; S3 allows ${MAX_METADATA_BYTES}. Store large values in the object itself.`, {
      provider: PROVIDER,
      key,
    });
  }
  return out;
}
