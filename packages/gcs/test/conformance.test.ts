import { type GcsTestServer, startGcsTestServer } from '@agentmap/gcs-test-server';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { afterAll, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { fakeServiceAccount } from './fixtures';

let server: GcsTestServer | undefined;

describeObjectStore(
  'gcs on the GCS test server',
  async () => {
    server = await startGcsTestServer();
    return createGcsStore({ bucket: 'conformance', apiEndpoint: server.url, createBucket: true, credentials: fakeServiceAccount(server) });
  },
  { timeout: 60_000 },
);

it('used a resumable upload for the large object and single requests for the rest', () => {
  expect(server!.stats.uploads.resumable).toBeGreaterThanOrEqual(1);
  expect(server!.stats.sessionPuts).toBeGreaterThanOrEqual(8);
  expect(server!.stats.uploads.multipart).toBeGreaterThan(20);
});

afterAll(async () => {
  await server?.stop();
});
