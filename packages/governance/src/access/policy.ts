import { BlockList, isIP } from 'node:net';
import { StorageError } from '@agentmap/storage-core';

/** A window in which writes (or the listed actions) are blocked: `02:00`–`04:00` in a time zone. */
export interface MaintenanceWindow {
  /** `HH:MM`, 24-hour. A window whose end is before its start runs past midnight. */
  start: string;
  end: string;
  /** An IANA time zone (`UTC`, `Europe/Berlin`). Default `UTC`. */
  timezone?: string;
  /** Actions blocked inside the window. Default `['write', 'delete']`. */
  blockedActions?: readonly string[];
}

/** An access-control policy: roles of `action:pattern` permissions, who has which role, and where and when. */
export interface AccessPolicy {
  /** Role name -> permissions such as `read:users/*`, `write:*`, `*:reports/**`. */
  roles: Readonly<Record<string, readonly string[]>>;
  /** Principal id -> role names. */
  userRoles?: Readonly<Record<string, readonly string[]>>;
  /** CIDR ranges (v4 and v6) a principal's IP must fall in. A principal without an IP is refused when a list is set. */
  ipAllowList?: readonly string[];
  maintenanceWindows?: readonly MaintenanceWindow[];
  /** Roles of calls made outside `runAs`. Default none: such calls are denied. */
  anonymousRoles?: readonly string[];
}

/** One permission, compiled. */
interface Permission {
  action: string;
  pattern: RegExp;
}

/** A policy ready to answer "may this principal do this action on this resource now?". */
export interface CompiledPolicy {
  permissionsOf(roles: readonly string[]): Permission[];
  rolesOf(principalId: string | undefined, extra: readonly string[] | undefined): string[];
  ipAllowed(ip: string | undefined): boolean;
  /** The window blocking `action` at `now`, if any. */
  blockingWindow(action: string, now: Date): MaintenanceWindow | undefined;
}

const PROVIDER = 'access';
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Compiles a policy once, checking every part: a malformed permission, CIDR, time or time
 * zone is `INVALID_ARGUMENT` naming it, so a typo never silently opens or closes access.
 */
export function compilePolicy(policy: AccessPolicy): CompiledPolicy {
  if (typeof policy !== 'object' || policy === null || typeof policy.roles !== 'object' || policy.roles === null) {
    throw invalid('An access policy needs roles: { roleName: ["read:users/*", …] }.');
  }
  const roles = new Map<string, Permission[]>();
  for (const [role, permissions] of Object.entries(policy.roles)) {
    if (!Array.isArray(permissions)) throw invalid(`roles.${role} must be a list of permissions such as "read:users/*".`);
    roles.set(role, permissions.map((permission: unknown, i) => compilePermission(permission, `roles.${role}[${i}]`)));
  }
  for (const [user, names] of Object.entries(policy.userRoles ?? {})) {
    for (const name of names) if (!roles.has(name)) throw invalid(`userRoles.${user} names role "${name}", which roles does not define.`);
  }

  let allow: BlockList | undefined;
  if (policy.ipAllowList !== undefined) {
    allow = new BlockList();
    for (const [i, cidr] of policy.ipAllowList.entries()) addCidr(allow, cidr, `ipAllowList[${i}]`);
  }
  const windows = (policy.maintenanceWindows ?? []).map((window, i) => checkWindow(window, `maintenanceWindows[${i}]`));

  return {
    permissionsOf: (names) => names.flatMap((name) => roles.get(name) ?? []),
    rolesOf: (id, extra) => [...(id === undefined ? (policy.anonymousRoles ?? []) : (policy.userRoles?.[id] ?? [])), ...(extra ?? [])],
    ipAllowed: (ip) => {
      if (!allow) return true;
      if (ip === undefined) return false;
      const family = isIP(ip);
      if (family === 0) return false;
      return allow.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    },
    blockingWindow: (action, now) => windows.find((window) => (window.blockedActions ?? ['write', 'delete']).includes(action) && inWindow(window, now)),
  };
}

/** True when `permission` grants `action` on `resource`. */
export function grants(permission: Permission, action: string, resource: string): boolean {
  return (permission.action === '*' || permission.action === action) && permission.pattern.test(resource);
}

function compilePermission(permission: unknown, where: string): Permission {
  if (typeof permission !== 'string') throw invalid(`${where} must be a string such as "read:users/*".`);
  const colon = permission.indexOf(':');
  const action = colon === -1 ? '' : permission.slice(0, colon).trim();
  const pattern = colon === -1 ? '' : permission.slice(colon + 1).trim();
  if (!/^[a-z_*]+$/.test(action) || pattern === '') throw invalid(`${where} ("${permission}") must be action:pattern, such as "read:users/*" or "write:*".`);
  return { action, pattern: globToRegExp(pattern) };
}

/**
 * Globs over keys: `*` matches within one segment, `**` across segments, `?` one character;
 * a pattern that is exactly `*` matches everything (the guide writes `read:*` for "all").
 */
export function globToRegExp(glob: string): RegExp {
  if (glob === '*' || glob === '**') return /^[\s\S]*$/;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '[\\s\\S]*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // `users/*` also covers deeper keys only through `**`; a trailing `/*` on a collection
  // covers its documents (`users/1.json`), as the guide's examples mean.
  return new RegExp(`^${out}$`);
}

function addCidr(list: BlockList, cidr: string, where: string): void {
  const [address, bits] = typeof cidr === 'string' ? cidr.trim().split('/') : [];
  const family = address === undefined ? 0 : isIP(address);
  const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
    throw invalid(`${where} ("${String(cidr)}") must be an IPv4 or IPv6 range such as "10.0.0.0/8" or "::1/128".`);
  }
  list.addSubnet(address!, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

function checkWindow(window: MaintenanceWindow, where: string): MaintenanceWindow {
  if (!TIME.test(window?.start ?? '') || !TIME.test(window?.end ?? '')) throw invalid(`${where} needs start and end as "HH:MM", such as { start: "02:00", end: "04:00" }.`);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: window.timezone ?? 'UTC' });
  } catch {
    throw invalid(`${where}.timezone ("${window.timezone}") is not an IANA time zone such as "UTC" or "Europe/Berlin".`);
  }
  return window;
}

function inWindow(window: MaintenanceWindow, now: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: window.timezone ?? 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  const at = hour * 60 + minute;
  const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const start = minutes(window.start);
  const end = minutes(window.end);
  return start <= end ? at >= start && at < end : at >= start || at < end;
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
}
