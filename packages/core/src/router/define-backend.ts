import type { z } from 'zod';
import { StorageError } from '../errors/storage-error';
import type { ObjectStore } from '../spec/object-store';

/**
 * How one backend plugs into the router and the config: its URI scheme, the name of its
 * section under `providers`, the noun of its namespace, the schema of its section and the
 * factory. Core knows only the descriptors it is given; `local` and `memory` are built in.
 */
export interface BackendDescriptor<Section = Record<string, unknown>> {
  /** Marks a descriptor, so the router tells it from a bare factory. */
  readonly kind: 'object-store-backend';
  /** The URI scheme, lower case, without `://`: `s3` for `s3://bucket/key`. */
  readonly scheme: string;
  /** The section under `providers` in YAML (`aws` for S3, as the guide spells it). Default: the scheme. */
  readonly configKey: string;
  /** What its namespace is called (`bucket`, `container`, `directory`): config keys `default_<noun>`, `<noun>s`. */
  readonly noun: string;
  /** The `provider` its stores report on errors and metrics. Default: the scheme. */
  readonly provider: string;
  /** The npm package that ships it, for messages. */
  readonly packageName: string | undefined;
  /** Other spellings users write for the scheme or config key (`gcs` for `gs`), answered with a hint. */
  readonly aliases: readonly string[];
  /** True when URIs carry no namespace (`local://path` lives under the configured base directory). */
  readonly containerless: boolean;
  /** Validates the provider section; its issues are reported with their exact config path. */
  readonly configSchema: z.ZodType<Section> | undefined;
  /** Makes a store for one namespace from its section (validated by `configSchema`, `env:` resolved). */
  create(namespace: string, section: Section | undefined): ObjectStore;
}

/** What {@link defineBackend} takes; everything but `scheme`, `noun` and `create` has a default. */
export interface BackendDefinition<Section = Record<string, unknown>> {
  scheme: string;
  configKey?: string;
  noun: string;
  provider?: string;
  packageName?: string;
  aliases?: readonly string[];
  containerless?: boolean;
  configSchema?: z.ZodType<Section>;
  create(namespace: string, section: Section | undefined): ObjectStore;
}

const NAME = /^[a-z][a-z0-9+.-]*$/;

/**
 * Describes a backend for {@link createStorageRouter}. A plugin package exports one:
 *
 * ```ts
 * export const kvBackend = defineBackend({
 *   scheme: 'kv', configKey: 'kv', noun: 'namespace', packageName: 'agentmap-storage-kv',
 *   configSchema: z.looseObject({ ...commonProviderFields, url: configReaders.url() }),
 *   create: (namespace, section) => createKvStore({ namespace, url: section?.url }),
 * });
 * const router = createStorageRouter({ config, backends: [kvBackend] });
 * ```
 *
 * A malformed definition is `INVALID_ARGUMENT` naming the field.
 */
export function defineBackend<Section = Record<string, unknown>>(definition: BackendDefinition<Section>): BackendDescriptor<Section> {
  if (typeof definition !== 'object' || definition === null) throw invalid('defineBackend needs { scheme, noun, create }.');
  const scheme = checkName(definition.scheme, 'scheme', 'a scheme such as "kv" (letters, digits, "+", "-", "."; starting with a letter)');
  const configKey = definition.configKey === undefined ? scheme : checkName(definition.configKey, 'configKey', 'a config key such as "aws"');
  if (typeof definition.noun !== 'string' || !/^[a-z][a-z_]*$/.test(definition.noun)) {
    throw invalid(`defineBackend({ scheme: '${scheme}' }) needs noun: the name of its namespace in lower case, such as "bucket".`);
  }
  if (typeof definition.create !== 'function') throw invalid(`defineBackend({ scheme: '${scheme}' }) needs create(namespace, section) returning an ObjectStore.`);
  const schema = definition.configSchema;
  if (schema !== undefined && typeof (schema as { safeParse?: unknown }).safeParse !== 'function') {
    throw invalid(`defineBackend({ scheme: '${scheme}' }): configSchema must be a zod schema.`);
  }
  return Object.freeze({
    kind: 'object-store-backend' as const,
    scheme,
    configKey,
    noun: definition.noun,
    provider: definition.provider ?? scheme,
    packageName: definition.packageName,
    aliases: Object.freeze([...(definition.aliases ?? [])].map((alias) => alias.toLowerCase())),
    containerless: definition.containerless === true,
    configSchema: schema,
    create: (namespace: string, section: Section | undefined) => definition.create(namespace, section),
  });
}

/** True when `value` is a {@link BackendDescriptor}. */
export function isBackendDescriptor(value: unknown): value is BackendDescriptor<unknown> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'object-store-backend';
}

function checkName(value: unknown, field: string, expected: string): string {
  const name = typeof value === 'string' ? value.trim().replace(/:(\/\/)?$/, '').toLowerCase() : '';
  if (!NAME.test(name)) throw invalid(`defineBackend: ${field} must be ${expected}; got ${JSON.stringify(value)}.`);
  return name;
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: 'router' });
}
