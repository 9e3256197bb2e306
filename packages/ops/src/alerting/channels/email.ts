import nodemailer from 'nodemailer';
import { DeliveryFailure, deliverWithRetries } from '../deliver';
import type { AlertChannel, AlertSeverity, DeliveryOptions } from '../types';

/** Options of {@link emailChannel}. */
export interface EmailChannelOptions extends DeliveryOptions {
  /** Who receives the alerts (the guide's `recipients`). */
  recipients: string[];
  /** The SMTP server: a URL (`smtps://user:pass@mail.example.com`) or nodemailer's SMTP options. Secrets never printed. */
  smtp: string | { host: string; port?: number; secure?: boolean; auth?: { user: string; pass: string }; requireTLS?: boolean; tls?: { rejectUnauthorized?: boolean } };
  /** The sender (default `agentmap-storage@localhost`). */
  from?: string;
  name?: string;
  /** Default `warning`. */
  minSeverity?: AlertSeverity;
}

/** SMTP reply codes worth another attempt: 4xx are transient by definition (RFC 5321). */
function smtpFailure(error: unknown): DeliveryFailure {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') return new DeliveryFailure(responseCode >= 400 && responseCode < 500, `the mail server answered ${responseCode}`, undefined, responseCode === 535 ? 401 : undefined);
  if (code === 'EAUTH') return new DeliveryFailure(false, 'the mail server refused the credentials', undefined, 401);
  if (code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET' || code === 'EDNS') return new DeliveryFailure(true, 'the mail server could not be reached');
  return new DeliveryFailure(false, 'the mail could not be sent');
}

/** Sends each alert as a plain-text email over SMTP with nodemailer. */
export function emailChannel(options: EmailChannelOptions): AlertChannel {
  const name = options.name ?? 'email';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
  const transport = nodemailer.createTransport((typeof options.smtp === 'string' ? { url: options.smtp, ...timeouts } : { ...timeouts, ...options.smtp }) as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    type: 'email',
    name,
    minSeverity: options.minSeverity ?? 'warning',
    send: (alert, signal) =>
      deliverWithRetries(name, options, signal, async () => {
        const lines = [
          alert.summary,
          '',
          `severity: ${alert.severity}`,
          `rule: ${alert.rule}`,
          ...(alert.resource ? [`resource: ${alert.resource}`] : []),
          ...Object.entries(alert.details ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
          `at: ${new Date(alert.at).toISOString()}`,
        ];
        try {
          await transport.sendMail({ from: options.from ?? 'agentmap-storage@localhost', to: options.recipients, subject: `[${alert.severity.toUpperCase()}] ${alert.summary}`.slice(0, 200), text: lines.join('\n') });
        } catch (error) {
          throw smtpFailure(error);
        }
      }),
  };
}
