// Batches: bounded-memory runs over any items, and the guide's batch_write without its data loss.
export { runBatches, type RunBatchesOptions, type BatchContext, type BatchItemResult } from './batch/run-batches';
export { runBatch, batchWrite, type RunBatchOptions, type BatchSummary, type BatchFailure, type BatchWriteOptions, type BatchWriteResult } from './batch/run-batch';
export { resolveBatchSettings, batchSettingsFromConfig, batchConfigSchema, BATCH_DEFAULTS, type BatchSettings, type ResolvedBatchSettings, type BatchConfig } from './batch/options';

// Migration between any two stores or prefixes.
export { migrate } from './migrate/migrate';
export type { MigrateOptions, MigrationEndpoint, MigrationItem, MigrationItemStatus, MigrationProgress, MigrationSummary } from './migrate/types';

// Health checks.
export { checkHealth, healthForDashboard, type HealthTarget, type HealthReport, type TargetHealth, type HealthCheckResult, type CheckHealthOptions, type CheckStatus, type OverallStatus } from './health/check-health';
export { healthSettingsFromConfig, monitoringConfigSchema, HEALTH_DEFAULTS, type HealthSettings, type HealthCheckName, type Thresholds } from './health/settings';

// Metrics, tracing, alerting and the dashboard (see observability.ts).
export * from './observability';
