import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll } from 'vitest';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

// The JSON, CSV and File services over Azure Blob, each suite with its own container.
let azurite: RunningAzurite | undefined;
let starting: Promise<RunningAzurite> | undefined;
const store = (label: string) => async () => azuriteStore((azurite = await (starting ??= azuriteForTests())), { container: containerName(label) });
afterAll(() => azurite?.stop());

describeJsonStorageSuite('azure on Azurite', store('json'));
describeCsvStorageSuite('azure on Azurite', store('csv'));
describeFileStorageSuite('azure on Azurite', store('file'));
