import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore, createStorageRouter, defineBackend, type StorageRouter } from '@agentmap/storage-core';
import { createAgentServices, runGraph, type AgentServices } from '../src';

/** Cloud schemes served from local directories, as a user maps them for development. */
export function localCloud(root: string) {
  return ['azure', 's3', 'gs'].map((scheme) =>
    defineBackend({ scheme, noun: 'container', create: (namespace) => createLocalStore({ baseDir: join(root, scheme, namespace) }) }),
  );
}

export interface Workspace {
  dir: string;
  router: StorageRouter;
  services: AgentServices;
  close(): Promise<void>;
}

/**
 * A temporary directory with json/csv/file sections on the local backend, azure:// s3:// gs://
 * onto subdirectories, and `broken://`: a local store whose base directory is a regular file,
 * so every operation fails for real (no mock).
 */
export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'agentmap-agents-'));
  const local = { default_provider: 'local', providers: { local: { base_dir: dir } } };
  writeFileSync(join(dir, 'not-a-directory'), 'x');
  const broken = defineBackend({ scheme: 'broken', noun: 'container', create: () => createLocalStore({ baseDir: join(dir, 'not-a-directory') }) });
  const router = createStorageRouter({ config: { json: local, csv: local, file: local }, backends: [...localCloud(dir), broken] });
  return {
    dir,
    router,
    services: createAgentServices({ router }),
    async close() {
      await router.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A graph CSV from rows of the guide's columns. */
export function graphCsv(rows: string[]): string {
  return ['graph_name,node_name,next_node,context,agent_type,next_on_success,next_on_failure,input_fields,output_field,prompt', ...rows].join('\n');
}

/** One step of `agentType` with edges to Done (success) and Failed (failure), run on `ws`. */
export async function runStep(
  ws: Workspace,
  step: { agent: string; context?: string; inputs?: string; output?: string; prompt?: string },
  state: Record<string, unknown> = {},
) {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const csv = graphCsv([
    `T,Step,,${quote(step.context ?? '')},${step.agent},Done,Failed,${quote(step.inputs ?? '')},${step.output ?? 'result'},${quote(step.prompt ?? '')}`,
    'T,Done,,,Echo,,,,done,ok',
    'T,Failed,,,Echo,,,error,failure,{error}',
  ]);
  const result = await runGraph({ csv, services: ws.services, state });
  return { ...result, output: result.state[step.output ?? 'result'], error: result.state.error as { code: string; message: string; node: string } | undefined };
}
