import { isStorageError } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import type { RunningAzurite } from '@agentmap/test-servers';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, StorageSharedKeyCredential, generateAccountSASQueryParameters } from '@azure/storage-blob';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAzureBlobStore } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
});
afterAll(() => azurite?.stop());
afterEach(() => vi.unstubAllEnvs());

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

/** The error a promise or function fails with, asserted to be a StorageError of `code`. */
async function failure(run: () => unknown, code: string) {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  if (!isStorageError(caught)) throw new Error(`expected a StorageError ${code}, got ${String(caught)}`, { cause: caught });
  expect(caught.code).toBe(code);
  return caught;
}

function accountSas(permissions: string, expiresOn = new Date(Date.now() + 3600_000)): string {
  return generateAccountSASQueryParameters(
    {
      permissions: AccountSASPermissions.parse(permissions),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      services: AccountSASServices.parse('b').toString(),
      expiresOn,
    },
    new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey),
  ).toString();
}

describe('credentials', () => {
  it('works with a SAS token, and says presign needs the account key', async () => {
    const store = createAzureBlobStore({ container: containerName('sas'), endpoint: azurite.endpoint, sasToken: `?${accountSas('rwdlac')}` });
    await store.put('doc.txt', 'via sas');
    expect(text((await store.get('doc.txt')).body)).toBe('via sas');
    expect(store.capabilities.presign).toBe(false);
    const error = await failure(() => store.presign('doc.txt', { method: 'GET', expiresIn: 60 }), 'UNSUPPORTED');
    expect(error.message).toContain('account_key');
    await store.close();
  });

  it('works with a SAS connection string', async () => {
    const connectionString = `BlobEndpoint=${azurite.endpoint};SharedAccessSignature=${accountSas('rwdlac')}`;
    const store = createAzureBlobStore({ container: containerName('sascs'), connectionString });
    await store.put('doc.txt', 'via sas connection string');
    expect(text((await store.get('doc.txt')).body)).toBe('via sas connection string');
    await store.close();
  });

  it('falls back to AZURE_STORAGE_CONNECTION_STRING, then AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY', async () => {
    vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', azurite.connectionString);
    const fromString = createAzureBlobStore({ container: containerName('envcs') });
    await fromString.put('a', 'b');
    await fromString.close();
    vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', '');
    vi.stubEnv('AZURE_STORAGE_ACCOUNT', azurite.accountName);
    vi.stubEnv('AZURE_STORAGE_KEY', azurite.accountKey);
    const fromKey = createAzureBlobStore({ container: containerName('envkey'), endpoint: azurite.endpoint });
    await fromKey.put('a', 'b');
    expect(fromKey.capabilities.presign).toBe(true);
    await fromKey.close();
  });

  it('without any credential fails at creation with UNAUTHENTICATED naming the settings to use', async () => {
    for (const name of ['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_ACCOUNT', 'AZURE_STORAGE_KEY']) vi.stubEnv(name, '');
    const error = await failure(() => createAzureBlobStore({ container: 'documents' }), 'UNAUTHENTICATED');
    for (const hint of ['connection_string', 'AZURE_STORAGE_CONNECTION_STRING', 'account_key', 'AZURE_STORAGE_KEY', 'sas_token', 'use_managed_identity']) {
      expect(error.message).toContain(hint);
    }
    await failure(() => createAzureBlobStore({ container: 'documents', accountKey: azurite.accountKey }), 'UNAUTHENTICATED');
    await failure(() => createAzureBlobStore({ container: 'documents', sasToken: 'sv=x&sig=y' }), 'UNAUTHENTICATED');
  });

  it('reports a wrong account key as UNAUTHENTICATED without echoing the key', async () => {
    const wrongKey = Buffer.from('definitely-not-the-key-0123456789').toString('base64');
    const store = azuriteStore(azurite, { container: containerName('badkey'), accountKey: wrongKey, retries: 0 });
    for (const call of [() => store.get('x'), () => store.put('x', 'y'), () => store.head('x')]) {
      const error = await failure(call, 'UNAUTHENTICATED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('account_key');
      expect(error.message).not.toContain(wrongKey);
      expect(JSON.stringify(error)).not.toContain(wrongKey);
    }
    await store.close();
  });

  it('reports an expired SAS token as UNAUTHENTICATED without echoing its signature', async () => {
    const sas = accountSas('rwdlac', new Date(Date.now() - 60_000));
    const signature = new URLSearchParams(sas).get('sig')!;
    const store = createAzureBlobStore({ container: containerName('expired'), endpoint: azurite.endpoint, sasToken: sas, retries: 0 });
    const error = await failure(() => store.put('x', 'y'), 'UNAUTHENTICATED');
    expect(error.message).not.toContain(signature);
    expect(JSON.stringify(error)).not.toContain(signature);
    await store.close();
  });

  it('reports a malformed connection string without repeating it', async () => {
    const secret = 'AccountKey=c2VjcmV0LWtleQ==';
    const error = await failure(() => createAzureBlobStore({ container: 'documents', connectionString: `garbage;${secret}` }), 'UNAUTHENTICATED');
    expect(error.message).toContain('malformed');
    expect(error.message).not.toContain('c2VjcmV0LWtleQ');
  });

  it('never sends a token credential over http: UNAUTHENTICATED before any token is asked for', async () => {
    const getToken = vi.fn(async () => ({ token: 'tok', expiresOnTimestamp: Date.now() + 3600_000 }));
    const store = createAzureBlobStore({ container: containerName('token'), endpoint: azurite.endpoint, credential: { getToken }, createContainer: false });
    const error = await failure(() => store.get('x'), 'UNAUTHENTICATED');
    expect(error.message).toContain('https');
    expect(getToken).not.toHaveBeenCalled();
    const managed = createAzureBlobStore({ container: containerName('managed'), endpoint: azurite.endpoint, useManagedIdentity: true, createContainer: false });
    await failure(() => managed.head('x'), 'UNAUTHENTICATED');
    await store.close();
    await managed.close();
  });
});

describe('options', () => {
  it('refuses invalid container names and settings at creation, naming them', async () => {
    const base = { connectionString: azurite.connectionString };
    for (const container of ['Upper', 'a', 'has_underscore', 'double--hyphen', '-lead', '']) {
      await failure(() => createAzureBlobStore({ ...base, container }), 'INVALID_ARGUMENT');
    }
    expect((await failure(() => createAzureBlobStore({ ...base, container: 'ok-name', retryCount: -1 }), 'INVALID_ARGUMENT')).message).toContain('retryCount');
    expect((await failure(() => createAzureBlobStore({ ...base, container: 'ok-name', blockSize: 10 }), 'INVALID_ARGUMENT')).message).toContain('blockSize');
    await failure(() => createAzureBlobStore({ ...base, container: 'ok-name', endpoint: 'ftp://x' }), 'INVALID_ARGUMENT');
    await failure(() => createAzureBlobStore({ ...base, container: 'ok-name', endpoint: `${azurite.endpoint}?sig=abc` }), 'INVALID_ARGUMENT');
  });

  it('with createContainer false, a missing container is NOT_FOUND saying how to create it', async () => {
    const store = azuriteStore(azurite, { container: containerName('absent'), createContainer: false });
    const error = await failure(() => store.get('x'), 'NOT_FOUND');
    expect(error.message).toContain('create_container');
    await expectStorageError(store.head('x'), 'NOT_FOUND');
    await expectStorageError(store.put('x', 'y'), 'NOT_FOUND');
    await store.close();
  });

  it('refuses calls once closed, saying to create a new store', async () => {
    const store = azuriteStore(azurite, { container: containerName('closed') });
    await store.put('doc', 'x');
    await store.close();
    const error = await failure(() => store.get('doc'), 'INVALID_ARGUMENT');
    expect(error.message).toContain('create a new one');
    await failure(() => store.put('doc', 'y'), 'INVALID_ARGUMENT');
    await store.close();
  });

  it('creates the container on first use by default', async () => {
    const name = containerName('created');
    const store = azuriteStore(azurite, { container: name });
    expect(await store.head('nothing')).toBeUndefined();
    expect(await store.containerClient.exists()).toBe(true);
    await store.close();
  });
});

describe('presign', () => {
  it('signs GET and PUT URLs that work for plain HTTP clients, and refuses bad requests', async () => {
    const store = azuriteStore(azurite, { container: containerName('presign') });
    const putUrl = await store.presign('upload/report.txt', { method: 'PUT', expiresIn: 300 });
    const uploaded = await fetch(putUrl, { method: 'PUT', body: 'uploaded by url', headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'text/plain' } });
    expect(uploaded.status).toBe(201);
    expect(text((await store.get('upload/report.txt')).body)).toBe('uploaded by url');
    const getUrl = await store.presign('upload/report.txt', { method: 'GET', expiresIn: 300 });
    expect(await (await fetch(getUrl)).text()).toBe('uploaded by url');
    // A read-only URL cannot write.
    expect((await fetch(getUrl, { method: 'PUT', body: 'x', headers: { 'x-ms-blob-type': 'BlockBlob' } })).status).toBe(403);
    await failure(() => store.presign('x', { method: 'DELETE' as never, expiresIn: 60 }), 'INVALID_ARGUMENT');
    await failure(() => store.presign('x', { method: 'GET', expiresIn: -5 }), 'INVALID_ARGUMENT');
    await failure(() => store.presign('../x', { method: 'GET', expiresIn: 60 }), 'INVALID_ARGUMENT');
    await store.close();
  });
});
