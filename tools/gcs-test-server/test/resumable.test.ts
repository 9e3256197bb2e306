import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32cBase64 } from '../src/index';
import { enc, errorOf, toBody, useServer } from './helpers';

const KIB = 1024;
const chunk = 256 * KIB;

describe('resumable uploads', () => {
  const { url, server } = useServer({ buckets: ['res'] });

  /** Initiates a session; returns the session URI from Location. */
  async function start(name: string, init: { query?: string; metadata?: object; headers?: Record<string, string> } = {}): Promise<string> {
    const response = await fetch(url(`/upload/storage/v1/b/res/o?uploadType=resumable&name=${enc(name)}${init.query ?? ''}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8', ...init.headers },
      body: JSON.stringify(init.metadata ?? {}),
    });
    expect(response.status).toBe(200);
    const location = response.headers.get('location');
    expect(location).toMatch(/upload_id=/);
    return location!;
  }
  const put = (session: string, body: Buffer | undefined, contentRange: string, headers: Record<string, string> = {}) =>
    fetch(session, { method: 'PUT', headers: { 'content-range': contentRange, ...headers }, body: toBody(body), redirect: 'manual' });

  const data = Buffer.from(Array.from({ length: 3 * chunk + 1000 }, (_, i) => (i * 31) % 256));

  it('answers a status query before any data with 308 and no Range header', async () => {
    const session = await start('status');
    const status = await put(session, undefined, 'bytes */*');
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBeNull();
  });

  it('uploads in 256 KiB chunks: 308 with Range after each, 200 with the object after the last', async () => {
    const session = await start('chunks.bin', { metadata: { contentType: 'application/x-test', metadata: { k: 'v' } } });
    let offset = 0;
    while (offset + chunk < data.length) {
      const response = await put(session, data.subarray(offset, offset + chunk), `bytes ${offset}-${offset + chunk - 1}/*`);
      expect(response.status).toBe(308);
      expect(response.headers.get('range')).toBe(`bytes=0-${offset + chunk - 1}`);
      offset += chunk;
    }
    const last = await put(session, data.subarray(offset), `bytes ${offset}-${data.length - 1}/${data.length}`);
    expect(last.status).toBe(200);
    const o = (await last.json()) as Record<string, string>;
    expect(o).toMatchObject({ name: 'chunks.bin', size: String(data.length), contentType: 'application/x-test', metadata: { k: 'v' } });
    expect(o.md5Hash).toBe(createHash('md5').update(data).digest('base64'));
    expect(o.crc32c).toBe(crc32cBase64(data));
    // A completed session keeps answering with the object.
    const after = await put(session, undefined, `bytes */${data.length}`);
    expect(after.status).toBe(200);
    expect(Buffer.from(await (await fetch(url('/storage/v1/b/res/o/chunks.bin?alt=media'))).arrayBuffer()).equals(data)).toBe(true);
  });

  it('persists only whole 256 KiB multiples of a non-final chunk; the client resumes from Range', async () => {
    const session = await start('partial.bin');
    const first = await put(session, data.subarray(0, chunk + 100), `bytes 0-${chunk + 99}/*`);
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${chunk - 1}`);
    const status = await put(session, undefined, 'bytes */*');
    expect(status.headers.get('range')).toBe(`bytes=0-${chunk - 1}`);
    // Re-sending bytes already persisted is harmless: the overlap is skipped.
    const rest = await put(session, data.subarray(chunk - 10), `bytes ${chunk - 10}-${data.length - 1}/${data.length}`);
    expect(rest.status).toBe(200);
    expect(Buffer.from(await (await fetch(url('/storage/v1/b/res/o/partial.bin?alt=media'))).arrayBuffer()).equals(data)).toBe(true);
  });

  it('takes the whole object in one request (the size given up front or with "*")', async () => {
    const known = await start('one-shot', { headers: { 'x-upload-content-length': String(data.length), 'x-upload-content-type': 'text/plain' } });
    const response = await put(known, data, `bytes 0-*/${data.length}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { contentType: string }).contentType).toBe('text/plain');
    const unknown = await start('one-shot-unknown');
    expect((await put(unknown, data, 'bytes 0-*/*')).status).toBe(200);
  });

  it('refuses gaps and lengths that contradict Content-Range', async () => {
    const session = await start('gaps');
    expect((await put(session, data.subarray(0, 10), `bytes ${chunk}-${chunk + 9}/*`)).status).toBe(400);
    expect((await put(session, data.subarray(0, 10), 'bytes 0-19/*')).status).toBe(400);
    expect((await put(session, data.subarray(0, 10), 'bytes zero/*')).status).toBe(400);
  });

  it('checks X-Goog-Hash on the final request and stores nothing when it differs', async () => {
    const session = await start('hash-mismatch');
    const response = await put(session, data, `bytes 0-${data.length - 1}/${data.length}`, { 'x-goog-hash': `crc32c=${crc32cBase64(Buffer.from('other'))}` });
    expect(response.status).toBe(400);
    expect((await fetch(url('/storage/v1/b/res/o/hash-mismatch'))).status).toBe(404);
    const good = await start('hash-match');
    const ok = await put(good, data, `bytes 0-${data.length - 1}/${data.length}`, {
      'x-goog-hash': `crc32c=${crc32cBase64(data)},md5=${createHash('md5').update(data).digest('base64')}`,
    });
    expect(ok.status).toBe(200);
  });

  it('checks preconditions when the session starts and again when it completes', async () => {
    const taken = await start('taken');
    await put(taken, Buffer.from('x'), 'bytes 0-0/1');
    const early = await fetch(url('/upload/storage/v1/b/res/o?uploadType=resumable&name=taken&ifGenerationMatch=0'), { method: 'POST', body: '{}' });
    expect(early.status).toBe(412);
    const late = await start('late', { query: '&ifGenerationMatch=0' });
    const competing = await start('late');
    expect((await put(competing, Buffer.from('first'), 'bytes 0-4/5')).status).toBe(200);
    const response = await put(late, Buffer.from('second'), 'bytes 0-5/6');
    expect(response.status).toBe(412);
    expect((await errorOf(response)).errors[0]!.reason).toBe('conditionNotMet');
    expect(await (await fetch(url('/storage/v1/b/res/o/late?alt=media'))).text()).toBe('first');
  });

  it('cancels with DELETE (499); the session is gone afterwards; unknown sessions are 404', async () => {
    const session = await start('cancel-me');
    await put(session, data.subarray(0, chunk), `bytes 0-${chunk - 1}/*`);
    expect((await fetch(session, { method: 'DELETE' })).status).toBe(499);
    expect((await put(session, undefined, 'bytes */*')).status).toBe(410);
    expect((await fetch(url('/storage/v1/b/res/o/cancel-me'))).status).toBe(404);
    expect((await put(url('/upload/storage/v1/b/res/o?uploadType=resumable&upload_id=nope'), undefined, 'bytes */*')).status).toBe(404);
  });

  it('injected fault: with earlyCommits, a session commits on a non-final chunk and answers 200 with the truncated object', async () => {
    server().faults.earlyCommits = 1;
    const session = await start('early.bin');
    const first = await put(session, data.subarray(0, chunk), `bytes 0-${chunk - 1}/*`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ name: 'early.bin', size: String(chunk), md5Hash: createHash('md5').update(data.subarray(0, chunk)).digest('base64') });
    expect(server().faults.earlyCommits).toBe(0);
    // Only the next session is affected.
    const next = await start('normal.bin');
    expect((await put(next, data.subarray(0, chunk), `bytes 0-${chunk - 1}/*`)).status).toBe(308);
  });
});
