import { notRunTitle, startChroma } from '@agentmap/test-servers';
import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { afterAll, describe, it } from 'vitest';
import { createChromaVectorStore } from '../src/index';

// One Chroma server for this file, started once.
const server = startChroma();
// Its failure is reported by the suite's beforeAll, which awaits it.
server.catch(() => undefined);
afterAll(async () => (await server.catch(() => undefined))?.stop());

// By default strings compare by equality only; with stringRanges, by order too.
const local = async () => createChromaVectorStore({ url: (await server).url });
describeVectorStore('chroma (local server)', local, { reopen: local, approximate: true, unsupportedFilterCases: ['range on strings'] });
const ranged = async () => createChromaVectorStore({ url: (await server).url, stringRanges: true });
describeVectorStore('chroma (local server, stringRanges)', ranged, { reopen: ranged, approximate: true });

// The same suite against a Chroma you run (or Chroma Cloud) when its URL is given.
const url = process.env.AGENTMAP_TEST_CHROMA_URL;
if (url) {
  const remote = () =>
    createChromaVectorStore({
      url,
      ...(process.env.AGENTMAP_TEST_CHROMA_TOKEN ? { headers: { 'x-chroma-token': process.env.AGENTMAP_TEST_CHROMA_TOKEN } } : {}),
      ...(process.env.AGENTMAP_TEST_CHROMA_TENANT ? { tenant: process.env.AGENTMAP_TEST_CHROMA_TENANT } : {}),
      ...(process.env.AGENTMAP_TEST_CHROMA_DATABASE ? { database: process.env.AGENTMAP_TEST_CHROMA_DATABASE } : {}),
    });
  describeVectorStore('chroma (AGENTMAP_TEST_CHROMA_URL)', remote, { reopen: remote, approximate: true, unsupportedFilterCases: ['range on strings'] });
} else {
  describe.skip(notRunTitle('chroma at AGENTMAP_TEST_CHROMA_URL', ['AGENTMAP_TEST_CHROMA_URL', 'optionally AGENTMAP_TEST_CHROMA_TOKEN']), () => {
    it('runs the conformance suite against that server', () => undefined);
  });
}
