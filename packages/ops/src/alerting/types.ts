/** How bad an alert is, in increasing order. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

export const SEVERITY_ORDER: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

/** One alert, as channels receive it. Holds no secret: rules build it from names and figures. */
export interface Alert {
  /** Identifies the condition (`error_rate:s3`): the same key within the cooldown is sent once. */
  key: string;
  severity: AlertSeverity;
  /** One line: what is wrong. */
  summary: string;
  /** The rule that fired (`error_rate`, `latency`, `health`, `audit`…). */
  rule: string;
  /** The store, provider or principal concerned. */
  resource?: string;
  /** Figures behind it (`{ errorRate: 0.12, threshold: 0.1 }`). */
  details?: Record<string, unknown>;
  /** When it fired (ms since the epoch). */
  at: number;
}

/** Where alerts go. Every built-in channel retries network failures, 408, 429 and 5xx with backoff. */
export interface AlertChannel {
  /** `webhook`, `slack`, `pagerduty`, `email`, or yours. */
  readonly type: string;
  /** A name for reports; never the URL or key (they are secrets). */
  readonly name: string;
  /** Alerts below this severity are not sent here (the guide's `severity_threshold`). */
  readonly minSeverity: AlertSeverity;
  /** Delivers one alert; rejects with a `StorageError` when it could not, after its retries. */
  send(alert: Alert, signal?: AbortSignal): Promise<void>;
}

/** Retries of a channel's delivery. */
export interface DeliveryOptions {
  /** Further attempts after the first (default 3). */
  retries?: number;
  /** First backoff in ms (default 250), doubled per attempt with jitter. */
  baseDelayMs?: number;
  /** Longest pause, a server's `Retry-After` included (default 30,000). */
  maxDelayMs?: number;
  /** Per-attempt timeout in ms (default 10,000). */
  timeoutMs?: number;
}
