import { StorageError } from '@agentmap/storage-core';
import { scrubCause } from '@agentmap/storage-core/kit';
import type * as Identity from '@azure/identity';
import type { AzureTokenCredential } from '../options';
import { PROVIDER } from '../errors';

/** Which credential of `@azure/identity` to build. */
export type IdentityKind = 'managed-identity' | 'default';


/**
 * A token credential that imports `@azure/identity` (an optional peer dependency) on its first
 * `getToken`, so users of keys or SAS tokens never load it, and a missing install is reported
 * with the command that fixes it rather than at import time.
 */
export function lazyIdentityCredential(kind: IdentityKind, clientId?: string): AzureTokenCredential {
  let credential: Promise<AzureTokenCredential> | undefined;
  const load = async (): Promise<AzureTokenCredential> => {
    let identity: typeof Identity;
    try {
      identity = await import('@azure/identity');
    } catch (error) {
      throw new StorageError(
        'UNAUTHENTICATED',
        `use_managed_identity needs the optional package @azure/identity: run "npm install @azure/identity", or authenticate with connection_string or account_key instead.`,
        { provider: PROVIDER, cause: scrubCause(error) },
      );
    }
    if (kind === 'default') return new identity.DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
    return clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.ManagedIdentityCredential();
  };
  return {
    async getToken(scopes, options) {
      credential ??= load();
      credential.catch(() => (credential = undefined));
      return (await credential).getToken(scopes, options);
    },
  };
}
