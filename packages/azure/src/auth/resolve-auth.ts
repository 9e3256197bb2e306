import { StorageError } from '@agentmap/storage-core';
import { AnonymousCredential, StorageSharedKeyCredential } from '@azure/storage-blob';
import { PROVIDER } from '../errors';
import type { AzureBlobStoreOptions, AzureTokenCredential } from '../options';
import { parseConnectionString } from './connection-string';
import { lazyIdentityCredential } from './identity';

/** How a store authenticates, decided once at creation. */
export interface ResolvedAuth {
  /** The blob service URL, without query string. */
  serviceUrl: string;
  /** A SAS token appended to every request URL, without the leading `?`. */
  sasToken?: string;
  credential: StorageSharedKeyCredential | AnonymousCredential | AzureTokenCredential;
  /** Present when an account key is known: it signs `presign` URLs. */
  sharedKey?: StorageSharedKeyCredential;
  /** For messages: which option authenticated the store (never a value). */
  method: 'credential' | 'connection string' | 'account key' | 'SAS token' | 'managed identity' | 'default credential chain';
}

const MISSING =
  'No Azure credentials: set connectionString (providers.azure.connection_string, or AZURE_STORAGE_CONNECTION_STRING), ' +
  'accountName + accountKey (account_name + account_key, or AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY), sasToken (sas_token) ' +
  'or useManagedIdentity (use_managed_identity: true).';

/**
 * Picks the credential from the options, in the documented order, falling back to the
 * environment variables the Azure tools use. Missing or malformed settings are
 * `UNAUTHENTICATED` errors naming the config key and variable to set, never their values.
 */
export function resolveAuth(options: AzureBlobStoreOptions, env: NodeJS.ProcessEnv = process.env): ResolvedAuth {
  const endpoint = options.endpoint === undefined ? undefined : checkedEndpoint(options.endpoint);
  const accountUrl = (what: string) => {
    if (endpoint) return endpoint;
    if (options.accountName) return `https://${options.accountName}.blob.core.windows.net`;
    throw unauthenticated(`${what} needs the account: set accountName (providers.azure.account_name, or AZURE_STORAGE_ACCOUNT) or endpoint.`);
  };
  const token = (credential: AzureTokenCredential, method: ResolvedAuth['method']): ResolvedAuth => ({
    serviceUrl: accountUrl(method === 'credential' ? 'A token credential' : `Authenticating with the ${method}`),
    credential,
    method,
  });

  if (options.credential) return token(options.credential, 'credential');
  if (options.connectionString) return fromConnectionString(options.connectionString, endpoint, 'connectionString (providers.azure.connection_string)');
  if (options.accountName && options.accountKey) {
    const sharedKey = new StorageSharedKeyCredential(options.accountName, options.accountKey);
    return { serviceUrl: accountUrl('An account key'), credential: sharedKey, sharedKey, method: 'account key' };
  }
  if (options.accountKey) throw unauthenticated('accountKey (providers.azure.account_key) is set without accountName: set account_name, or AZURE_STORAGE_ACCOUNT.');
  if (options.sasToken) {
    return { serviceUrl: accountUrl('A SAS token'), sasToken: options.sasToken.replace(/^\?/, ''), credential: new AnonymousCredential(), method: 'SAS token' };
  }
  if (options.useManagedIdentity) {
    const clientId = typeof options.useManagedIdentity === 'object' ? options.useManagedIdentity.clientId : env.AZURE_CLIENT_ID;
    return token(lazyIdentityCredential('managed-identity', clientId), 'managed identity');
  }
  if (options.useDefaultCredential) return token(lazyIdentityCredential('default', env.AZURE_CLIENT_ID), 'default credential chain');
  if (env.AZURE_STORAGE_CONNECTION_STRING) return fromConnectionString(env.AZURE_STORAGE_CONNECTION_STRING, endpoint, 'AZURE_STORAGE_CONNECTION_STRING');
  if (env.AZURE_STORAGE_ACCOUNT && env.AZURE_STORAGE_KEY) {
    return resolveAuth({ ...options, accountName: env.AZURE_STORAGE_ACCOUNT, accountKey: env.AZURE_STORAGE_KEY }, {});
  }
  throw unauthenticated(MISSING);
}

function fromConnectionString(text: string, endpoint: string | undefined, source: string): ResolvedAuth {
  const parts = parseConnectionString(text);
  if ('problem' in parts) {
    throw unauthenticated(`The connection string in ${source} is malformed (${parts.problem}): copy it again from the portal's "Access keys" page.`);
  }
  const serviceUrl = endpoint ?? parts.blobEndpoint!;
  if (parts.accountKey && parts.accountName) {
    const sharedKey = new StorageSharedKeyCredential(parts.accountName, parts.accountKey);
    return { serviceUrl, credential: sharedKey, sharedKey, method: 'connection string' };
  }
  return { serviceUrl, sasToken: parts.sasToken!.replace(/^\?/, ''), credential: new AnonymousCredential(), method: 'connection string' };
}

function checkedEndpoint(endpoint: string): string {
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new StorageError('INVALID_ARGUMENT', 'endpoint (providers.azure.endpoint) must be an http(s) URL such as "https://<account>.blob.core.windows.net".', {
      provider: PROVIDER,
    });
  }
  const url = new URL(endpoint);
  if (url.search) {
    throw new StorageError('INVALID_ARGUMENT', 'endpoint (providers.azure.endpoint) must not carry a query string: pass a SAS token as sasToken (providers.azure.sas_token).', {
      provider: PROVIDER,
    });
  }
  return endpoint.replace(/\/+$/, '');
}

function unauthenticated(message: string): StorageError {
  return new StorageError('UNAUTHENTICATED', message, { provider: PROVIDER });
}
