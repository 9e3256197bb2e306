import { type RunningAzurite, startAzurite } from '@agentmap/test-servers';
import { type AzureBlobStore, type AzureBlobStoreOptions, createAzureBlobStore } from '../../src/index';

/** A unique container name per test file and run, so runs never see each other's data. */
export function containerName(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`.toLowerCase();
}

/**
 * Azurite for one test file. Starting it is never optional: if it cannot start (here or under
 * CI=true) the file's tests fail with Azurite's output instead of being skipped.
 */
export async function azuriteForTests(): Promise<RunningAzurite> {
  return startAzurite();
}

/** A store on Azurite with the account key, plus any extra options. */
export function azuriteStore(azurite: RunningAzurite, options: Partial<AzureBlobStoreOptions> & { container: string }): AzureBlobStore {
  return createAzureBlobStore({ accountName: azurite.accountName, accountKey: azurite.accountKey, endpoint: azurite.endpoint, ...options });
}
