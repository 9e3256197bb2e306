import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { notRunTitle } from '@agentmap/test-servers';
import { describe, it } from 'vitest';
import { createAzureBlobStore } from '../src/index';

// The same suites against a real storage account, when one is configured:
//   AGENTMAP_TEST_AZURE_CONNECTION_STRING  a connection string with AccountKey (needed)
//   AGENTMAP_TEST_AZURE_CONTAINER          the container to use (default agentmap-test; created if missing)
// Every suite works under its own random prefix and deletes what it wrote.
const connectionString = process.env.AGENTMAP_TEST_AZURE_CONNECTION_STRING;
const container = process.env.AGENTMAP_TEST_AZURE_CONTAINER || 'agentmap-test';

if (connectionString) {
  const store = () => createAzureBlobStore({ container, connectionString });
  describeObjectStore('azure (real account)', store, { timeout: 120_000 });
  describeJsonStorageSuite('azure (real account)', store);
  describeCsvStorageSuite('azure (real account)', store);
  describeFileStorageSuite('azure (real account)', store);
} else {
  describe.skip(notRunTitle('real Azure Blob Storage', ['AGENTMAP_TEST_AZURE_CONNECTION_STRING', 'AGENTMAP_TEST_AZURE_CONTAINER (optional)']), () => {
    it('runs the ObjectStore, JSON, CSV and File suites against the account', () => undefined);
  });
}
