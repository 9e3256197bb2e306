import { type CopyOptions, type ObjectStore, StorageError } from '@agentmap/storage-core';
import { markGoverned } from '../compliance/governed';
import { type OperationCall, wrapStore } from '@agentmap/storage-core/kit';
import { type AccessPolicy, compilePolicy, grants } from './policy';
import { currentPrincipal } from './principal';

/** Options of {@link withAccessControl} besides the policy. */
export interface AccessControlOptions {
  /** The clock, for maintenance windows. Default `() => new Date()`. */
  now?: () => Date;
}

const ACTIONS: Record<OperationCall['operation'], string> = {
  get: 'read',
  getStream: 'read',
  head: 'read',
  list: 'read',
  put: 'write',
  delete: 'delete',
  copy: 'read',
  presign: 'read',
  setStorageClass: 'write',
};

/**
 * Checks every call of `store` against `policy` for the {@link runAs} principal: its roles'
 * `action:pattern` permissions over the key (default deny: no matching rule refuses), the IP
 * allow-list, and maintenance windows. A refusal is `PERMISSION_DENIED` naming the action
 * and resource (never the policy's internals) and touches nothing; `withAudit` around this
 * layer records it as `access_denied`. A `presign` for `PUT` needs `write`, a `copy` needs
 * `read` on the source and `write` on the destination.
 *
 * ```ts
 * const guarded = withAccessControl(store, { roles: { reader: ['read:users/*'] }, userRoles: { alice: ['reader'] } });
 * await runAs({ id: 'alice' }, () => guarded.get('users/1.json'));
 * ```
 */
export function withAccessControl(store: ObjectStore, policy: AccessPolicy, options: AccessControlOptions = {}): ObjectStore {
  const compiled = compilePolicy(policy);
  const now = options.now ?? (() => new Date());

  const check = (action: string, resource: string) => {
    const principal = currentPrincipal();
    const who = principal?.id ?? 'an anonymous caller';
    const deny = (why: string) =>
      new StorageError('PERMISSION_DENIED', `${who} may not ${action} "${resource}": ${why}.`, { provider: store.provider, key: resource, details: { action, resource, principal: principal?.id } });
    if (!compiled.ipAllowed(principal?.ip)) throw deny(principal?.ip === undefined ? 'the caller\'s address is unknown and an IP allow-list is set' : 'the caller\'s address is not allowed');
    const window = compiled.blockingWindow(action, now());
    if (window) throw deny(`${action} is blocked during the maintenance window ${window.start}–${window.end} ${window.timezone ?? 'UTC'}`);
    const permissions = compiled.permissionsOf(compiled.rolesOf(principal?.id, principal?.roles));
    if (!permissions.some((permission) => grants(permission, action, resource))) throw deny('no role grants it');
  };

  const guarded = wrapStore(store, async (call, invoke) => {
    let action = ACTIONS[call.operation];
    if (call.operation === 'presign' && (call.options as { method?: string } | undefined)?.method?.toUpperCase() === 'PUT') action = 'write';
    check(action, call.key);
    return invoke(call.signal);
  });
  return markGoverned({
    ...guarded,
    get provider() {
      return store.provider;
    },
    get location() {
      return store.location;
    },
    get capabilities() {
      return store.capabilities;
    },
    async copy(from: string, to: string, copyOptions?: CopyOptions) {
      check('write', to);
      return guarded.copy(from, to, copyOptions);
    },
  }, store, 'access_control');
}
