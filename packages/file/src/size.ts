import { fileError } from './errors';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * Parses a size given as bytes (`52428800`) or text (`"50MB"`, `"1.5 GiB"`, `"512kb"`).
 * Units are binary: `KB` = `KiB` = 1024 bytes, as configuration files usually mean them.
 */
export function parseByteSize(value: number | string, name = 'maxFileSize'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw badSize(name, value);
    return Math.floor(value);
  }
  if (typeof value !== 'string') throw badSize(name, value);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const factor = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
  if (!match || factor === undefined) throw badSize(name, value);
  return Math.floor(Number(match[1]) * factor);
}

/** Formats a byte count for messages: `50 MiB`, `1.5 KiB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function badSize(name: string, value: unknown): Error {
  return fileError('INVALID_ARGUMENT', `${name} must be a number of bytes or a size such as "50MB" or "1.5 GiB"; got ${JSON.stringify(value)}.`);
}
