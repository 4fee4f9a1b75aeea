// A fault rule as armed through POST /_emulator/faults or EmulatorState.faults.arm(): which
// Graph requests it matches and what happens to them. Deterministic by construction: `count`
// faults the first n matches, `every` each nth, `ratio` a fraction drawn from a seeded PRNG.

/** `401-expired` answers like an expired access token (401 InvalidAuthenticationToken). */
export type FaultStatus = 429 | 503 | 504 | '401-expired';

export interface FaultRuleInput {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Prefix of the path below the version root, e.g. `/users` (case-insensitive). */
  path?: string;
  /** Regular expression over the same path, e.g. `^/users/[^/]+$` (case-insensitive). */
  pathRegex?: string;
  /**
   * `true`: only requests inside a `$batch` (matched by the item's own method and url);
   * `false`: only requests sent on their own (the `$batch` envelope itself is `POST /$batch`);
   * absent: both. A rule with `drop` never applies to a batch item (an item has no connection).
   */
  inBatch?: boolean;
  status?: FaultStatus;
  /** Retry-After to send: seconds (fractional allowed) or an HTTP-date string. Never sent with 504. */
  retryAfter?: number | string;
  /** Delay before the request is answered (or dropped, or handled normally when nothing else is set). */
  latencyMs?: number;
  /** Destroy the connection `before` the request is applied, or `after` applying it (no answer either way). */
  drop?: 'before' | 'after';
  /** Fault only the first `count` matching requests, then the rule is spent. */
  count?: number;
  /** Fault every `every`-th matching request (1 = all). */
  every?: number;
  /** Fault this fraction of matching requests, chosen by a PRNG seeded with `seed`. */
  ratio?: number;
  seed?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: number;
}

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
const STATUSES: unknown[] = [429, 503, 504, '401-expired'];

/** The rule, or a message saying what is wrong with it. */
export function validateFaultRule(input: unknown): FaultRuleInput | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return 'a rule must be a JSON object';
  const r = input as Record<string, unknown>;
  const known = new Set([
    'method',
    'path',
    'pathRegex',
    'inBatch',
    'status',
    'retryAfter',
    'latencyMs',
    'drop',
    'count',
    'every',
    'ratio',
    'seed',
  ]);
  const unknown = Object.keys(r).find((key) => !known.has(key));
  if (unknown) return `unknown field '${unknown}'`;
  if (
    r['method'] !== undefined &&
    !(typeof r['method'] === 'string' && METHODS.has(r['method'].toUpperCase()))
  ) {
    return 'method must be one of GET, POST, PATCH, PUT, DELETE';
  }
  if ((r['path'] === undefined) === (r['pathRegex'] === undefined))
    return 'give exactly one of path (a prefix) or pathRegex';
  if (r['path'] !== undefined && !(typeof r['path'] === 'string' && r['path'].startsWith('/'))) {
    return "path must be a string starting with '/'";
  }
  if (r['pathRegex'] !== undefined) {
    if (typeof r['pathRegex'] !== 'string') return 'pathRegex must be a string';
    try {
      new RegExp(r['pathRegex'], 'i');
    } catch {
      return 'pathRegex is not a valid regular expression';
    }
  }
  if (r['inBatch'] !== undefined && typeof r['inBatch'] !== 'boolean') return 'inBatch must be a boolean';
  if (r['inBatch'] === true && r['drop'] !== undefined)
    return 'a batch item has no connection of its own to drop';
  if (r['status'] !== undefined && !STATUSES.includes(r['status']))
    return "status must be 429, 503, 504 or '401-expired'";
  const retryAfter = r['retryAfter'];
  if (
    retryAfter !== undefined &&
    !(isNumber(retryAfter, 0) || (typeof retryAfter === 'string' && retryAfter.trim() !== ''))
  ) {
    return 'retryAfter must be a number of seconds >= 0 or an HTTP-date string';
  }
  if (r['latencyMs'] !== undefined && !isNumber(r['latencyMs'], 0, 600_000))
    return 'latencyMs must be between 0 and 600000';
  if (r['drop'] !== undefined && r['drop'] !== 'before' && r['drop'] !== 'after')
    return "drop must be 'before' or 'after'";
  if (r['status'] !== undefined && r['drop'] !== undefined)
    return 'a rule either answers with a status or drops the connection';
  if (r['status'] === undefined && r['drop'] === undefined && r['latencyMs'] === undefined) {
    return 'a rule needs a status, a drop or a latencyMs';
  }
  const selectors = ['count', 'every', 'ratio'].filter((key) => r[key] !== undefined);
  if (selectors.length > 1) return 'give at most one of count, every or ratio';
  if (r['count'] !== undefined && !isInteger(r['count'], 1)) return 'count must be an integer >= 1';
  if (r['every'] !== undefined && !isInteger(r['every'], 1)) return 'every must be an integer >= 1';
  if (r['ratio'] !== undefined && !isNumber(r['ratio'], 0, 1)) return 'ratio must be between 0 and 1';
  if (r['seed'] !== undefined && !isInteger(r['seed'], 0)) return 'seed must be an integer >= 0';
  return {
    ...(r as FaultRuleInput),
    ...(r['method'] ? { method: (r['method'] as string).toUpperCase() } : {}),
  };
}

function isNumber(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function isInteger(value: unknown, min: number): value is number {
  return Number.isInteger(value) && (value as number) >= min;
}
