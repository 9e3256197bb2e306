import { StorageError } from '@agentmap/storage-core';
import { alertChannelsFromConfig, createAlertManager } from '@agentmap/storage-ops';
import type { Targets } from '../context';
import { EXIT_CODES } from '../exit-codes';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';

/** `alert test`: sends a test alert to every channel of `monitoring.alerting`, whatever its threshold. */
export async function alertTest(io: Io, targets: Targets, options: GlobalOptions, signal: AbortSignal): Promise<number> {
  const alerting = (targets.config?.monitoring as { alerting?: unknown } | undefined)?.alerting;
  const channels = alertChannelsFromConfig(alerting, io.env);
  if (channels.length === 0) {
    throw new StorageError('INVALID_ARGUMENT', 'No alert channel to test: add monitoring.alerting.channels to the config (and enabled: true).', { provider: 'cli' });
  }
  const result = await createAlertManager({ channels }).test(signal);
  if (options.json) writeJson(io, result.deliveries);
  else for (const d of result.deliveries) writeLine(io, `${d.channel}: ${d.outcome === 'sent' ? 'sent' : `FAILED ${d.code ?? ''} ${d.message ?? ''}`.trim()}`);
  return result.outcome === 'delivered' ? EXIT_CODES.OK : EXIT_CODES.PROBLEMS;
}
