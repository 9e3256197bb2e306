import { type GcsTestServer, type GcsTestServerOptions, startGcsTestServer } from '@agentmap/gcs-test-server';
import { afterAll, beforeAll } from 'vitest';

/** Starts a GCS test server for the file's tests; stops it afterwards. */
export function useGcsServer(options: GcsTestServerOptions = {}): () => GcsTestServer {
  let started: Promise<GcsTestServer> | undefined;
  let server: GcsTestServer | undefined;
  beforeAll(async () => void (server = await (started = startGcsTestServer(options))));
  afterAll(async () => (await started)?.stop());
  return () => server!;
}

export const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
