import { StorageError } from '@agentmap/storage-core';
import type { AuditEvent } from './event';

/** An alert raised by a real-time rule. */
export interface AuditAlert {
  /** `bulk_deletion`, `access_denial_burst`, `outside_hours`, or a custom rule's name. */
  rule: string;
  severity: 'warning' | 'critical';
  principal: string;
  message: string;
  /** When the alert was raised (ISO 8601). */
  at: string;
}

/** A rule: looks at each event, with the principal's recent history, and may raise an alert. */
export interface AuditRule {
  name: string;
  check(event: AuditEvent, recent: (windowMs: number, match: (e: AuditEvent) => boolean) => number): Omit<AuditAlert, 'rule' | 'at' | 'principal'> | undefined;
  /** Alerts of this rule for one principal are raised at most once per this many ms. Default 60 000. */
  cooldownMs?: number;
}

/** Deletions by one principal: `count` or more within `windowMs`. */
export function bulkDeletionRule(options: { count?: number; windowMs?: number } = {}): AuditRule {
  const count = options.count ?? 100;
  const windowMs = options.windowMs ?? 60_000;
  return {
    name: 'bulk_deletion',
    cooldownMs: windowMs,
    check: (event, recent) => {
      if (event.action !== 'delete' || event.result !== 'success') return undefined;
      const n = recent(windowMs, (e) => e.action === 'delete' && e.result === 'success');
      return n >= count ? { severity: 'critical', message: `${n} deletions within ${windowMs / 1000} s` } : undefined;
    },
  };
}

/** A burst of access denials for one principal. */
export function accessDenialBurstRule(options: { count?: number; windowMs?: number } = {}): AuditRule {
  const count = options.count ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  return {
    name: 'access_denial_burst',
    cooldownMs: windowMs,
    check: (event, recent) => {
      if (event.result !== 'denied') return undefined;
      const n = recent(windowMs, (e) => e.result === 'denied');
      return n >= count ? { severity: 'critical', message: `${n} denied calls within ${windowMs / 1000} s` } : undefined;
    },
  };
}

/** Activity outside usual hours (`start`–`end` in a time zone, on any day). */
export function outsideHoursRule(options: { start: string; end: string; timezone?: string; actions?: readonly string[] }): AuditRule {
  const minutes = (text: string) => {
    const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
    if (!match) throw new StorageError('INVALID_ARGUMENT', `outsideHoursRule needs start and end as "HH:MM"; got "${text}".`, { provider: 'audit' });
    return Number(match[1]) * 60 + Number(match[2]);
  };
  const start = minutes(options.start);
  const end = minutes(options.end);
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: options.timezone ?? 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    name: 'outside_hours',
    check: (event) => {
      if (options.actions && !options.actions.includes(event.action)) return undefined;
      const parts = format.formatToParts(new Date(event.timestamp));
      const at = Number(parts.find((p) => p.type === 'hour')?.value) * 60 + Number(parts.find((p) => p.type === 'minute')?.value);
      const inside = start <= end ? at >= start && at < end : at >= start || at < end;
      return inside ? undefined : { severity: 'warning', message: `${event.action} of "${event.resource}" outside usual hours (${options.start}–${options.end} ${options.timezone ?? 'UTC'})` };
    },
  };
}

/** Watches audit events as they are recorded and raises alerts through `sink`. */
export interface AuditMonitor {
  /** Feeds one event; pass it as `withAudit`'s `onEvent`. */
  observe(event: AuditEvent): void;
}

/**
 * Runs real-time rules over audit events, per principal, keeping only the last hour of each
 * principal's events in memory; an alert of one rule for one principal is raised once per
 * cooldown. A sink that throws or rejects never affects the audited call.
 *
 * ```ts
 * const monitor = createAuditMonitor({ rules: [bulkDeletionRule({ count: 50 })], sink: (alert) => pager.send(alert) });
 * const audited = withAudit(store, { log, onEvent: monitor.observe });
 * ```
 */
export function createAuditMonitor(options: { rules: readonly AuditRule[]; sink: (alert: AuditAlert) => unknown; historyMs?: number }): AuditMonitor {
  const historyMs = options.historyMs ?? 3_600_000;
  const history = new Map<string, AuditEvent[]>();
  const lastAlert = new Map<string, number>();
  return {
    observe(event) {
      const now = Date.parse(event.timestamp);
      const events = (history.get(event.principal) ?? []).filter((e) => now - Date.parse(e.timestamp) <= historyMs);
      events.push(event);
      history.set(event.principal, events);
      const recent = (windowMs: number, match: (e: AuditEvent) => boolean) => events.filter((e) => now - Date.parse(e.timestamp) <= windowMs && match(e)).length;
      for (const rule of options.rules) {
        const found = rule.check(event, recent);
        if (!found) continue;
        const id = `${rule.name}\u0000${event.principal}`;
        const last = lastAlert.get(id);
        if (last !== undefined && now - last < (rule.cooldownMs ?? 60_000)) continue;
        lastAlert.set(id, now);
        try {
          void Promise.resolve(options.sink({ ...found, rule: rule.name, principal: event.principal, at: new Date(now).toISOString() })).catch(() => undefined);
        } catch {
          // A sink that throws must not fail the audited call.
        }
      }
    },
  };
}
