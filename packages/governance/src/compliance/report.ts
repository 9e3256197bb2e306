import type { ComplianceFinding, Severity } from './check';

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low'];

/** The result of checkCompliance: findings worst first, and the same as JSON or Markdown. */
export interface ComplianceReport {
  generatedAt: string;
  compliant: boolean;
  objectsScanned: number;
  counts: Record<Severity, number>;
  findings: ComplianceFinding[];
  toJSON(): object;
  toMarkdown(): string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function makeReport(findings: ComplianceFinding[], objectsScanned: number, at: Date): ComplianceReport {
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || a.resource.localeCompare(b.resource));
  const counts = Object.fromEntries(ORDER.map((s) => [s, sorted.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const data = { generatedAt: at.toISOString(), compliant: sorted.length === 0, objectsScanned, counts, findings: sorted };
  return {
    ...data,
    toJSON: () => data,
    toMarkdown: () =>
      [
        '# Compliance report',
        '',
        `Generated ${data.generatedAt}; ${objectsScanned} objects scanned. ${data.compliant ? 'No findings.' : `${sorted.length} findings: ${ORDER.map((s) => `${counts[s]} ${s}`).join(', ')}.`}`,
        ...(sorted.length === 0 ? [] : ['', '| severity | rule | resource | finding |', '|---|---|---|---|', ...sorted.map((f) => `| ${f.severity} | ${f.rule} | \`${cell(f.resource)}\` | ${cell(f.message)} |`)]),
        '',
      ].join('\n'),
  };
}
