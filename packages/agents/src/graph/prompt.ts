/**
 * Fills `{field}` in a prompt from `values`; unknown fields stay as written. `\n` written in a
 * CSV cell becomes a line break, as graphs spell them. A failed step's error shows as its message.
 */
export function formatPrompt(template: string, values: Record<string, unknown>): string {
  return template.replace(/\\n/g, '\n').replace(/\{([A-Za-z_][\w.-]*)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? show(values[name]) : whole));
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string' && typeof (value as { code?: unknown }).code === 'string') {
    const e = value as { code: string; message: string; node?: string };
    return `${e.message} [${e.code}${e.node ? ` at ${e.node}` : ''}]`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '[unprintable value]';
  }
}
