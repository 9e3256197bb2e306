import type { AuditEvent } from './event';

/** CEF escapes `\` and `|` in header fields, and `\`, `=` and line breaks in extension values. */
const header = (value: string) => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
const extension = (value: string) => value.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r?\n|\r/g, '\\n');

const SEVERITY: Record<AuditEvent['result'], number> = { success: 3, failure: 6, denied: 8 };

/**
 * One event in ArcSight's Common Event Format, for SIEMs that ingest CEF:
 * `CEF:0|AgentMap|Storage|1|<eventType>:<action>|<name>|<severity>|<extensions>`.
 * Extensions use CEF's standard keys (`rt`, `suser`, `src`, `request`, `act`, `outcome`).
 */
export function toCef(event: AuditEvent, product = { vendor: 'AgentMap', product: 'Storage', version: '1' }): string {
  const fields: [string, string | number | undefined][] = [
    ['rt', Date.parse(event.timestamp)],
    ['suser', event.principal],
    ['src', event.sourceIp],
    ['requestClientApplication', event.userAgent],
    ['request', event.resource],
    ['act', event.action],
    ['outcome', event.result],
    ['cs1Label', event.provider === undefined ? undefined : 'provider'],
    ['cs1', event.provider],
    ['cs2Label', event.documentId === undefined ? undefined : 'documentId'],
    ['cs2', event.documentId],
    ['cs3Label', event.errorCode === undefined ? undefined : 'errorCode'],
    ['cs3', event.errorCode],
    ['fsize', event.size],
    ['cn1Label', event.durationMs === undefined ? undefined : 'durationMs'],
    ['cn1', event.durationMs],
  ];
  const ext = fields
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined && !(typeof pair[1] === 'number' && Number.isNaN(pair[1])))
    .map(([k, v]) => `${k}=${extension(String(v))}`)
    .join(' ');
  const signature = `${event.eventType}:${event.action}`;
  const name = `${event.action} ${event.result}`;
  return `CEF:0|${header(product.vendor)}|${header(product.product)}|${header(product.version)}|${header(signature)}|${header(name)}|${SEVERITY[event.result] ?? 5}|${ext}`;
}
