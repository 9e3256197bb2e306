/** A config shaped like a production `storage:` section, with secrets behind env references. */
export const PRODUCTION_YAML = `
storage:
  csv:
    provider: csv
    options:
      base_directory: "/var/app/data/csv"
      encoding: "utf-8"
      max_file_size: "100MB"
  json:
    provider: json
    default_provider: "azure"
    providers:
      local:
        base_dir: "/var/app/data/json"
      azure:
        connection_string: "env:AZURE_STORAGE_CONNECTION_STRING"
        default_container: "agentmap-prod"
        containers:
          users: "users-prod"
          analytics: "analytics-prod"
        timeout: 30
        retry_count: 3
      aws:
        region: "env:AWS_REGION:us-west-2"
        access_key: "env:AWS_ACCESS_KEY_ID"
        secret_key: "env:AWS_SECRET_ACCESS_KEY"
        default_bucket: "agentmap-prod"
        buckets:
          backups: "agentmap-backups"
      gcp:
        project_id: "env:GCP_PROJECT_ID"
        credentials_file: "/var/app/config/gcp.json"
        default_bucket: "agentmap-prod"
  file:
    provider: file
    options:
      base_directory: "/var/app/data/files"
      allow_binary: false
      max_file_size: "50MB"
      allowed_extensions: [".txt", ".md", ".pdf"]
  vector:
    provider: pinecone
    options:
      api_key: "env:PINECONE_API_KEY"
      index_name: "agentmap-knowledge"
      dimension: 1536
  cache:
    validation:
      enabled: true
      redis:
        host: "redis.internal"
        port: 6379
        password: "env:REDIS_PASSWORD"
  batch_processing:
    providers:
      aws:
        multipart_threshold: "64MB"
`;

/** Secret values used by the tests; none may ever appear in an error or in printed config. */
export const SECRETS = {
  AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LWF6dXJlLWtleQ==;',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLESECRETID',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-secret-access-key',
  PINECONE_API_KEY: 'pc-secret-api-key-123',
  REDIS_PASSWORD: 'redis-secret-password',
};

export const ENV = { ...SECRETS, GCP_PROJECT_ID: 'agentmap-project' };

/** Fails when any secret value occurs in `text`. */
export function secretsIn(text: string): string[] {
  return Object.values(SECRETS).filter((secret) => text.includes(secret));
}
