import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { notRunTitle } from '@agentmap/test-servers';
import { describe, it } from 'vitest';
import { createS3Store } from '../src/index';

// The same suites as on s3rver, against a real bucket when one is configured. Credentials
// come from the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, optionally
// AWS_SESSION_TOKEN); AGENTMAP_TEST_S3_ENDPOINT points at another S3-compatible store.
const REQUIRED = ['AGENTMAP_TEST_S3_BUCKET', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'];
const missing = REQUIRED.filter((name) => !process.env[name]);

if (missing.length > 0) {
  describe.skip(notRunTitle('real S3', [...REQUIRED, '(optional) AGENTMAP_TEST_S3_ENDPOINT']), () => {
    it(`needs ${missing.join(', ')}`, () => {});
  });
} else {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const endpoint = process.env.AGENTMAP_TEST_S3_ENDPOINT;
  const store = () =>
    createS3Store({
      bucket: process.env.AGENTMAP_TEST_S3_BUCKET!,
      region: process.env.AWS_REGION!,
      ...(endpoint ? { endpoint } : {}),
      multipartThreshold: 8 * 1024 * 1024,
      partSize: 5 * 1024 * 1024,
    });
  describeObjectStore('s3 on a real bucket', store, { timeout: 120_000 });
  describeJsonStorageSuite('s3 on a real bucket', store);
  describeCsvStorageSuite('s3 on a real bucket', store);
  describeFileStorageSuite('s3 on a real bucket', store);
}
