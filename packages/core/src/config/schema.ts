import { z } from 'zod';
import type { ServiceConfig, StorageConfig } from './types';

// Values that came from `env:` are strings; numbers and flags accept their string forms.
const NUMERIC = /^\s*-?\d+(?:\.\d+)?\s*$/;
const fromNumericString = (value: unknown) => (typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value);
const fromFlagString = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
};

const text = (what = 'a non-empty string') => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}, got an empty string` });
const flag = z.preprocess(fromFlagString, z.boolean({ error: 'expected true or false' }));
const seconds = z.preprocess(fromNumericString, z.number({ error: 'expected a number of seconds' }).positive({ error: 'expected a positive number of seconds' }));
const wholeNumber = (what: string) => z.preprocess(fromNumericString, z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).min(0, { error: `expected ${what}` }));
const bytes = z.number({ error: 'expected a size: a byte count or a string such as "100MB"' }).int().min(0, { error: 'expected a size of 0 bytes or more' });
const url = text('a URL').refine((value) => URL.canParse(value), { error: 'expected an absolute URL such as "https://host:port"' });
const section = (what: string) => z.record(z.string(), z.unknown(), { error: `expected a mapping (${what})` });

/** A container, bucket or memory namespace: one path segment. Naming rules are the cloud packages' job. */
const containerName = text('a container or bucket name').refine((value) => !/[/\\\s\u0000-\u001f]/.test(value), {
  error: 'expected a container or bucket name without "/", "\\" or whitespace',
});
const nameMap = (what: string) =>
  z.record(z.string(), containerName, { error: `expected a mapping from collection names to ${what} names` });

const common = {
  timeout: seconds.optional(),
  retry_count: wholeNumber('a retry count: a whole number, 0 or more').optional(),
  connection_pool: section('connection pool settings').optional(),
};

/** Where aws and gcp keep collections: a default bucket and a map of collection names to buckets. */
const bucketFields = { default_bucket: containerName.optional(), buckets: nameMap('bucket').optional(), create_bucket: flag.optional() };

const localProvider = z.looseObject({ ...common, base_dir: text('a directory path').optional() });

const memoryProvider = z.looseObject({ ...common, default_container: containerName.optional(), containers: nameMap('namespace').optional() });

const azureProvider = z.looseObject({
  ...common,
  connection_string: text('a connection string').optional(),
  account_name: text('a storage account name').optional(),
  account_key: text('an account key').optional(),
  sas_token: text('a SAS token').optional(),
  use_managed_identity: flag.optional(),
  endpoint: url.optional(),
  default_container: containerName.optional(),
  containers: nameMap('container').optional(),
  create_container: flag.optional(),
});

const awsProvider = z.looseObject({
  ...common,
  region: text('an AWS region such as "us-west-2"').optional(),
  access_key: text('an access key id').optional(),
  secret_key: text('a secret access key').optional(),
  session_token: text('a session token').optional(),
  endpoint: url.optional(),
  force_path_style: flag.optional(),
  ...bucketFields,
});

const gcpProvider = z.looseObject({
  ...common,
  project_id: text('a project id').optional(),
  credentials_file: text('a path to a service-account JSON file').optional(),
  credentials: z.union([text(), section('service-account JSON')], { error: 'expected service-account JSON, as text or a mapping' }).optional(),
  use_default_credentials: flag.optional(),
  scopes: z.array(text('a scope URL'), { error: 'expected a list of scope URLs' }).optional(),
  api_endpoint: url.optional(),
  ...bucketFields,
});

const providers = z
  .object(
    {
      local: localProvider.optional(),
      memory: memoryProvider.optional(),
      azure: azureProvider.optional(),
      aws: awsProvider.optional(),
      gcp: gcpProvider.optional(),
    },
    { error: 'expected a mapping of provider names (local, azure, aws, gcp…) to their settings' },
  )
  // A plugin's section is handed to its factory as is.
  .catchall(section('the settings of a plugin provider'));

const serviceOptions = z.looseObject(
  {
    base_directory: text('a directory path').optional(),
    encoding: text('an encoding such as "utf-8"').optional(),
    max_file_size: bytes.optional(),
    allowed_extensions: z.array(text('a file extension such as ".txt"'), { error: 'expected a list of extensions such as [".txt", ".md"]' }).optional(),
    allow_binary: flag.optional(),
    validate_paths: flag.optional(),
  },
  { error: 'expected a mapping of service options' },
);

/** What a provider name in `default_provider` is probably meant to be. */
const PROVIDER_ALIASES: Record<string, string> = { s3: 'aws', gs: 'gcp', gcs: 'gcp', google: 'gcp', amazon: 'aws', blob: 'azure', filesystem: 'local', file: 'local' };
const BUILT_IN_PROVIDERS = new Set(['local', 'memory']);

const service = z
  .looseObject(
    {
      provider: text('a service name').optional(),
      default_provider: text('a provider name: local, azure, aws, gcp, memory or a plugin name').optional(),
      providers: providers.optional(),
      options: serviceOptions.optional(),
    },
    { error: 'expected a mapping with default_provider, providers and options' },
  )
  .superRefine((value, context) => {
    const name = value.default_provider;
    if (name === undefined || BUILT_IN_PROVIDERS.has(name) || value.providers?.[name] !== undefined) return;
    const alias = PROVIDER_ALIASES[name.toLowerCase()];
    context.addIssue({
      code: 'custom',
      path: ['default_provider'],
      message: alias
        ? `names provider "${name}", which the config calls "${alias}": write default_provider: ${alias}`
        : `names provider "${name}" but there is no providers.${name} section: add it, or use local, memory, azure, aws or gcp`,
    });
  });

/** Validates the `storage:` section (after `env:` references and sizes are resolved). */
export const storageConfigSchema: z.ZodType<StorageConfig> = z.looseObject(
  {
    json: service.optional(),
    csv: service.optional(),
    file: service.optional(),
    vector: section('vector settings').optional(),
    cache: section('cache settings').optional(),
  },
  { error: 'expected a mapping of storage sections (json, csv, file, vector, cache…)' },
);

/** Validates one service section, for callers that hold only that part. */
export const serviceConfigSchema: z.ZodType<ServiceConfig> = service;
