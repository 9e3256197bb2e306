import { createHash, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a V4 signed request is refused, in the XML API's terms. */
export interface SignatureProblem {
  status: number;
  code: string;
  message: string;
}

/** RFC 3986 encoding, as V4 signing canonicalises query keys and values. */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** True when the request carries V4 signature parameters. */
export function isSignedRequest(query: URLSearchParams): boolean {
  return query.has('X-Goog-Signature');
}

/**
 * Verifies a V4 (`GOOG4-RSA-SHA256`) signed URL: rebuilds the canonical request from the
 * request as received, the string to sign from date and scope, and checks the RSA-SHA256
 * signature with the public key registered for the credential's service account. The signed
 * `host` is compared without the port (clients sign the host name only).
 */
export function verifySignedRequest(req: IncomingMessage, rawPath: string, query: URLSearchParams, keys: ReadonlyMap<string, string>, now = new Date()): SignatureProblem | undefined {
  const algorithm = query.get('X-Goog-Algorithm');
  const credential = query.get('X-Goog-Credential') ?? '';
  const date = query.get('X-Goog-Date') ?? '';
  const expires = Number(query.get('X-Goog-Expires'));
  const signedHeaders = query.get('X-Goog-SignedHeaders') ?? '';
  const signature = query.get('X-Goog-Signature') ?? '';
  if (algorithm !== 'GOOG4-RSA-SHA256') return { status: 400, code: 'InvalidArgument', message: `Unsupported X-Goog-Algorithm ${algorithm ?? '(none)'}.` };
  const [email, ...scopeParts] = credential.split('/');
  const scope = scopeParts.join('/');
  const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!email || !dateMatch || !/^\d{8}\/[^/]+\/storage\/goog4_request$/.test(scope) || !scope.startsWith(date.slice(0, 8))) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'Malformed X-Goog-Credential or X-Goog-Date.' };
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Goog-Expires must be 1..604800 seconds.' };
  const signedAt = Date.UTC(+dateMatch[1]!, +dateMatch[2]! - 1, +dateMatch[3]!, +dateMatch[4]!, +dateMatch[5]!, +dateMatch[6]!);
  if (now.getTime() > signedAt + expires * 1000) return { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' };
  const key = keys.get(email);
  if (!key) return { status: 403, code: 'AccessDenied', message: `No public key is registered for ${email}.` };

  const canonicalQuery = [...query.entries()]
    .filter(([k]) => k !== 'X-Goog-Signature')
    .map(([k, v]) => [encodeStrict(k), encodeStrict(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerNames = signedHeaders.split(';').filter(Boolean);
  const canonicalHeaders = headerNames
    .map((name) => {
      let value = req.headers[name];
      if (name === 'host' && typeof value === 'string') value = value.replace(/:\d+$/, '');
      const text = (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s{2,}/g, ' ');
      return `${name}:${text}\n`;
    })
    .join('');
  const payload = typeof req.headers['x-goog-content-sha256'] === 'string' && headerNames.includes('x-goog-content-sha256') ? req.headers['x-goog-content-sha256'] : 'UNSIGNED-PAYLOAD';
  const canonicalRequest = [req.method, rawPath, canonicalQuery, canonicalHeaders, signedHeaders, payload].join('\n');
  const stringToSign = ['GOOG4-RSA-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let valid = false;
  try {
    valid = /^[0-9a-f]+$/i.test(signature) && verify('RSA-SHA256', Buffer.from(stringToSign), key, Buffer.from(signature, 'hex'));
  } catch {
    valid = false;
  }
  if (!valid) return { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  return undefined;
}
