import { StorageError } from '@agentmap/storage-core';
import { z } from 'zod';
import { errorRateRule, latencyRule, capacityRule, healthRule, type AlertRule } from './rules';
import { emailChannel } from './channels/email';
import { pagerDutyChannel } from './channels/pagerduty';
import { slackChannel } from './channels/slack';
import { webhookChannel } from './channels/webhook';
import type { AlertChannel } from './types';

const severity = z.enum(['info', 'warning', 'critical'], { error: 'expected info, warning or critical' });
const text = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });
const count = z.coerce.number({ error: 'expected a number' }).nonnegative({ error: 'expected 0 or more' });

const channelSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('email'),
      recipients: z.array(text('an email address')).min(1, { error: 'expected at least one recipient' }),
      severity_threshold: severity.optional(),
      smtp_url: text('an SMTP URL such as smtps://user:pass@mail.example.com').optional(),
      from: text('a sender address').optional(),
    }),
    z.object({ type: z.literal('slack'), webhook_url: text('a Slack incoming-webhook URL'), severity_threshold: severity.optional() }),
    z.object({ type: z.literal('pagerduty'), service_key: text('a PagerDuty routing key').optional(), routing_key: text('a PagerDuty routing key').optional(), url: text('a URL').optional(), severity_threshold: severity.optional() }),
    z.object({ type: z.literal('webhook'), url: text('a URL'), headers: z.record(z.string(), z.string()).optional(), severity_threshold: severity.optional() }),
  ],
  { error: 'expected a channel with type email, slack, pagerduty or webhook' },
);

/** The guide's `monitoring.alerting` block. */
export const alertingConfigSchema = z.object({
  enabled: z.boolean({ error: 'expected true or false' }).optional(),
  cooldown: count.optional(),
  channels: z.array(channelSchema).optional(),
});
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;

/** The guide's `monitoring.health_checks` entries, as far as alert rules read them. */
const healthCheckSchema = z.object({
  name: text('a check name'),
  enabled: z.boolean().optional(),
  warning_threshold: count.optional(),
  critical_threshold: count.optional(),
  window: count.optional(),
});

function invalid(path: string, message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `monitoring.alerting.${path} ${message}.`, { provider: 'alerting' });
}

/**
 * Builds the alert channels of the guide's `monitoring.alerting` block (after `env:`
 * references were resolved by the config loader). An email channel needs an SMTP server:
 * `smtp_url` in the channel, or the `AGENTMAP_SMTP_URL` environment variable. Returns no
 * channel when `enabled: false`. Every problem names its path.
 */
export function alertChannelsFromConfig(block: unknown, env: Record<string, string | undefined> = process.env): AlertChannel[] {
  const parsed = alertingConfigSchema.safeParse(block ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.') || '(block)', issue.message);
  }
  if (parsed.data.enabled === false) return [];
  return (parsed.data.channels ?? []).map((channel, i) => {
    const minSeverity = channel.severity_threshold;
    const common = minSeverity === undefined ? {} : { minSeverity };
    switch (channel.type) {
      case 'email': {
        const smtp = channel.smtp_url ?? env['AGENTMAP_SMTP_URL'];
        if (!smtp) throw invalid(`channels[${i}].smtp_url`, 'is missing: an email channel needs an SMTP server; set smtp_url (env:VAR works) or the AGENTMAP_SMTP_URL environment variable');
        return emailChannel({ recipients: channel.recipients, smtp, ...(channel.from ? { from: channel.from } : {}), ...common });
      }
      case 'slack':
        return slackChannel({ webhookUrl: channel.webhook_url, ...common });
      case 'pagerduty': {
        const routingKey = channel.routing_key ?? channel.service_key;
        if (!routingKey) throw invalid(`channels[${i}].service_key`, 'is missing: a pagerduty channel needs its routing key (service_key or routing_key)');
        return pagerDutyChannel({ routingKey, ...(channel.url ? { url: channel.url } : {}), ...common });
      }
      case 'webhook':
        return webhookChannel({ url: channel.url, ...(channel.headers ? { headers: channel.headers } : {}), ...common });
    }
  });
}

/**
 * The alert rules the guide's `monitoring.health_checks` imply: `error_rate` (percent over
 * `window` seconds), `operation_latency` (p90 in ms), `storage_capacity` (percent) and, for
 * `provider_connectivity`, a rule on health results.
 */
export function alertRulesFromConfig(healthChecks: unknown): AlertRule[] {
  const parsed = z.array(healthCheckSchema).safeParse(healthChecks ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StorageError('INVALID_ARGUMENT', `monitoring.health_checks.${issue.path.join('.')} ${issue.message}.`, { provider: 'alerting' });
  }
  const rules: AlertRule[] = [];
  for (const check of parsed.data) {
    if (check.enabled === false) continue;
    const thresholds = { ...(check.warning_threshold === undefined ? {} : { warning: check.warning_threshold }), ...(check.critical_threshold === undefined ? {} : { critical: check.critical_threshold }) };
    if (check.name === 'error_rate') rules.push(errorRateRule({ ...thresholds, ...(check.window === undefined ? {} : { windowMs: check.window * 1000 }) }));
    else if (check.name === 'operation_latency') rules.push(latencyRule(thresholds));
    else if (check.name === 'storage_capacity') rules.push(capacityRule(thresholds));
    else if (check.name === 'provider_connectivity') rules.push(healthRule());
  }
  return rules;
}
