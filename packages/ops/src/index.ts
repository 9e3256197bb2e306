// Metrics, tracing, alerting and the dashboard (see observability.ts).
export * from './observability';
