import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { notRunTitle } from '@agentmap/test-servers';
import { startWeaviateTestServer, type WeaviateTestServer } from '@agentmap/weaviate-test-server';
import { afterAll, beforeAll, describe } from 'vitest';
import { createWeaviateVectorStore } from '../src/index';

let server: WeaviateTestServer | undefined;
beforeAll(async () => {
  server = await startWeaviateTestServer({ apiKeys: ['conformance-key'] });
});
afterAll(() => server?.stop());

const overTestServer = () => createWeaviateVectorStore({ scheme: 'http', host: server!.host, apiKey: 'conformance-key' });
describeVectorStore('weaviate (test server)', overTestServer, { reopen: overTestServer });

// A real Weaviate: AGENTMAP_TEST_WEAVIATE_URL=http://localhost:8080 (and AGENTMAP_TEST_WEAVIATE_API_KEY when it checks keys).
const realUrl = process.env.AGENTMAP_TEST_WEAVIATE_URL;
if (realUrl) {
  const url = new URL(realUrl);
  const apiKey = process.env.AGENTMAP_TEST_WEAVIATE_API_KEY;
  const real = () => createWeaviateVectorStore({ scheme: url.protocol === 'https:' ? 'https' : 'http', host: url.host, ...(apiKey ? { apiKey } : {}), className: 'AgentmapConformance' });
  describeVectorStore('weaviate (real server)', real, { reopen: real, approximate: true });
} else {
  describe.skip(notRunTitle('real Weaviate', ['AGENTMAP_TEST_WEAVIATE_URL', 'AGENTMAP_TEST_WEAVIATE_API_KEY (optional)']), () => {});
}
