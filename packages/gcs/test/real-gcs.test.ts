import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { notRunTitle } from '@agentmap/test-servers';
import { describe, it } from 'vitest';
import { type GcsStoreOptions, createGcsStore } from '../src/index';

// The same suites against fake-gcs-server (or another emulator) or real Google Cloud Storage:
//   STORAGE_EMULATOR_HOST            an emulator, e.g. http://127.0.0.1:4443 (bucket created if missing)
//   GOOGLE_APPLICATION_CREDENTIALS   a service-account key file, for real GCS (also enables presign)
//   AGENTMAP_TEST_GCS_BUCKET         the bucket to use (needed for real GCS; default agentmap-test on an emulator)
//   AGENTMAP_TEST_GCS_PROJECT        the project (optional; default: the key's project)
// Every suite works under its own random prefix and deletes what it wrote.
const emulator = process.env.STORAGE_EMULATOR_HOST;
const keyFile = process.env.GOOGLE_APPLICATION_CREDENTIALS;
const bucket = process.env.AGENTMAP_TEST_GCS_BUCKET;
const projectId = process.env.AGENTMAP_TEST_GCS_PROJECT;

const target: { label: string; options: GcsStoreOptions } | undefined = emulator
  ? { label: 'gcs on the emulator at STORAGE_EMULATOR_HOST', options: { bucket: bucket || 'agentmap-test', createBucket: true, ...(projectId ? { projectId } : {}) } }
  : keyFile && bucket
    ? { label: 'gcs (real Google Cloud Storage)', options: { bucket, keyFilename: keyFile, ...(projectId ? { projectId } : {}) } }
    : undefined;

if (target) {
  const store = () => createGcsStore(target.options);
  describeObjectStore(target.label, store, { timeout: 180_000 });
  describeJsonStorageSuite(target.label, store);
  describeCsvStorageSuite(target.label, store);
  describeFileStorageSuite(target.label, store);
} else {
  describe.skip(notRunTitle('fake-gcs-server or real GCS', ['STORAGE_EMULATOR_HOST', 'or GOOGLE_APPLICATION_CREDENTIALS and AGENTMAP_TEST_GCS_BUCKET']), () => {
    it('runs the ObjectStore, JSON, CSV and File suites against it', () => undefined);
  });
}
