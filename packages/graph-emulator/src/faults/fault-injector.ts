// The armed fault rules and their counters. Graph requests ask pick() which rule (if any) to
// apply; the first matching rule that fires wins. Rules are shared by every tenant.

import { createPrng } from '../seed/prng.js';
import type { FaultRule, FaultRuleInput } from './fault-rule.js';

export interface FaultRuleReport extends FaultRule {
  /** Requests that matched method and path. */
  matched: number;
  /** Requests the rule was applied to. */
  hits: number;
  /** A `count` rule that has used up its count. */
  spent: boolean;
}

interface ArmedRule {
  rule: FaultRule;
  matches: (path: string) => boolean;
  fires: (matchIndex: number) => boolean;
  matched: number;
  hits: number;
}

export class FaultInjector {
  #rules: ArmedRule[] = [];
  #nextId = 1;

  /** Adds rules after the ones already armed; returns them with their ids. */
  arm(inputs: FaultRuleInput[]): FaultRule[] {
    return inputs.map((input) => {
      const rule: FaultRule = { ...input, id: this.#nextId++ };
      this.#rules.push({ rule, matches: pathMatcher(rule), fires: selector(rule), matched: 0, hits: 0 });
      return rule;
    });
  }

  clear(): void {
    this.#rules = [];
  }

  get armed(): boolean {
    return this.#rules.length > 0;
  }

  list(): FaultRuleReport[] {
    return this.#rules.map(({ rule, matched, hits }) => ({
      ...rule,
      matched,
      hits,
      spent: rule.count !== undefined && hits >= rule.count,
    }));
  }

  /**
   * The rule to apply to this request, counting the match and the hit. `path` is below the version
   * root; `inBatch` says whether the request is an item of a `$batch`.
   */
  pick(method: string, path: string, inBatch = false): FaultRule | undefined {
    for (const armed of this.#rules) {
      if (armed.rule.method !== undefined && armed.rule.method !== method.toUpperCase()) continue;
      if (armed.rule.inBatch !== undefined && armed.rule.inBatch !== inBatch) continue;
      if (inBatch && armed.rule.drop !== undefined) continue;
      if (!armed.matches(path)) continue;
      armed.matched += 1;
      if (armed.rule.count !== undefined && armed.hits >= armed.rule.count) continue;
      if (!armed.fires(armed.matched)) continue;
      armed.hits += 1;
      return armed.rule;
    }
    return undefined;
  }
}

function pathMatcher(rule: FaultRule): (path: string) => boolean {
  if (rule.pathRegex !== undefined) {
    const regex = new RegExp(rule.pathRegex, 'i');
    return (path) => regex.test(path);
  }
  const prefix = (rule.path ?? '/').toLowerCase();
  return (path) => path.toLowerCase().startsWith(prefix);
}

/** Whether the n-th match (1-based) is faulted. */
function selector(rule: FaultRule): (matchIndex: number) => boolean {
  if (rule.every !== undefined) {
    const every = rule.every;
    return (n) => n % every === 0;
  }
  if (rule.ratio !== undefined) {
    const ratio = rule.ratio;
    const prng = createPrng(rule.seed ?? 1);
    return () => prng.next() < ratio;
  }
  return () => true;
}
