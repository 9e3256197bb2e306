import { type ObjectStore, StorageError } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';

/** A budget alert as the guide writes it. */
export interface BudgetAlert {
  /** Percent of the limit. */
  threshold: number;
  /** `notify`, `alert_and_restrict` or `enforce_limits`. */
  action: string;
  recipients?: string[];
  /** `disable_new_uploads` (no new keys) or `block_all_writes`. */
  restrictions?: string[];
}

/** One budget of `cost_control.budgets`. */
export interface Budget {
  name: string;
  period?: string;
  /** USD. */
  limit: number;
  alerts?: BudgetAlert[];
}

/** How a budget stands against a spend. */
export interface BudgetStatus {
  name: string;
  limit: number;
  spent: number;
  /** Spent as a percentage of the limit. */
  percent: number;
  /** Alerts whose threshold is reached, lowest first. */
  triggered: BudgetAlert[];
  /** Restrictions in force from triggered alerts. */
  restrictions: string[];
}

function bad(message: string): never {
  throw new StorageError('INVALID_ARGUMENT', message, { provider: 'cost' });
}

/** Validates the guide's `cost_control.budgets` list. */
export function parseBudgets(raw: unknown): Budget[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) bad('cost_control.budgets must be a list.');
  return raw.map((item: unknown, i) => {
    const b = item as Partial<Budget> | null;
    if (typeof b !== 'object' || b === null || typeof b.name !== 'string') bad(`cost_control.budgets[${i}].name must be a string.`);
    if (typeof b.limit !== 'number' || !(b.limit > 0)) bad(`cost_control.budgets[${i}].limit must be a positive number of USD.`);
    (b.alerts ?? []).forEach((alert, j) => {
      if (typeof alert?.threshold !== 'number' || alert.threshold < 0) bad(`cost_control.budgets[${i}].alerts[${j}].threshold must be a percentage.`);
    });
    return b as Budget;
  });
}

/** Where a budget stands for a spend (USD). */
export function budgetStatus(budget: Budget, spent: number): BudgetStatus {
  const percent = (spent / budget.limit) * 100;
  const triggered = (budget.alerts ?? []).filter((alert) => percent >= alert.threshold).sort((a, b) => a.threshold - b.threshold);
  return { name: budget.name, limit: budget.limit, spent, percent, triggered, restrictions: [...new Set(triggered.flatMap((alert) => alert.restrictions ?? []))] };
}

export interface BudgetLayerOptions {
  budget: Budget;
  /** The spend so far this period, in USD: a number, or a function asked again every `refreshMs`. */
  spent: number | (() => number | Promise<number>);
  /** How long a spend figure is trusted. Default 60 000 ms. */
  refreshMs?: number;
  /** Called once each time a new alert threshold is crossed. */
  onAlert?: (status: BudgetStatus, alert: BudgetAlert) => void;
}

/**
 * A layer that enforces a budget's restrictions on writes: once an alert with
 * `disable_new_uploads` is reached, creating a new key is refused; with `block_all_writes`,
 * every put and copy is. Refusals are `PERMISSION_DENIED` naming the budget and its spend.
 * Reads and deletes always pass (deleting is how one gets back under budget).
 */
export function withBudget(store: ObjectStore, options: BudgetLayerOptions): ObjectStore {
  const { budget } = options;
  parseBudgets([budget]);
  let cached: { at: number; status: BudgetStatus } | undefined;
  const notified = new Set<number>();
  const status = async (): Promise<BudgetStatus> => {
    if (cached && Date.now() - cached.at < (options.refreshMs ?? 60_000)) return cached.status;
    const spent = typeof options.spent === 'function' ? await options.spent() : options.spent;
    const current = budgetStatus(budget, spent);
    cached = { at: Date.now(), status: current };
    for (const alert of current.triggered) {
      if (notified.has(alert.threshold)) continue;
      notified.add(alert.threshold);
      try {
        options.onAlert?.(current, alert);
      } catch {
        // A failing listener must not fail the call.
      }
    }
    return current;
  };
  const refuse = (s: BudgetStatus, what: string) =>
    new StorageError('PERMISSION_DENIED', `Budget ${s.name} is at ${s.percent.toFixed(0)}% of ${s.limit} USD, so ${what} are refused: raise the limit, or free space and wait for the next period.`, { provider: store.provider });

  return wrapStore(store, async (call, invoke) => {
    if (call.operation === 'put' || call.operation === 'copy' || call.operation === 'setStorageClass') {
      const s = await status();
      if (s.restrictions.includes('block_all_writes')) throw refuse(s, 'all writes');
      if (s.restrictions.includes('disable_new_uploads') && call.operation !== 'setStorageClass') {
        const target = call.operation === 'copy' ? undefined : call.key;
        if (target === undefined || (await store.head(target)) === undefined) throw refuse(s, 'new uploads');
      }
    }
    return invoke(call.signal);
  });
}
