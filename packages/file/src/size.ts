import { tryParseSize } from '@agentmap/storage-core';
import { fileError } from './errors';

/**
 * Parses a size given as bytes (`52428800`) or text (`"50MB"`, `"1.5 GiB"`, `"512kb"`).
 * Units are binary: `KB` = `KiB` = 1024 bytes, as configuration files usually mean them.
 */
export function parseByteSize(value: number | string, name = 'maxFileSize'): number {
  const bytes = tryParseSize(value);
  if (bytes === undefined) throw badSize(name, value);
  return bytes;
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
