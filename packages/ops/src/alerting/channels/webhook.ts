import { deliverWithRetries, postJson } from '../deliver';
import type { AlertChannel, AlertSeverity, DeliveryOptions } from '../types';

/** Options of {@link webhookChannel}. */
export interface WebhookChannelOptions extends DeliveryOptions {
  /** Where to POST (a secret: never printed). */
  url: string;
  /** Extra headers (an auth token, say); never printed. */
  headers?: Record<string, string>;
  name?: string;
  /** Default `warning`. */
  minSeverity?: AlertSeverity;
}

/** POSTs each alert as JSON (`{ key, severity, summary, rule, resource, details, at }`) to a URL. */
export function webhookChannel(options: WebhookChannelOptions): AlertChannel {
  const name = options.name ?? 'webhook';
  return {
    type: 'webhook',
    name,
    minSeverity: options.minSeverity ?? 'warning',
    send: (alert, signal) => deliverWithRetries(name, options, signal, (s) => postJson(options.url, { ...alert, at: new Date(alert.at).toISOString() }, s, options.headers)),
  };
}
