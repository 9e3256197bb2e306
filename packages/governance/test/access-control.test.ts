import { createMemoryStore, isStorageError } from '@agentmap/storage-core';
import { collect } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { type AccessPolicy, runAs, withAccessControl } from '../src/index';

const policy: AccessPolicy = {
  roles: {
    storage_admin: ['read:*', 'write:*', 'delete:*'],
    data_analyst: ['read:analytics/*', 'read:reports/**', 'write:analytics/temp/*'],
    application_service: ['read:configs/*', 'write:logs/*', 'read:users/*', 'write:users/*'],
  },
  userRoles: { 'admin@company.com': ['storage_admin'], 'analyst@company.com': ['data_analyst'], 'service-account': ['application_service'] },
};

async function denial(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isStorageError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
  return error as Error;
}

describe('withAccessControl', () => {
  it('grants by role and glob, and denies by default without touching data', async () => {
    const store = createMemoryStore();
    await store.put('analytics/q1.csv', 'a');
    await store.put('users/1.json', '{"v":1}');
    const guarded = withAccessControl(store, policy);
    await runAs({ id: 'analyst@company.com' }, async () => {
      expect(Buffer.from((await guarded.get('analytics/q1.csv')).body).toString()).toBe('a');
      await guarded.put('analytics/temp/x.csv', 'tmp');
      const error = await denial(guarded.put('users/1.json', '{"v":2}'));
      expect(error.message).toBe('analyst@company.com may not write "users/1.json": no role grants it.');
      await denial(guarded.get('analytics/deep/q1.csv')); // `*` stays within one segment
      await denial(guarded.delete('analytics/q1.csv'));
    });
    await runAs({ id: 'nobody' }, () => denial(guarded.get('analytics/q1.csv')));
    await denial(guarded.get('analytics/q1.csv')); // outside runAs: anonymous, no roles
    expect(Buffer.from((await store.get('users/1.json')).body).toString()).toBe('{"v":1}');
    expect(await store.head('analytics/q1.csv')).toBeDefined();
  });

  it('checks both ends of a copy, listings by prefix, and PUT presigns as writes', async () => {
    const store = createMemoryStore();
    await store.put('users/1.json', '{}');
    const guarded = withAccessControl(store, policy);
    await runAs({ id: 'service-account' }, async () => {
      await denial(guarded.copy('users/1.json', 'configs/1.json'));
      await guarded.copy('users/1.json', 'users/2.json');
      expect((await collect(guarded.list('users/'))).length).toBe(2);
      await denial(collect(guarded.list('analytics/')));
    });
    expect(await store.head('configs/1.json')).toBeUndefined();
  });

  it('enforces IP allow-lists, v4 and v6, and refuses a caller without an address', async () => {
    const guarded = withAccessControl(createMemoryStore(), { ...policy, ipAllowList: ['10.0.0.0/8', '192.168.1.0/24', '::1/128', 'fd00::/8'] });
    const admin = 'admin@company.com';
    for (const ip of ['10.1.2.3', '192.168.1.77', '::1', 'fd12::1']) await runAs({ id: admin, ip }, () => guarded.put(`ok/${ip}`, 'x'));
    for (const ip of ['11.0.0.1', '192.168.2.1', '::2', '2001:db8::1', 'not-an-ip']) {
      const error = await runAs({ id: admin, ip }, () => denial(guarded.put('x', 'x')));
      expect(error.message).toContain('address is not allowed');
    }
    expect((await runAs({ id: admin }, () => denial(guarded.get('x')))).message).toContain('address is unknown');
  });

  it('blocks writes and deletes inside a maintenance window, in its time zone, across midnight', async () => {
    let now = new Date('2026-06-01T02:30:00Z');
    const store = createMemoryStore();
    await store.put('users/1.json', '{}');
    const guarded = withAccessControl(store, { ...policy, maintenanceWindows: [{ start: '23:30', end: '00:30', timezone: 'Europe/Berlin' }, { start: '02:00', end: '04:00', timezone: 'UTC' }] }, { now: () => now });
    await runAs({ id: 'admin@company.com' }, async () => {
      expect((await denial(guarded.put('users/1.json', '{"v":2}'))).message).toContain('maintenance window 02:00–04:00 UTC');
      await denial(guarded.delete('users/1.json'));
      await guarded.get('users/1.json'); // reads go on
      now = new Date('2026-06-01T22:00:00Z'); // 00:00 in Berlin (UTC+2): inside 23:30–00:30
      await denial(guarded.put('users/1.json', '{"v":3}'));
      now = new Date('2026-06-01T23:00:00Z'); // 01:00 in Berlin
      await guarded.put('users/1.json', '{"v":4}');
    });
    expect(Buffer.from((await store.get('users/1.json')).body).toString()).toBe('{"v":4}');
  });

  it('refuses a malformed policy by naming the part', () => {
    const bad = (p: Partial<AccessPolicy>) => () => withAccessControl(createMemoryStore(), { ...policy, ...p });
    expect(bad({ roles: { r: ['users/*'] } })).toThrow(/roles\.r\[0\] \("users\/\*"\) must be action:pattern/);
    expect(bad({ userRoles: { a: ['ghost'] } })).toThrow(/names role "ghost"/);
    expect(bad({ ipAllowList: ['10.0.0.0/33'] })).toThrow(/ipAllowList\[0\]/);
    expect(bad({ maintenanceWindows: [{ start: '2am', end: '04:00' }] })).toThrow(/maintenanceWindows\[0\]/);
    expect(bad({ maintenanceWindows: [{ start: '02:00', end: '04:00', timezone: 'Mars/Olympus' }] })).toThrow(/not an IANA time zone/);
  });

  it('carries the principal through async work and nested calls', async () => {
    const guarded = withAccessControl(createMemoryStore(), policy);
    await runAs({ id: 'service-account' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      await Promise.all([guarded.put('logs/a', '1'), guarded.put('logs/b', '2')]);
      await runAs({ id: 'analyst@company.com' }, () => denial(guarded.put('logs/c', '3')));
      await guarded.put('logs/d', '4');
    });
  });
});
