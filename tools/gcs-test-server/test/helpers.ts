import { afterAll, beforeAll } from 'vitest';
import { type GcsTestServer, type GcsTestServerOptions, startGcsTestServer } from '../src/index';

/** Starts a server for the file's tests and stops it afterwards. */
export function useServer(options: GcsTestServerOptions = {}): { server: () => GcsTestServer; url: (path: string) => string } {
  let started: Promise<GcsTestServer> | undefined;
  let server: GcsTestServer | undefined;
  beforeAll(async () => void (server = await (started = startGcsTestServer(options))));
  afterAll(async () => (await started)?.stop());
  return { server: () => server!, url: (path: string) => `${server!.url}${path}` };
}

export const enc = encodeURIComponent;

/** Uploads bytes with `uploadType=media`; returns the response. */
export function mediaUpload(base: string, bucket: string, name: string, body: string | Buffer, query = '', contentType = 'text/plain'): Promise<Response> {
  return fetch(`${base}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${enc(name)}${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: toBody(body),
  });
}

/** A fetch body from text or bytes (copied into a plain ArrayBuffer-backed array). */
export function toBody(data: string | Uint8Array | undefined): BodyInit | undefined {
  return data === undefined || typeof data === 'string' ? data : Uint8Array.from(data);
}

/** The error envelope of the JSON API. */
export interface ErrorBody {
  error: { code: number; message: string; errors: Array<{ domain: string; reason: string; message: string }> };
}

export async function errorOf(response: Response): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody;
  return body.error;
}
