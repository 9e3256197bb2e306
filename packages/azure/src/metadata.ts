/**
 * Azure metadata names must be C# identifiers and values travel as HTTP headers (ASCII). Other
 * backends accept `content-hash` or `café`, so names and values outside those rules are
 * encoded reversibly here and decoded on read: callers see exactly what they stored.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** Marks a name stored as hex of its UTF-8 bytes. */
const NAME_MARK = 'amx_';
/** RFC 2047 encoded-word, the form S3 also uses for non-ASCII metadata values. */
const ENCODED_VALUE = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/;
const PLAIN_VALUE = /^[\x20-\x7e]*$/;

/** Lower-cases names (as every backend does) and encodes what Azure would refuse. */
export function encodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(metadata)) {
    const name = rawName.toLowerCase();
    const value = String(rawValue);
    const storedName = IDENTIFIER.test(name) && !name.startsWith(NAME_MARK) ? name : NAME_MARK + Buffer.from(name, 'utf8').toString('hex');
    // Leading or trailing spaces would be trimmed by HTTP, and an encoded-word lookalike must not be decoded later.
    const plain = PLAIN_VALUE.test(value) && value.trim() === value && !ENCODED_VALUE.test(value);
    out[storedName] = plain ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
  }
  return out;
}

/** Reverses {@link encodeMetadata}; names come back lower-case. */
export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(metadata ?? {})) {
    const lower = rawName.toLowerCase();
    const name = lower.startsWith(NAME_MARK) && /^[0-9a-f]*$/.test(lower.slice(NAME_MARK.length)) ? Buffer.from(lower.slice(NAME_MARK.length), 'hex').toString('utf8') : lower;
    const encoded = ENCODED_VALUE.exec(rawValue);
    out[name] = encoded ? Buffer.from(encoded[1] ?? '', 'base64').toString('utf8') : rawValue;
  }
  return out;
}
