// Metrics, tracing, alerting and the dashboard.
export { createPrometheusExporter, type PrometheusExporter, type PrometheusExporterOptions } from './telemetry/prometheus';
export { withTracing, createOpenTelemetryMetrics, fanOutEvents, type TracingOptions, type OpenTelemetryMetricsOptions } from './telemetry/opentelemetry';
export { createMetricsHistory, type MetricsHistory, type MetricsHistoryOptions, type MetricsPoint, type MetricsWindow } from './telemetry/history';
export type { CacheLike, QueueLike } from './telemetry/sources';
export type { Alert, AlertChannel, AlertSeverity, DeliveryOptions } from './alerting/types';
export { createAlertManager, type AlertManager, type AlertManagerOptions, type NotifyResult, type DeliveryReport } from './alerting/alert-manager';
export { errorRateRule, latencyRule, healthRule, capacityRule, auditRule, evaluateRules, type AlertRule, type AlertContext } from './alerting/rules';
export { webhookChannel, type WebhookChannelOptions } from './alerting/channels/webhook';
export { slackChannel, type SlackChannelOptions } from './alerting/channels/slack';
export { pagerDutyChannel, type PagerDutyChannelOptions } from './alerting/channels/pagerduty';
export { emailChannel, type EmailChannelOptions } from './alerting/channels/email';
export { alertChannelsFromConfig, alertRulesFromConfig, alertingConfigSchema, type AlertingConfig } from './alerting/config';
export { createDashboard, type Dashboard, type DashboardOptions, type DashboardHealth, type DashboardDenial, type DashboardSnapshot, type RunningDashboard } from './dashboard/server';
