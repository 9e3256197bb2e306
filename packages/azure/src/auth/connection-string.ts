/** The parts of an Azure Storage connection string this package uses. */
export interface ConnectionStringParts {
  accountName?: string;
  accountKey?: string;
  sasToken?: string;
  /** The blob service URL, without query. */
  blobEndpoint?: string;
}

/** Azurite's well-known development account, published by Microsoft; `UseDevelopmentStorage=true` means it. */
const DEVELOPMENT_ACCOUNT = {
  accountName: 'devstoreaccount1',
  accountKey: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  blobEndpoint: 'http://127.0.0.1:10000/devstoreaccount1',
};

/**
 * Parses `Key=Value;…` connection strings (account key, SAS, explicit `BlobEndpoint`,
 * `EndpointSuffix`, `UseDevelopmentStorage=true`). Returns a problem description instead of
 * throwing, so callers can word the error; no problem text ever contains a value.
 */
export function parseConnectionString(text: string): ConnectionStringParts | { problem: string } {
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) return { problem: 'it has a part without "Key=Value"' };
    fields.set(trimmed.slice(0, at).trim().toLowerCase(), trimmed.slice(at + 1).trim());
  }
  if (fields.get('usedevelopmentstorage')?.toLowerCase() === 'true') return { ...DEVELOPMENT_ACCOUNT };
  const accountName = fields.get('accountname') || undefined;
  const accountKey = fields.get('accountkey') || undefined;
  const sasToken = fields.get('sharedaccesssignature') || undefined;
  let blobEndpoint = fields.get('blobendpoint') || undefined;
  if (!accountKey && !sasToken) return { problem: 'it has neither AccountKey nor SharedAccessSignature' };
  if (accountKey && !accountName) return { problem: 'it has an AccountKey but no AccountName' };
  if (!blobEndpoint) {
    if (!accountName) return { problem: 'it has neither BlobEndpoint nor AccountName' };
    const protocol = (fields.get('defaultendpointsprotocol') || 'https').toLowerCase();
    const suffix = fields.get('endpointsuffix') || 'core.windows.net';
    blobEndpoint = `${protocol}://${accountName}.blob.${suffix}`;
  }
  if (!URL.canParse(blobEndpoint)) return { problem: 'its blob endpoint is not a URL' };
  return { accountName, accountKey, sasToken, blobEndpoint: blobEndpoint.replace(/\/+$/, '') };
}
