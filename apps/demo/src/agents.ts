// The graphs' own agents: the steps the guide leaves to the application (validation, business
// rules, notifications, the LLM). Each is a plain function of its inputs, as users write them.
import type { Agent } from '@agentmap/storage-agents';

interface User {
  name: string;
  email: string;
  plan: string;
  active: boolean;
}
interface Article {
  id: string;
  title?: string;
  body?: string;
  category?: string;
}
interface Match {
  id: string;
  score: number;
  text?: string;
}

const outbox: string[] = [];

export const demoAgents: Record<string, Agent> = {
  // CloudFlow
  DataProcessor: ({ azure_data }) => {
    const users = azure_data as Record<string, User>;
    // Active users only, with the fields the downstream system wants.
    return Object.fromEntries(
      Object.entries(users)
        .filter(([, u]) => u.active)
        .map(([id, u]) => [id, { name: u.name, email: u.email.toLowerCase(), tier: u.plan === 'pro' ? 'priority' : 'standard' }]),
    );
  },
  EmailService: ({ save_result }) => {
    const r = save_result as { collection: string; etag?: string };
    const message = `saved to ${r.collection}`;
    outbox.push(message);
    return message;
  },

  // DataPipeline
  DataValidator: ({ raw_data }) => {
    const articles = raw_data as Article[];
    const valid = articles.filter((a) => typeof a.body === 'string' && a.body.trim() !== '');
    if (valid.length === 0) throw new Error('no article has a body');
    return valid;
  },
  DataTransformer: ({ validated_data }) =>
    (validated_data as Article[]).map((a) => ({ id: a.id, text: `${a.title ?? a.id}. ${a.body}`, metadata: { category: a.category ?? 'general', title: a.title ?? a.id } })),
  NotificationService: ({ storage_result }) => `${(storage_result as { rowsWritten?: number }).rowsWritten ?? 0} article(s) in ${(storage_result as { collection: string }).collection}`,
  DataIssueHandler: ({ validated_data }) => `validation issues: ${JSON.stringify(validated_data ?? null)}`,
  ErrorService: ({ error }) => {
    const e = error as { node: string; code: string; message: string };
    return `${e.code} at ${e.node}: ${e.message.split('. ')[0]}`;
  },

  // VectorFlow
  ContextExtractor: ({ similar_docs }) =>
    (similar_docs as Match[])
      .map((m) => m.text ?? '')
      .filter(Boolean)
      .join('\n'),
  // Stands in for the LLM step (agent type `openai` in the guide's graph): it answers with the
  // best-matching sentence of the context, so the demo needs no key and no network. Register a
  // real model call under the same name to use one.
  openai: ({ query, context }) => {
    const words = new Set(String(query).toLowerCase().match(/\p{L}+/gu) ?? []);
    const sentences = String(context).split(/(?<=\.)\s+|\n/).filter(Boolean);
    const score = (s: string) => (s.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => words.has(w)).length;
    return sentences.reduce((best, s) => (score(s) > score(best) ? s : best), sentences[0] ?? 'I found nothing on that.');
  },
};

let routerCalls = 0;

/** The SmartRouting graph's agents; LLMRouter stands in for a model that picks a route. */
export const routingAgents: Record<string, Agent> = {
  LLMRouter: ({ input_data }) => {
    routerCalls++;
    const text = JSON.stringify(input_data).toLowerCase();
    return { route: text.includes('invoice') ? 'finance' : text.includes('bug') ? 'engineering' : 'support' };
  },
  DataRouter: ({ routing_decision, input_data }) => ({ route: (routing_decision as { route: string }).route, payload: input_data }),
  DynamicProcessor: ({ routed_data }) => {
    const { route, payload } = routed_data as { route: string; payload: { subject?: string } };
    return `${payload.subject ?? 'request'} -> ${route} queue`;
  },
};

/** How many times LLMRouter was asked. */
export function routerCallCount(): number {
  return routerCalls;
}

/** What EmailService "sent", for the summary. */
export function sentMessages(): readonly string[] {
  return outbox;
}
