import { parse } from 'csv-parse/sync';
import { parseContext } from '../context/parse-context';
import { invalid } from '../errors';
import type { GraphNode } from '../types';

/** Column names as the guide spells them, and the spellings of the Python original's older CSVs. */
const COLUMNS: Record<string, keyof RawRow> = {
  graphname: 'graph',
  graph: 'graph',
  nodename: 'node',
  node: 'node',
  nextnode: 'next',
  edge: 'next',
  context: 'context',
  agenttype: 'agentType',
  nextonsuccess: 'onSuccess',
  successnext: 'onSuccess',
  nextonfailure: 'onFailure',
  failurenext: 'onFailure',
  inputfields: 'inputFields',
  outputfield: 'outputField',
  prompt: 'prompt',
};

interface RawRow {
  graph?: string;
  node?: string;
  next?: string;
  context?: string;
  agentType?: string;
  onSuccess?: string;
  onFailure?: string;
  inputFields?: string;
  outputField?: string;
  prompt?: string;
}

/** A graph's nodes by name, in CSV order (the first is where a run starts). */
export type Graph = Map<string, GraphNode>;

/** Upper bounds that keep a hostile CSV from costing more than a bad message. */
const MAX_CSV_CHARS = 5_000_000;

/**
 * Reads a graph CSV in the guide's format into graphs by name. Headers are matched without
 * regard to case, spaces or underscores; lines starting with `#` and blank lines are skipped.
 * A row without a graph or node name, a node named twice, or a context that is neither JSON
 * nor a Python literal is `INVALID_ARGUMENT` naming the line.
 */
export function parseGraphCsv(csv: string): Map<string, Graph> {
  if (typeof csv !== 'string') throw invalid(`runGraph needs csv: the graph CSV as text; got ${csv === null ? 'null' : typeof csv}.`);
  if (csv.length > MAX_CSV_CHARS) throw invalid(`The graph CSV has ${csv.length} characters; graphs over ${MAX_CSV_CHARS} are refused.`);
  let records: string[][];
  try {
    records = parse(csv, { comment: '#', comment_no_infix: true, skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (error) {
    throw invalid(`The graph CSV cannot be read: ${(error as Error).message}. Quote fields that hold commas, e.g. "{'collection': 'users', 'limit': 5}".`);
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('The graph CSV is empty; its first line must name the columns: graph_name,node_name,next_node,context,agent_type,next_on_success,next_on_failure,input_fields,output_field,prompt.');
  const fields = header.map((name) => COLUMNS[name.toLowerCase().replace(/[^a-z]/g, '')]);
  for (const need of ['graph', 'node', 'agentType'] as const) {
    if (!fields.includes(need)) {
      throw invalid(`The graph CSV has no ${need === 'agentType' ? 'agent_type' : `${need}_name`} column; its header is ${JSON.stringify(header.join(','))}.`);
    }
  }
  const graphs = new Map<string, Graph>();
  rows.forEach((cells, index) => {
    const raw: RawRow = {};
    cells.forEach((cell, i) => {
      const field = fields[i];
      if (field && cell !== '') raw[field] = cell;
    });
    const line = index + 2;
    if (!raw.graph || !raw.node) throw invalid(`Graph CSV row ${line}: every row needs a graph_name and a node_name.`);
    let graph = graphs.get(raw.graph);
    if (!graph) graphs.set(raw.graph, (graph = new Map()));
    if (graph.has(raw.node)) throw invalid(`Graph "${raw.graph}" names node "${raw.node}" twice (row ${line}); node names are unique within a graph.`);
    graph.set(raw.node, {
      graph: raw.graph,
      name: raw.node,
      next: raw.next,
      onSuccess: raw.onSuccess,
      onFailure: raw.onFailure,
      context: parseContext(raw.context, { graph: raw.graph, node: raw.node }),
      agentType: raw.agentType ?? 'Echo',
      inputFields: splitFields(raw.inputFields),
      outputField: raw.outputField,
      prompt: raw.prompt,
      line,
    });
  });
  for (const graph of graphs.values()) checkEdges(graph);
  return graphs;
}

/** `a,b`, `a;b` and `a|b` all list fields, as graphs written for the original do. */
export function splitFields(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;|]/)
    .map((field) => field.trim())
    .filter((field) => field !== '');
}

function checkEdges(graph: Graph): void {
  for (const node of graph.values()) {
    for (const [column, target] of [['next_node', node.next], ['next_on_success', node.onSuccess], ['next_on_failure', node.onFailure]] as const) {
      if (target !== undefined && !graph.has(target)) {
        throw invalid(`Graph "${node.graph}", node "${node.name}": ${column} is "${target}", which is not a node of the graph. Add a row for it or fix the name.`);
      }
    }
  }
}
