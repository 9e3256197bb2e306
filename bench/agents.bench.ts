// The graph runner against calling the services directly, in one run: what a step costs on
// top of the storage call it makes. (a) parsing a graph CSV vs raw csv-parse of the same text;
// (b) a write-then-read graph (json_writer, json_reader, Echo) vs json.write + json.read on the
// same memory store; (c) the guide's VectorFlow core (vector_embedder, vector_searcher) vs
// embedder.embed + index.query over the same 2,000 documents.
import { createMemoryStore, createStorageRouter } from '@agentmap/storage-core';
import { createAgentServices, parseGraphCsv, runGraph } from '@agentmap/storage-agents';
import { createJsonStorage } from '@agentmap/storage-json';
import { createHashingEmbedder, createLocalVectorStore, createVectorStorage } from '@agentmap/storage-vector';
import { parse } from 'csv-parse/sync';
import { alternate, printTable, type Row } from './lib/measure';

const header = 'graph_name,node_name,next_node,context,agent_type,next_on_success,next_on_failure,input_fields,output_field,prompt';
const pipeline = [
  header,
  `DataPipeline,ReadFromAzure,,"{'collection': 'azure://raw-data/input.json'}",cloud_json_reader,ValidateData,ErrorHandler,collection,raw_data,`,
  'DataPipeline,ValidateData,,Validate input data,DataValidator,TransformData,DataIssues,raw_data,validated_data,',
  'DataPipeline,TransformData,,Apply transformations,DataTransformer,StoreToAWS,ErrorHandler,validated_data,transformed_data,',
  `DataPipeline,StoreToAWS,,"{'collection': 's3://processed-data/output.json'}",cloud_json_writer,IndexVector,ErrorHandler,transformed_data,storage_result,`,
  `DataPipeline,IndexVector,,"{'collection': 'knowledge_base'}",vector_writer,NotifyComplete,ErrorHandler,transformed_data,vector_result,`,
  'DataPipeline,NotifyComplete,,Send completion notification,NotificationService,End,ErrorHandler,storage_result,notification,',
  'DataPipeline,End,,Pipeline completed,Echo,,,"notification",final_message,Data pipeline completed successfully',
  'DataPipeline,DataIssues,,Handle data validation issues,DataIssueHandler,End,,"validated_data",issue_report,Data validation failed',
  'DataPipeline,ErrorHandler,,Handle pipeline errors,ErrorService,End,,"error",error_report,Pipeline error: {error}',
].join('\n');

const rows: Row[] = [];

// (a) Parsing.
{
  const [ours, raw] = await alternate(
    async () => parseGraphCsv(pipeline),
    async () => parse(pipeline, { columns: true, skip_empty_lines: true }),
    { iterations: 500 },
  );
  rows.push({ case: 'parse DataPipeline CSV (9 rows)', ours, baseline: raw, unit: 'ms', note: 'baseline: csv-parse alone' });
}

// (b) Write then read one document.
{
  const router = createStorageRouter();
  const services = createAgentServices({ router });
  const json = createJsonStorage({ router });
  const csv = [
    header,
    `B,Save,,"{'collection': 'memory://bench/users.json', 'document_id': 'ada'}",json_writer,Load,,user,saved,`,
    `B,Load,,"{'collection': 'memory://bench/users.json', 'document_id': 'ada'}",json_reader,Done,,,loaded,`,
    'B,Done,,,Echo,,,loaded,out,',
  ].join('\n');
  const user = { name: 'Ada', age: 36, tags: ['a', 'b'] };
  const [ours, raw] = await alternate(
    () => runGraph({ csv, state: { user }, services }),
    async () => {
      await json.write('memory://bench/users2.json', user, 'ada');
      return json.read('memory://bench/users2.json', 'ada');
    },
    { iterations: 200 },
  );
  rows.push({ case: 'graph write+read vs service calls', ours, baseline: raw, unit: 'ms', note: 'memory store; includes parsing the CSV' });
  await router.close();
}

// (c) Embed a question and search 2,000 documents.
{
  const embedder = createHashingEmbedder({ dimensions: 256 });
  const index = createLocalVectorStore({ store: createMemoryStore() });
  const vectors = createVectorStorage({ index, embedder });
  await vectors.write('kb', Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, text: `Document ${i} about topic ${i % 37} and storage ${i % 11}` })));
  const services = createAgentServices({ router: createStorageRouter(), vectors });
  const csv = [
    header,
    `V,EmbedQuery,,"{'collection': 'kb'}",vector_embedder,SearchSimilar,,query,embedded_query,`,
    `V,SearchSimilar,,"{'collection': 'kb', 'limit': 5}",vector_searcher,,,embedded_query,similar_docs,`,
  ].join('\n');
  const query = 'topic 12 and storage 3';
  const [ours, raw] = await alternate(
    () => runGraph({ csv, state: { query }, services }),
    async () => {
      const [vector] = await embedder.embed([query]);
      return index.query('kb', { vector: vector!, limit: 5 });
    },
    { iterations: 20, rounds: 11 },
  );
  rows.push({ case: 'VectorFlow embed+search, 2,000 docs', ours, baseline: raw, unit: 'ms', note: 'baseline: embed + index.query' });
}

printTable('agents: graph runner vs direct calls (ratio = ours / baseline)', rows);
