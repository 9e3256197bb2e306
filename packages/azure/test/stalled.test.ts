import { describeStalledStreams } from '@agentmap/storage-testkit';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AzureBlobStore } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
});
afterAll(() => azurite?.stop());

const KiB = 1024;

// Blocks of 64 KiB past 256 KiB, so the second stalled body stops after blocks were staged.
describeStalledStreams('Azure (Azurite)', () => azuriteStore(azurite, { container: containerName('stalled'), multipartThreshold: 256 * KiB, blockSize: 64 * KiB }), {
  midUploadBytes: 600 * KiB,
  async afterAbortedPuts(store, key) {
    // Azure keeps uncommitted blocks until a commit or for a week; nothing was committed.
    const blocks = await (store as AzureBlobStore).containerClient.getBlockBlobClient(key).getBlockList('committed');
    expect(blocks.committedBlocks ?? []).toEqual([]);
  },
});
