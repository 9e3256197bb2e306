import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enc, errorOf, mediaUpload, useServer } from './helpers';

interface ObjectResource {
  kind: string;
  id: string;
  name: string;
  bucket: string;
  generation: string;
  metageneration: string;
  size: string;
  md5Hash: string;
  crc32c: string;
  contentType: string;
  etag: string;
  metadata?: Record<string, string>;
  kmsKeyName?: string;
  storageClass: string;
  updated: string;
}

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('base64');

describe('objects: insert and get', () => {
  const { url, server } = useServer({ buckets: ['bkt'] });
  const base = () => server().url;

  it('stores a media upload and describes it as storage#object with int64 fields as strings', async () => {
    const response = await mediaUpload(base(), 'bkt', 'dir/check.txt', '123456789');
    expect(response.status).toBe(200);
    const o = (await response.json()) as ObjectResource;
    expect(o).toMatchObject({ kind: 'storage#object', name: 'dir/check.txt', bucket: 'bkt', size: '9', metageneration: '1', contentType: 'text/plain', storageClass: 'STANDARD' });
    expect(o.generation).toMatch(/^\d+$/);
    expect(o.id).toBe(`bkt/dir/check.txt/${o.generation}`);
    expect(o.md5Hash).toBe(md5('123456789'));
    // CRC32C of "123456789" is 0xE3069283, sent base64 in big-endian byte order.
    expect(o.crc32c).toBe('4waSgw==');
    const got = (await (await fetch(url(`/storage/v1/b/bkt/o/${enc('dir/check.txt')}`))).json()) as ObjectResource;
    expect(got).toEqual(o);
  });

  it('hashes an empty object', async () => {
    const o = (await (await mediaUpload(base(), 'bkt', 'empty', '')).json()) as ObjectResource;
    expect(o.size).toBe('0');
    expect(Buffer.from(o.md5Hash, 'base64').toString('hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(o.crc32c).toBe('AAAAAA==');
  });

  it('accepts a multipart upload whose metadata part names the object and sets fields', async () => {
    const boundary = 'sep_123';
    const meta = JSON.stringify({ name: 'multi.json', contentType: 'application/json', metadata: { owner: 'alice' }, md5Hash: md5('{"a":1}') });
    const body = Buffer.from(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n--${boundary}--`);
    const response = await fetch(url('/upload/storage/v1/b/bkt/o?uploadType=multipart&kmsKeyName=projects/p/locations/l/keyRings/r/cryptoKeys/k'), {
      method: 'POST',
      headers: { 'content-type': `multipart/related; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBe(200);
    const o = (await response.json()) as ObjectResource;
    expect(o).toMatchObject({ name: 'multi.json', contentType: 'application/json', metadata: { owner: 'alice' }, size: '7', kmsKeyName: 'projects/p/locations/l/keyRings/r/cryptoKeys/k' });
  });

  it('refuses an upload whose md5Hash or X-Goog-Hash does not match the data, storing nothing', async () => {
    const boundary = 'b';
    const meta = JSON.stringify({ name: 'bad-hash', md5Hash: md5('something else') });
    const body = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Type: text/plain\r\n\r\ndata\r\n--${boundary}--`;
    const response = await fetch(url('/upload/storage/v1/b/bkt/o?uploadType=multipart'), { method: 'POST', headers: { 'content-type': `multipart/related; boundary=${boundary}` }, body });
    expect(response.status).toBe(400);
    const media = await fetch(url('/upload/storage/v1/b/bkt/o?uploadType=media&name=bad-hash'), { method: 'POST', headers: { 'x-goog-hash': 'crc32c=AAAAAA==' }, body: 'data' });
    expect(media.status).toBe(400);
    expect((await fetch(url('/storage/v1/b/bkt/o/bad-hash'))).status).toBe(404);
  });

  it('refuses invalid object names and unknown upload types with 400', async () => {
    expect((await mediaUpload(base(), 'bkt', 'a\nb', 'x')).status).toBe(400);
    expect((await mediaUpload(base(), 'bkt', '..', 'x')).status).toBe(400);
    expect((await mediaUpload(base(), 'bkt', 'x'.repeat(1025), 'x')).status).toBe(400);
    expect((await fetch(url('/upload/storage/v1/b/bkt/o?uploadType=media'), { method: 'POST', body: 'x' })).status).toBe(400);
    expect((await fetch(url('/upload/storage/v1/b/bkt/o?uploadType=weird&name=x'), { method: 'POST', body: 'x' })).status).toBe(400);
    expect((await mediaUpload(base(), 'no-such-bucket', 'x', 'x')).status).toBe(404);
  });

  it('gives every overwrite a higher generation and restarts the metageneration at 1', async () => {
    const first = (await (await mediaUpload(base(), 'bkt', 'gen', 'one')).json()) as ObjectResource;
    const second = (await (await mediaUpload(base(), 'bkt', 'gen', 'one')).json()) as ObjectResource;
    expect(BigInt(second.generation)).toBeGreaterThan(BigInt(first.generation));
    expect(second.metageneration).toBe('1');
    expect(second.etag).not.toBe(first.etag);
  });

  it('patches metadata: metageneration goes up, generation and data stay', async () => {
    const before = (await (await mediaUpload(base(), 'bkt', 'patch-me', 'data')).json()) as ObjectResource;
    const response = await fetch(url('/storage/v1/b/bkt/o/patch-me'), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contentType: 'text/csv', metadata: { a: '1', b: '2' } }),
    });
    const after = (await response.json()) as ObjectResource;
    expect(after).toMatchObject({ generation: before.generation, metageneration: '2', contentType: 'text/csv', metadata: { a: '1', b: '2' }, md5Hash: before.md5Hash });
    const removed = (await (await fetch(url('/storage/v1/b/bkt/o/patch-me'), { method: 'PATCH', body: JSON.stringify({ metadata: { a: null } }) })).json()) as ObjectResource;
    expect(removed.metadata).toEqual({ b: '2' });
    expect(removed.metageneration).toBe('3');
  });

  it('deletes with 204, then answers 404 to get and delete', async () => {
    await mediaUpload(base(), 'bkt', 'del', 'x');
    expect((await fetch(url('/storage/v1/b/bkt/o/del'), { method: 'DELETE' })).status).toBe(204);
    const get = await fetch(url('/storage/v1/b/bkt/o/del'));
    expect(get.status).toBe(404);
    expect((await errorOf(get)).errors[0]!.reason).toBe('notFound');
    expect((await fetch(url('/storage/v1/b/bkt/o/del'), { method: 'DELETE' })).status).toBe(404);
  });
});

describe('objects: preconditions', () => {
  const { url, server } = useServer({ buckets: ['pre'] });
  const put = (name: string, body: string, query: string) => mediaUpload(server().url, 'pre', name, body, query);

  it('ifGenerationMatch=0 creates only when no live object exists', async () => {
    expect((await put('once', 'first', '&ifGenerationMatch=0')).status).toBe(200);
    const again = await put('once', 'second', '&ifGenerationMatch=0');
    expect(again.status).toBe(412);
    expect((await errorOf(again)).errors[0]!.reason).toBe('conditionNotMet');
    expect(await (await fetch(url('/storage/v1/b/pre/o/once?alt=media'))).text()).toBe('first');
  });

  it('ifGenerationMatch=<generation> replaces only that generation; a missing object fails the condition', async () => {
    const v1 = (await (await put('cas', 'v1', '')).json()) as ObjectResource;
    const v2 = await put('cas', 'v2', `&ifGenerationMatch=${v1.generation}`);
    expect(v2.status).toBe(200);
    expect((await put('cas', 'stale', `&ifGenerationMatch=${v1.generation}`)).status).toBe(412);
    expect((await put('absent', 'x', `&ifGenerationMatch=${v1.generation}`)).status).toBe(412);
    expect((await fetch(url('/storage/v1/b/pre/o/absent'))).status).toBe(404);
  });

  it('ifGenerationNotMatch and metageneration conditions on writes', async () => {
    const v1 = (await (await put('ngm', 'v1', '')).json()) as ObjectResource;
    expect((await put('ngm', 'x', `&ifGenerationNotMatch=${v1.generation}`)).status).toBe(412);
    expect((await put('ngm-missing', 'x', '&ifGenerationNotMatch=0')).status).toBe(412);
    expect((await put('ngm', 'x', '&ifGenerationNotMatch=0')).status).toBe(200);
    expect((await put('ngm', 'y', '&ifMetagenerationMatch=2')).status).toBe(412);
    expect((await put('ngm', 'y', '&ifMetagenerationMatch=1')).status).toBe(200);
    expect((await put('ngm', 'z', '&ifMetagenerationNotMatch=1')).status).toBe(412);
  });

  it('reads answer 412 for a failed match and 304 for a failed not-match', async () => {
    const v = (await (await put('read-cond', 'data', '')).json()) as ObjectResource;
    expect((await fetch(url(`/storage/v1/b/pre/o/read-cond?ifGenerationMatch=${v.generation}`))).status).toBe(200);
    expect((await fetch(url('/storage/v1/b/pre/o/read-cond?ifGenerationMatch=1'))).status).toBe(412);
    expect((await fetch(url(`/storage/v1/b/pre/o/read-cond?alt=media&ifGenerationNotMatch=${v.generation}`))).status).toBe(304);
    expect((await fetch(url('/storage/v1/b/pre/o/read-cond?ifMetagenerationNotMatch=1'))).status).toBe(304);
    expect((await fetch(url('/storage/v1/b/pre/o/read-cond?ifGenerationMatch=abc'))).status).toBe(400);
  });

  it('deletes conditionally: a stale generation gets 412 and the object stays', async () => {
    const v1 = (await (await put('cdel', 'v1', '')).json()) as ObjectResource;
    const v2 = (await (await put('cdel', 'v2', '')).json()) as ObjectResource;
    expect((await fetch(url(`/storage/v1/b/pre/o/cdel?ifGenerationMatch=${v1.generation}`), { method: 'DELETE' })).status).toBe(412);
    expect((await fetch(url('/storage/v1/b/pre/o/cdel'))).status).toBe(200);
    expect((await fetch(url(`/storage/v1/b/pre/o/cdel?ifGenerationMatch=${v2.generation}`), { method: 'DELETE' })).status).toBe(204);
  });

  it('selects a generation with generation=; only the live one exists (no versioning)', async () => {
    const v1 = (await (await put('pinned', 'v1', '')).json()) as ObjectResource;
    expect(await (await fetch(url(`/storage/v1/b/pre/o/pinned?alt=media&generation=${v1.generation}`))).text()).toBe('v1');
    await put('pinned', 'v2', '');
    expect((await fetch(url(`/storage/v1/b/pre/o/pinned?alt=media&generation=${v1.generation}`))).status).toBe(404);
  });

  it('serialises racing conditional creates: exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => put('race', `writer ${i}`, '&ifGenerationMatch=0')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(9);
  });
});

describe('objects: media downloads', () => {
  const { url, server } = useServer({ buckets: ['media'] });
  const text = '0123456789';

  it('sends the bytes with generation, metageneration, hashes and stored length', async () => {
    const o = (await (await mediaUpload(server().url, 'media', 'digits.txt', text)).json()) as ObjectResource;
    for (const path of ['/storage/v1/b/media/o/digits.txt?alt=media', '/download/storage/v1/b/media/o/digits.txt?alt=media']) {
      const response = await fetch(url(path));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(text);
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(response.headers.get('x-goog-generation')).toBe(o.generation);
      expect(response.headers.get('x-goog-metageneration')).toBe('1');
      expect(response.headers.get('x-goog-hash')).toBe(`crc32c=${o.crc32c},md5=${o.md5Hash}`);
      expect(response.headers.get('x-goog-stored-content-length')).toBe('10');
      expect(response.headers.get('x-goog-stored-content-encoding')).toBe('identity');
    }
  });

  it('serves Range requests with 206 and Content-Range', async () => {
    const cases: Array<[string, string, string]> = [
      ['bytes=2-4', '234', 'bytes 2-4/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ];
    for (const [range, body, contentRange] of cases) {
      const response = await fetch(url('/storage/v1/b/media/o/digits.txt?alt=media'), { headers: { range } });
      expect(response.status, range).toBe(206);
      expect(await response.text()).toBe(body);
      expect(response.headers.get('content-range')).toBe(contentRange);
      expect(response.headers.get('x-goog-stored-content-length')).toBe('10');
    }
  });

  it('answers 416 to a range that starts past the end', async () => {
    const response = await fetch(url('/storage/v1/b/media/o/digits.txt?alt=media'), { headers: { range: 'bytes=10-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */10');
  });

  it('answers 404 for a missing object or bucket', async () => {
    expect((await fetch(url('/storage/v1/b/media/o/nothing?alt=media'))).status).toBe(404);
    expect((await fetch(url('/storage/v1/b/nobucket/o/x?alt=media'))).status).toBe(404);
  });
});
