import { describe, expect, it } from 'vitest';
import { errorOf, mediaUpload, useServer } from './helpers';

describe('buckets', () => {
  const { url, server } = useServer({ requireAuth: false });

  it('inserts a bucket (200, storage#bucket) and refuses a second insert with 409 conflict', async () => {
    const insert = () =>
      fetch(url('/storage/v1/b?project=test-project'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'my-bucket', location: 'eu' }) });
    const first = await insert();
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, string>;
    expect(body).toMatchObject({ kind: 'storage#bucket', name: 'my-bucket', id: 'my-bucket', location: 'EU', storageClass: 'STANDARD', metageneration: '1' });
    expect(Date.parse(body.timeCreated!)).not.toBeNaN();
    const second = await insert();
    expect(second.status).toBe(409);
    expect((await errorOf(second)).errors[0]!.reason).toBe('conflict');
  });

  it('requires the project parameter and a valid name', async () => {
    const noProject = await fetch(url('/storage/v1/b'), { method: 'POST', body: JSON.stringify({ name: 'abc' }) });
    expect(noProject.status).toBe(400);
    for (const name of ['ab', 'Upper', '-dash', 'a..b', '192.168.1.1', 'x'.repeat(64)]) {
      const bad = await fetch(url('/storage/v1/b?project=p'), { method: 'POST', body: JSON.stringify({ name }) });
      expect(bad.status, name).toBe(400);
    }
  });

  it('gets a bucket, and answers 404 notFound in the JSON error format for a missing one', async () => {
    const got = await fetch(url('/storage/v1/b/my-bucket'));
    expect(got.status).toBe(200);
    expect(((await got.json()) as { name: string }).name).toBe('my-bucket');
    const missing = await fetch(url('/storage/v1/b/no-such-bucket'));
    expect(missing.status).toBe(404);
    const error = await errorOf(missing);
    expect(error.code).toBe(404);
    expect(error.errors[0]).toMatchObject({ domain: 'global', reason: 'notFound' });
  });

  it('lists buckets with storage#buckets', async () => {
    server().createBucket('other-bucket');
    const listed = (await (await fetch(url('/storage/v1/b?project=p'))).json()) as { kind: string; items: Array<{ name: string }> };
    expect(listed.kind).toBe('storage#buckets');
    expect(listed.items.map((b) => b.name)).toEqual(['my-bucket', 'other-bucket']);
  });

  it('deletes only empty buckets (409 otherwise, 204 when empty)', async () => {
    expect((await mediaUpload(server().url, 'other-bucket', 'x', 'x')).status).toBe(200);
    expect((await fetch(url('/storage/v1/b/other-bucket'), { method: 'DELETE' })).status).toBe(409);
    expect((await fetch(url('/storage/v1/b/other-bucket/o/x'), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url('/storage/v1/b/other-bucket'), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url('/storage/v1/b/other-bucket'))).status).toBe(404);
  });
});

describe('authorization failures', () => {
  const { url } = useServer({ requireAuth: true, buckets: ['open', 'closed'], forbiddenBuckets: ['closed'] });

  it('answers 401 "required" without an Authorization header', async () => {
    const response = await fetch(url('/storage/v1/b/open/o'));
    expect(response.status).toBe(401);
    const error = await errorOf(response);
    expect(error.errors[0]!.reason).toBe('required');
    expect(error.message).toBe('Login Required');
  });

  it('answers 403 "forbidden" for a bucket the caller may not use', async () => {
    const response = await fetch(url('/storage/v1/b/closed/o'), { headers: { authorization: 'Bearer t' } });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).errors[0]!.reason).toBe('forbidden');
    expect((await fetch(url('/storage/v1/b/open/o'), { headers: { authorization: 'Bearer t' } })).status).toBe(200);
  });
});

describe('bearer token check', () => {
  const { url } = useServer({ buckets: ['locked'], bearerToken: 'ya29.the-right-token' });

  it('answers 401 to a missing or wrong token and serves the right one', async () => {
    expect((await fetch(url('/storage/v1/b/locked/o'))).status).toBe(401);
    const wrong = await fetch(url('/storage/v1/b/locked/o'), { headers: { authorization: 'Bearer ya29.some-other-token' } });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).errors[0]!.reason).toBe('authError');
    expect((await fetch(url('/storage/v1/b/locked/o'), { headers: { authorization: 'Bearer ya29.the-right-token' } })).status).toBe(200);
  });
});
