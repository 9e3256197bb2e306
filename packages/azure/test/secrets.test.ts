import { isStorageError } from '@agentmap/storage-core';
import type { RunningAzurite } from '@agentmap/test-servers';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, StorageSharedKeyCredential, generateAccountSASQueryParameters } from '@azure/storage-blob';
import { failureOf, printedForms } from '@agentmap/storage-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureBlobStore } from '../src/index';
import { azuriteForTests, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
});
afterAll(() => azurite?.stop());

describe('secrets never reach errors or their causes', () => {
  it('the SAS signature is not in any failure, however it is printed', async () => {
    const sas = generateAccountSASQueryParameters(
      { permissions: AccountSASPermissions.parse('rwdlac'), resourceTypes: AccountSASResourceTypes.parse('sco').toString(), services: AccountSASServices.parse('b').toString(), expiresOn: new Date(Date.now() + 3600_000) },
      new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey),
    );
    const store = createAzureBlobStore({ container: containerName('secrets'), endpoint: azurite.endpoint, sasToken: `?${sas.toString()}`, retries: 0 });
    await store.put('here', 'x');
    const errors = [await failureOf(store.get('missing')), await failureOf(store.put('here', 'y', { ifMatch: '"0x1"' })), await failureOf(store.delete('missing', { ifMatch: '"0x1"' }))];
    for (const error of errors) {
      expect(isStorageError(error), String(error)).toBe(true);
      const text = printedForms(error);
      expect(text).not.toContain(sas.signature);
      expect(text).not.toContain(encodeURIComponent(sas.signature));
      expect(text).not.toContain(azurite.accountKey);
    }
    await store.close();
  });
});
