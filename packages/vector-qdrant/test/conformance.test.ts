import { startQdrantTestServer } from '@agentmap/qdrant-test-server';
import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { afterAll, describe, it } from 'vitest';
import { createQdrantVectorStore } from '../src/index';

const server = await startQdrantTestServer({ apiKey: 'conformance-key' });
afterAll(() => server.close());

// By default strings compare by equality only; with stringRanges, by order too.
const unsupportedFilterCases = ['range on strings'];
const local = () => createQdrantVectorStore({ url: server.url, apiKey: 'conformance-key', retries: 0 });
describeVectorStore('qdrant (test server)', local, { reopen: local, unsupportedFilterCases });
const ranged = () => createQdrantVectorStore({ url: server.url, apiKey: 'conformance-key', retries: 0, stringRanges: true });
describeVectorStore('qdrant (test server, stringRanges)', ranged, { reopen: ranged });

// Against a real Qdrant: AGENTMAP_TEST_QDRANT_URL (and AGENTMAP_TEST_QDRANT_API_KEY when it needs one).
const realUrl = process.env.AGENTMAP_TEST_QDRANT_URL;
if (realUrl) {
  const realKey = process.env.AGENTMAP_TEST_QDRANT_API_KEY;
  const real = () => createQdrantVectorStore({ url: realUrl, ...(realKey ? { apiKey: realKey } : {}), exactSearch: true });
  describeVectorStore('qdrant (real server)', real, { reopen: real, timeout: 300_000, unsupportedFilterCases });
  const realRanged = () => createQdrantVectorStore({ url: realUrl, ...(realKey ? { apiKey: realKey } : {}), exactSearch: true, stringRanges: true });
  describeVectorStore('qdrant (real server, stringRanges)', realRanged, { reopen: realRanged, timeout: 300_000 });
} else {
  describe.skip('real Qdrant: not run (set AGENTMAP_TEST_QDRANT_URL, optionally AGENTMAP_TEST_QDRANT_API_KEY)', () => {
    it('runs the conformance suite against Qdrant', () => undefined);
  });
}
