import { type GcsTestServer, startGcsTestServer } from '@agentmap/gcs-test-server';
import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';
import { afterAll } from 'vitest';
import { createGcsStore } from '../src/index';

// The JSON, CSV and File services over GCS, each suite in its own bucket of one test server.
let server: Promise<GcsTestServer> | undefined;
const store = (bucket: string) => async () => createGcsStore({ bucket, apiEndpoint: (await (server ??= startGcsTestServer())).url, createBucket: true });
afterAll(async () => (await server)?.stop());

describeJsonStorageSuite('gcs on the GCS test server', store('json-suite'));
describeCsvStorageSuite('gcs on the GCS test server', store('csv-suite'));
describeFileStorageSuite('gcs on the GCS test server', store('file-suite'));
