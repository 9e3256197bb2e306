import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mediaUpload, useServer } from './helpers';

const email = 'signer@test-project.iam.gserviceaccount.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Builds a V4 signed URL by the published algorithm (canonical request, string to sign, RSA-SHA256). */
function signUrl(base: string, method: string, path: string, options: { expires?: number; at?: Date; key?: typeof privateKey; headers?: Record<string, string> } = {}): string {
  const at = options.at ?? new Date();
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const scope = `${stamp.slice(0, 8)}/auto/storage/goog4_request`;
  const host = new URL(base).hostname;
  const headers: Record<string, string> = { host, ...options.headers };
  const names = Object.keys(headers).sort();
  const query: Record<string, string> = {
    'X-Goog-Algorithm': 'GOOG4-RSA-SHA256',
    'X-Goog-Credential': `${email}/${scope}`,
    'X-Goog-Date': stamp,
    'X-Goog-Expires': String(options.expires ?? 300),
    'X-Goog-SignedHeaders': names.join(';'),
  };
  const strict = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${strict(k)}=${strict(query[k]!)}`)
    .join('&');
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]}\n`).join('');
  const canonicalRequest = [method, path, canonicalQuery, canonicalHeaders, names.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['GOOG4-RSA-SHA256', stamp, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signature = sign('RSA-SHA256', Buffer.from(toSign), options.key ?? privateKey).toString('hex');
  return `${base}${path}?${canonicalQuery}&X-Goog-Signature=${signature}`;
}

describe('V4 signed URLs (XML API path style)', () => {
  const { server } = useServer({ buckets: ['signed'] });

  it('serves a GET whose signature verifies with the registered key', async () => {
    server().addSigningKey(email, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await mediaUpload(server().url, 'signed', 'dir/file name.txt', 'secret text');
    const response = await fetch(signUrl(server().url, 'GET', '/signed/dir/file%20name.txt'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('secret text');
  });

  it('accepts a signed PUT with a signed content type', async () => {
    const url = signUrl(server().url, 'PUT', '/signed/upload.txt', { headers: { 'content-type': 'text/plain' } });
    const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'uploaded' });
    expect(response.status).toBe(200);
    const read = await fetch(signUrl(server().url, 'GET', '/signed/upload.txt'));
    expect(await read.text()).toBe('uploaded');
    expect(read.headers.get('content-type')).toBe('text/plain');
  });

  it('refuses a tampered path, a wrong key, an expired URL and an unsigned request', async () => {
    const good = signUrl(server().url, 'GET', '/signed/upload.txt');
    const tampered = good.replace('/signed/upload.txt', '/signed/dir/file%20name.txt');
    const wrongKey = signUrl(server().url, 'GET', '/signed/upload.txt', { key: otherKey });
    const expired = signUrl(server().url, 'GET', '/signed/upload.txt', { at: new Date(Date.now() - 3_600_000), expires: 60 });
    expect((await fetch(tampered)).status).toBe(403);
    const wrong = await fetch(wrongKey);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('SignatureDoesNotMatch');
    const old = await fetch(expired);
    expect(old.status).toBe(400);
    expect(await old.text()).toContain('ExpiredToken');
    expect((await fetch(`${server().url}/signed/upload.txt`)).status).toBe(403);
  });

  it('answers NoSuchKey for a signed URL of a missing object', async () => {
    const response = await fetch(signUrl(server().url, 'GET', '/signed/missing.txt'));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('NoSuchKey');
  });
});
