import { StorageError, isStorageError } from '@agentmap/storage-core';
import { type Alert, type AlertChannel, SEVERITY_ORDER } from './types';

/** What happened to one alert on one channel. */
export interface DeliveryReport {
  channel: string;
  outcome: 'sent' | 'failed' | 'below_threshold';
  /** The error code when it failed. */
  code?: string;
  message?: string;
}

/** What {@link AlertManager.notify} did with an alert. */
export interface NotifyResult {
  alert: Alert;
  /** `suppressed`: the same key was sent within the cooldown; nothing was delivered. */
  outcome: 'delivered' | 'suppressed' | 'failed' | 'partial' | 'no_channel';
  deliveries: DeliveryReport[];
}

/** Options of {@link createAlertManager}. */
export interface AlertManagerOptions {
  channels: AlertChannel[];
  /** The same alert key is sent at most once per cooldown (default 300,000 ms: 5 minutes). */
  cooldownMs?: number;
  /** Alerts kept for `recent()` (default 200). */
  keep?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Delivers alerts to channels with deduplication and cooldowns, and remembers the recent ones. */
export interface AlertManager {
  /**
   * Sends `alert` to every channel whose threshold it meets, all at once, unless the same key
   * was sent within the cooldown (then `suppressed`). Never throws for a channel's failure: the
   * result says per channel what happened. A key whose every delivery failed is not put in
   * cooldown, so the next evaluation tries again.
   */
  notify(alert: Omit<Alert, 'at'> & { at?: number }, signal?: AbortSignal): Promise<NotifyResult>;
  /** Sends a test alert to every channel regardless of thresholds and cooldowns (`agentmap-storage alert test`). */
  test(signal?: AbortSignal): Promise<NotifyResult>;
  /** The most recent alerts, newest first, with their outcomes. */
  recent(limit?: number): NotifyResult[];
  readonly channels: readonly AlertChannel[];
}

/**
 * The alert manager.
 *
 * ```ts
 * const alerts = createAlertManager({ channels: [slackChannel({ webhookUrl, minSeverity: 'critical' })] });
 * await alerts.notify({ key: 'error_rate:s3', severity: 'critical', rule: 'error_rate', summary: 's3: 12 % of calls failed' });
 * ```
 */
export function createAlertManager(options: AlertManagerOptions): AlertManager {
  if (!Array.isArray(options?.channels)) throw new StorageError('INVALID_ARGUMENT', 'createAlertManager needs { channels: [...] }: a list of alert channels (webhookChannel, slackChannel, pagerDutyChannel, emailChannel).', { provider: 'alerting' });
  const cooldownMs = options.cooldownMs ?? 300_000;
  const keep = options.keep ?? 200;
  const now = options.now ?? Date.now;
  const lastSent = new Map<string, number>();
  const inFlight = new Map<string, Promise<NotifyResult>>();
  const history: NotifyResult[] = [];

  const remember = (result: NotifyResult) => {
    history.unshift(result);
    if (history.length > keep) history.length = keep;
    return result;
  };

  const deliver = async (alert: Alert, channels: readonly AlertChannel[], force: boolean, signal?: AbortSignal): Promise<NotifyResult> => {
    const deliveries = await Promise.all(
      channels.map(async (channel): Promise<DeliveryReport> => {
        if (!force && SEVERITY_ORDER[alert.severity] < SEVERITY_ORDER[channel.minSeverity]) return { channel: channel.name, outcome: 'below_threshold' };
        try {
          await channel.send(alert, signal);
          return { channel: channel.name, outcome: 'sent' };
        } catch (error) {
          return { channel: channel.name, outcome: 'failed', code: isStorageError(error) ? error.code : 'INTERNAL', message: isStorageError(error) ? error.message : 'the channel failed unexpectedly' };
        }
      }),
    );
    const sent = deliveries.filter((d) => d.outcome === 'sent').length;
    const failed = deliveries.filter((d) => d.outcome === 'failed').length;
    const outcome = sent === 0 && failed === 0 ? 'no_channel' : failed === 0 ? 'delivered' : sent === 0 ? 'failed' : 'partial';
    return { alert, outcome, deliveries };
  };

  return {
    channels: options.channels,
    async notify(input, signal) {
      const alert: Alert = { ...input, at: input.at ?? now() };
      const previous = lastSent.get(alert.key);
      if (previous !== undefined && alert.at - previous < cooldownMs) return remember({ alert, outcome: 'suppressed', deliveries: [] });
      // Two evaluations racing on the same key share one delivery.
      const pending = inFlight.get(alert.key);
      if (pending) return { ...(await pending), outcome: 'suppressed', deliveries: [] };
      const run = deliver(alert, options.channels, false, signal);
      inFlight.set(alert.key, run);
      try {
        const result = await run;
        if (result.outcome !== 'failed') lastSent.set(alert.key, alert.at);
        return remember(result);
      } finally {
        inFlight.delete(alert.key);
      }
    },
    async test(signal) {
      const alert: Alert = { key: `test:${now()}`, severity: 'info', rule: 'test', summary: 'Test alert from agentmap-storage: this channel works.', at: now() };
      return remember(await deliver(alert, options.channels, true, signal));
    },
    recent: (limit = 50) => history.slice(0, limit),
  };
}
