import { deliverWithRetries, postJson } from '../deliver';
import type { AlertChannel, AlertSeverity, DeliveryOptions } from '../types';

/** Options of {@link slackChannel}. */
export interface SlackChannelOptions extends DeliveryOptions {
  /** The incoming-webhook URL (`https://hooks.slack.com/services/…`; a secret: never printed). */
  webhookUrl: string;
  name?: string;
  /** Default `warning`. */
  minSeverity?: AlertSeverity;
}

const ICON = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

/** Posts each alert to a Slack incoming webhook: a `text` line (for notifications) and a section block with the figures. */
export function slackChannel(options: SlackChannelOptions): AlertChannel {
  const name = options.name ?? 'slack';
  return {
    type: 'slack',
    name,
    minSeverity: options.minSeverity ?? 'warning',
    send: (alert, signal) => {
      const text = `${ICON[alert.severity]} [${alert.severity.toUpperCase()}] ${alert.summary}`;
      const facts = Object.entries(alert.details ?? {}).map(([k, v]) => `*${k}*: ${typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : JSON.stringify(v)}`);
      const body = {
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: [`rule: ${alert.rule}`, ...(alert.resource ? [`resource: ${alert.resource}`] : []), ...facts, new Date(alert.at).toISOString()].join(' · ') }] },
        ],
      };
      return deliverWithRetries(name, options, signal, (s) => postJson(options.webhookUrl, body, s));
    },
  };
}
