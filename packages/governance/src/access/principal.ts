import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageError } from '@agentmap/storage-core';

/** Who is acting: the id access control and audit know them by, and where they come from. */
export interface Principal {
  /** A user, service account or agent id (`alice`, `service-account`). */
  id: string;
  /** The client's IP address, v4 or v6, when known; checked against IP allow-lists. */
  ip?: string;
  /** The client's user agent, when known; recorded by detailed audit logs. */
  userAgent?: string;
  /** Roles granted directly, on top of the policy's `userRoles`. */
  roles?: readonly string[];
}

const current = new AsyncLocalStorage<Principal>();

/**
 * Runs `fn` as `principal`: every storage call made inside it, however deep (services,
 * agents, layers), is checked and audited as that principal, with no extra arguments.
 *
 * ```ts
 * await runAs({ id: 'alice', ip: '10.1.2.3' }, () => guarded.put('users/1.json', '{}'));
 * ```
 */
export function runAs<T>(principal: Principal, fn: () => T): T {
  if (typeof principal !== 'object' || principal === null || typeof principal.id !== 'string' || principal.id === '') {
    throw new StorageError('INVALID_ARGUMENT', 'runAs needs a principal with a non-empty string id, such as { id: "alice" }.', { provider: 'access' });
  }
  return current.run(Object.freeze({ ...principal }), fn);
}

/** The principal of the current call, or `undefined` outside {@link runAs}. */
export function currentPrincipal(): Principal | undefined {
  return current.getStore();
}
