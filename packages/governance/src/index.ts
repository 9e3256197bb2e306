// Audit
export { createAuditLog, type AuditLog, type AuditLogOptions } from './audit/audit-log';
export { withAudit, type AuditOptions, type AuditedStore } from './audit/with-audit';
export { verifyAuditLog, type AuditVerification, type AuditProblem, type VerifyAuditLogOptions } from './audit/verify';
export type { AuditEvent, AuditLevel } from './audit/event';
export type { AuditSigning } from './audit/signer';

// Access control
export { runAs, currentPrincipal, type Principal } from './access/principal';
export { withAccessControl, type AccessControlOptions } from './access/with-access-control';
export type { AccessPolicy, MaintenanceWindow } from './access/policy';

// Encryption
export { withFieldEncryption, type FieldEncryptionOptions } from './encryption/with-field-encryption';
export { withEncryption, type ObjectEncryptionOptions } from './encryption/with-encryption';
export { createKeyring, type Keyring, type KeyringOptions, type KeyMaterial } from './encryption/keyring';
export { reencryptFields, reencryptObjects, type ReencryptionReport } from './encryption/reencrypt';
export { readAuditLog, type AuditRecord } from './audit/read';
export { toCef } from './audit/cef';
export { createSiemExporter, type SiemExporter, type SiemExporterOptions } from './audit/siem';
export { createAuditMonitor, bulkDeletionRule, accessDenialBurstRule, outsideHoursRule, type AuditMonitor, type AuditRule, type AuditAlert } from './audit/monitor';
export { applyAuditRetention, type AuditRetentionReport } from './audit/retention';
export { auditService, type AuditServiceOptions } from './audit/audit-service';

// Lifecycle
export { planLifecycle, planLifecycleItems, JOURNAL_PREFIX, type LifecyclePlan, type PlannedObject, type PlannedStep, type PlanLifecycleOptions } from './lifecycle/plan';
export { applyLifecyclePlan, type ApplyLifecycleOptions, type LifecycleReport, type LifecycleResult } from './lifecycle/apply';
export { parseLifecycleConfig, type LifecycleConfig, type LifecyclePolicy, type LifecycleConditions, type LifecycleAction, type AccessFrequency } from './lifecycle/policy';
export { DEFAULT_TIERS, type TierMap } from './lifecycle/tiers';
export type { AccessSource, AccessBuckets } from './lifecycle/access';
export type { StepOutcome, ArchiveTarget } from './lifecycle/actions';
export { compressBytes, decompressBytes } from './lifecycle/compress';

// Compliance
export { checkCompliance, type CheckComplianceOptions, type ComplianceFinding, type Severity } from './compliance/check';
export { parseCompliancePolicy, type CompliancePolicy, type EncryptedFieldsRule } from './compliance/policy';
export type { ComplianceReport } from './compliance/report';

// Cost
export { analyzeCosts, type AnalyzeCostsOptions, type CostAnalysis, type UsageLine, type TierRecommendation } from './cost/analyze';
export { DEFAULT_PRICING, DEFAULT_PRICING_DATE, type PricingTable } from './cost/pricing';
export { withBudget, parseBudgets, budgetStatus, type Budget, type BudgetAlert, type BudgetStatus, type BudgetLayerOptions } from './cost/budget';
