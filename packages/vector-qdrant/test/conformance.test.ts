import { startQdrantTestServer } from '@agentmap/qdrant-test-server';
import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { afterAll, describe, it } from 'vitest';
import { createQdrantVectorStore } from '../src/index';

const server = await startQdrantTestServer({ apiKey: 'conformance-key' });
afterAll(() => server.close());

const local = () => createQdrantVectorStore({ url: server.url, apiKey: 'conformance-key', retries: 0 });
describeVectorStore('qdrant (test server)', local, { reopen: local });

// Against a real Qdrant: AGENTMAP_TEST_QDRANT_URL (and AGENTMAP_TEST_QDRANT_API_KEY when it needs one).
const realUrl = process.env.AGENTMAP_TEST_QDRANT_URL;
if (realUrl) {
  const realKey = process.env.AGENTMAP_TEST_QDRANT_API_KEY;
  const real = () => createQdrantVectorStore({ url: realUrl, ...(realKey ? { apiKey: realKey } : {}), exactSearch: true });
  describeVectorStore('qdrant (real server)', real, { reopen: real, timeout: 300_000 });
} else {
  describe.skip('real Qdrant: not run (set AGENTMAP_TEST_QDRANT_URL, optionally AGENTMAP_TEST_QDRANT_API_KEY)', () => {
    it('runs the conformance suite against Qdrant', () => undefined);
  });
}
