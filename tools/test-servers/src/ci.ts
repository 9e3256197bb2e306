/** True when running under CI (`CI=true`): servers that cannot start must fail the run there. */
export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Describes why a suite against a real cloud service did not run, for a skipped describe's
 * title, e.g. `real S3: not run (set AGENTMAP_TEST_S3_BUCKET and AWS credentials)`.
 */
export function notRunTitle(service: string, variables: string[]): string {
  return `${service}: not run (set ${variables.join(', ')})`;
}
