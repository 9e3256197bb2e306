import type { RunningAzurite } from '@agentmap/test-servers';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { createAzureBlobStore } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite | undefined;
const server = async () => (azurite ??= await azuriteForTests());

// Defaults: single requests up to 8 MiB, 8 MiB blocks above (the 64 MiB case goes in 8 blocks).
describeObjectStore('azure on Azurite', async () => createAzureBlobStore({ container: containerName('conformance'), connectionString: (await server()).connectionString }));

// Every write as staged blocks and a conditional commit, to prove the block path keeps the contract.
describeObjectStore('azure on Azurite, block uploads only', async () => azuriteStore(await server(), { container: containerName('blocks'), multipartThreshold: 0, blockSize: 64 * 1024, parallelUploads: 4 }), {
  large: true,
  largeSize: 3 * 1024 * 1024 + 17,
  teardown: () => azurite?.stop(),
});
