import { randomUUID } from 'node:crypto';
import { startPineconeTestServer } from '@agentmap/pinecone-test-server';
import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { afterAll, describe, it } from 'vitest';
import { createPineconeVectorStore } from '../src/index';

const server = await startPineconeTestServer();
afterAll(() => server.close());

const local = () => createPineconeVectorStore({ apiKey: server.apiKey, indexName: 'conformance', controllerHostUrl: server.url, retries: 0 });
const unsupportedFilterCases = ['range on strings'];
describeVectorStore('pinecone (test server, namespaces)', local, { reopen: local, unsupportedFilterCases });

const perIndex = () => createPineconeVectorStore({ apiKey: server.apiKey, indexName: 'conf', controllerHostUrl: server.url, indexPerCollection: true, retries: 0 });
describeVectorStore('pinecone (test server, an index per collection)', perIndex, { reopen: perIndex, recallSize: 500, unsupportedFilterCases });

// Against the real service: one serverless index (AGENTMAP_TEST_PINECONE_INDEX, default
// "agentmap-conformance", created in aws/us-east-1 when missing), one namespace prefix per run.
const realKey = process.env.AGENTMAP_TEST_PINECONE_API_KEY;
if (realKey) {
  const run = randomUUID().slice(0, 8);
  const real = () =>
    createPineconeVectorStore({ apiKey: realKey, indexName: process.env.AGENTMAP_TEST_PINECONE_INDEX ?? 'agentmap-conformance', namespace: `agentmap-test-${run}` });
  describeVectorStore('pinecone (real service)', real, { reopen: real, approximate: true, recallSize: 500, timeout: 300_000, unsupportedFilterCases });
} else {
  describe.skip('real Pinecone: not run (set AGENTMAP_TEST_PINECONE_API_KEY, optionally AGENTMAP_TEST_PINECONE_INDEX)', () => {
    it('runs the conformance suite against Pinecone', () => undefined);
  });
}
