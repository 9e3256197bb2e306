import type { AgentContext } from '../types';
import { formatPrompt } from '../graph/prompt';

/**
 * Passes a value on: the prompt with `{field}` filled from the inputs and state, or without a
 * prompt the only input (several inputs: all of them as an object).
 */
export function echo(inputs: Record<string, unknown>, context: AgentContext): unknown {
  const prompt = context.node.prompt;
  if (prompt !== undefined && prompt !== '') return formatPrompt(prompt, { ...context.state, ...inputs });
  const values = Object.values(inputs);
  return values.length === 1 ? values[0] : inputs;
}
