import { describe, expect, it } from 'vitest';
import { startGcsTestServer } from '../src/index';
import { mediaUpload, useServer } from './helpers';

interface RewriteResponse {
  kind: string;
  totalBytesRewritten: string;
  objectSize: string;
  done: boolean;
  rewriteToken?: string;
  resource?: { name: string; bucket: string; size: string; contentType: string; metadata?: Record<string, string>; generation: string; md5Hash: string; kmsKeyName?: string };
}

describe('copy and rewrite', () => {
  const { url, server } = useServer({ buckets: ['src', 'dst'] });
  const post = (path: string, body: object = {}) => fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let source: { generation: string; md5Hash: string };

  it('rewrites in one call: done, sizes and the destination resource with the source metadata', async () => {
    const boundary = 'x';
    const meta = JSON.stringify({ name: 'doc.json', contentType: 'application/json', metadata: { tag: 'a' } });
    const body = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Type: application/json\r\n\r\n{"hello":"world"}\r\n--${boundary}--`;
    source = (await (
      await fetch(url('/upload/storage/v1/b/src/o?uploadType=multipart'), { method: 'POST', headers: { 'content-type': `multipart/related; boundary=${boundary}` }, body })
    ).json()) as typeof source;
    const response = await post('/storage/v1/b/src/o/doc.json/rewriteTo/b/dst/o/copy.json');
    expect(response.status).toBe(200);
    const r = (await response.json()) as RewriteResponse;
    expect(r).toMatchObject({ kind: 'storage#rewriteResponse', done: true, totalBytesRewritten: '17', objectSize: '17' });
    expect(r.resource).toMatchObject({ name: 'copy.json', bucket: 'dst', size: '17', contentType: 'application/json', metadata: { tag: 'a' }, md5Hash: source.md5Hash });
    expect(r.resource!.generation).not.toBe(source.generation);
  });

  it('takes several calls with maxBytesRewrittenPerCall, carrying a rewriteToken', async () => {
    await mediaUpload(server().url, 'src', 'big', Buffer.alloc(1000, 1));
    const first = (await (await post('/storage/v1/b/src/o/big/rewriteTo/b/dst/o/big?maxBytesRewrittenPerCall=400')).json()) as RewriteResponse;
    expect(first).toMatchObject({ done: false, totalBytesRewritten: '400', objectSize: '1000' });
    expect(first.resource).toBeUndefined();
    expect((await fetch(url('/storage/v1/b/dst/o/big'))).status).toBe(404);
    let token = first.rewriteToken!;
    let last: RewriteResponse;
    do {
      last = (await (await post(`/storage/v1/b/src/o/big/rewriteTo/b/dst/o/big?maxBytesRewrittenPerCall=400&rewriteToken=${token}`)).json()) as RewriteResponse;
      token = last.rewriteToken ?? '';
    } while (!last.done);
    expect(last.totalBytesRewritten).toBe('1000');
    expect(last.resource!.size).toBe('1000');
  });

  it('caps each call at the server option maxBytesRewrittenPerCall, as GCS decides for large objects', async () => {
    const capped = await startGcsTestServer({ buckets: ['capped'], maxBytesRewrittenPerCall: 300 });
    try {
      await mediaUpload(capped.url, 'capped', 'big', Buffer.alloc(1000, 1));
      const first = (await (await fetch(`${capped.url}/storage/v1/b/capped/o/big/rewriteTo/b/capped/o/copy`, { method: 'POST' })).json()) as RewriteResponse;
      expect(first).toMatchObject({ done: false, totalBytesRewritten: '300', objectSize: '1000' });
    } finally {
      await capped.stop();
    }
  });

  it('copies with copyTo, overriding metadata from the request body and setting a KMS key', async () => {
    const response = await post('/storage/v1/b/src/o/doc.json/copyTo/b/dst/o/override.json?destinationKmsKeyName=projects/p/k', { contentType: 'text/plain', metadata: { other: 'b' } });
    expect(response.status).toBe(200);
    const o = (await response.json()) as NonNullable<RewriteResponse['resource']>;
    expect(o).toMatchObject({ name: 'override.json', contentType: 'text/plain', metadata: { other: 'b' }, kmsKeyName: 'projects/p/k' });
  });

  it('honours source and destination preconditions, and 404s a missing source', async () => {
    expect((await post(`/storage/v1/b/src/o/doc.json/rewriteTo/b/dst/o/c2?ifSourceGenerationMatch=${source.generation}`)).status).toBe(200);
    expect((await post('/storage/v1/b/src/o/doc.json/rewriteTo/b/dst/o/c3?ifSourceGenerationMatch=1')).status).toBe(412);
    expect((await post('/storage/v1/b/src/o/doc.json/rewriteTo/b/dst/o/c2?ifGenerationMatch=0')).status).toBe(412);
    expect((await post('/storage/v1/b/src/o/doc.json/rewriteTo/b/dst/o/c4?sourceGeneration=1')).status).toBe(404);
    expect((await post('/storage/v1/b/src/o/missing/rewriteTo/b/dst/o/c5')).status).toBe(404);
    expect((await post('/storage/v1/b/src/o/doc.json/rewriteTo/b/nobucket/o/c6')).status).toBe(404);
  });
});
