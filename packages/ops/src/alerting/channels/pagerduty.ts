import { deliverWithRetries, postJson } from '../deliver';
import type { AlertChannel, AlertSeverity, DeliveryOptions } from '../types';

/** Options of {@link pagerDutyChannel}. */
export interface PagerDutyChannelOptions extends DeliveryOptions {
  /** The integration's routing key (the guide's `service_key`; a secret: never printed). */
  routingKey: string;
  /** Events API v2 endpoint (default `https://events.pagerduty.com/v2/enqueue`). */
  url?: string;
  /** `payload.source` (default `agentmap-storage`). */
  source?: string;
  name?: string;
  /** Default `critical`. */
  minSeverity?: AlertSeverity;
}

const PD_SEVERITY = { info: 'info', warning: 'warning', critical: 'critical' } as const;

/**
 * Triggers a PagerDuty incident per alert through the Events API v2, with the alert's key as
 * `dedup_key`, so a repeated condition updates one incident instead of opening new ones.
 */
export function pagerDutyChannel(options: PagerDutyChannelOptions): AlertChannel {
  const name = options.name ?? 'pagerduty';
  const url = options.url ?? 'https://events.pagerduty.com/v2/enqueue';
  return {
    type: 'pagerduty',
    name,
    minSeverity: options.minSeverity ?? 'critical',
    send: (alert, signal) =>
      deliverWithRetries(name, options, signal, (s) =>
        postJson(
          url,
          {
            routing_key: options.routingKey,
            event_action: 'trigger',
            dedup_key: alert.key,
            payload: {
              summary: alert.summary.slice(0, 1024),
              source: options.source ?? 'agentmap-storage',
              severity: PD_SEVERITY[alert.severity],
              timestamp: new Date(alert.at).toISOString(),
              component: alert.resource,
              class: alert.rule,
              custom_details: alert.details ?? {},
            },
          },
          s,
        ),
      ),
  };
}
