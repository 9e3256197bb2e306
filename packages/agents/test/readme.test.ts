// The README's example, run as written.
import { createStorageRouter } from '@agentmap/storage-core';
import { expect, it } from 'vitest';
import { runGraph, storageAgentCatalog } from '../src';

it('runs the README example', async () => {
  const csv = `graph_name,node_name,next_node,context,agent_type,next_on_success,next_on_failure,input_fields,output_field,prompt
Profile,Save,,"{'collection': 'memory://app/users.json', 'document_id': 'ada'}",json_writer,Load,Failed,user,saved,
Profile,Load,,"{'collection': 'memory://app/users.json', 'document_id': 'ada', 'path': 'name'}",json_reader,Greet,Failed,,name,
Profile,Greet,,,Greeter,Done,Failed,name,greeting,
Profile,Done,,,Echo,,,greeting,message,{greeting} (saved)
Profile,Failed,,,Echo,,,error,message,Failed: {error}`;

  const { state, path } = await runGraph({
    csv,
    state: { user: { name: 'Ada', role: 'admin' } },
    agents: { Greeter: ({ name }) => `Hello, ${String(name)}` },
    router: createStorageRouter(),
    onStep: (e) => void e,
  });
  expect(path).toEqual(['Save', 'Load', 'Greet', 'Done']);
  expect(state.message).toBe('Hello, Ada (saved)');
  expect(storageAgentCatalog.json_writer!.jsonSchema).toMatchObject({ properties: { mode: { enum: ['write', 'update', 'append'] } } });
});
