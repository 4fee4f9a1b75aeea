// A resource-unit budget per (app, tenant) like the identity service's: every Graph request
// spends its cost from a 10-second window, and writes also spend a write quota per 150 s; a
// request that does not fit is answered 429 with Retry-After (until the window ends) and the
// x-ms-throttle-* headers. Off by default. Fixed windows stand in for Graph's token bucket.
// https://learn.microsoft.com/graph/throttling-limits

import type { RequestCost } from './resource-units.js';

export interface ThrottlingSettings {
  enabled: boolean;
  /** Length of the resource-unit window. */
  windowMs: number;
  /** RU per window; null = by tenant size: 3,500 (< 50 users), 5,000 (50-500), 8,000 (> 500). */
  resourceUnits: number | null;
  writeWindowMs: number;
  writeLimit: number;
}

export const DEFAULT_THROTTLING: ThrottlingSettings = {
  enabled: false,
  windowMs: 10_000,
  resourceUnits: null,
  writeWindowMs: 150_000,
  writeLimit: 3_000,
};

export type ThrottleDecision =
  | { allowed: true; usedFraction: number }
  | { allowed: false; retryAfterMs: number; scope: string; information: string };

interface Window {
  startedAt: number;
  used: number;
}

export class ThrottleModel {
  #settings: ThrottlingSettings = { ...DEFAULT_THROTTLING };
  readonly #ru = new Map<string, Window>();
  readonly #writes = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  get settings(): ThrottlingSettings {
    return { ...this.#settings };
  }

  /** Changes settings and starts every budget afresh. */
  update(changes: Partial<ThrottlingSettings>): ThrottlingSettings {
    this.#settings = { ...this.#settings, ...changes };
    this.#ru.clear();
    this.#writes.clear();
    return this.settings;
  }

  /** Spends `cost` from the (app, tenant) budgets, or refuses without spending anything. */
  charge(appId: string, tenantId: string, tenantUsers: number, cost: RequestCost): ThrottleDecision {
    const s = this.#settings;
    if (!s.enabled) return { allowed: true, usedFraction: 0 };
    const key = `${appId}/${tenantId}`;
    const now = this.now();
    const ru = current(this.#ru, key, now, s.windowMs);
    const ruLimit = s.resourceUnits ?? tenantLimit(tenantUsers);
    const kind = cost.writes > 0 ? 'Write' : 'Read';
    if (ru.used + cost.resourceUnits > ruLimit) {
      return refusal(
        ru,
        s.windowMs,
        now,
        `Tenant_Application/${kind}/${appId}/${tenantId}`,
        'ResourceUnitLimitExceeded',
      );
    }
    const writes = current(this.#writes, key, now, s.writeWindowMs);
    if (cost.writes > 0 && writes.used + cost.writes > s.writeLimit) {
      return refusal(
        writes,
        s.writeWindowMs,
        now,
        `Tenant_Application/Write/${appId}/${tenantId}`,
        'WriteLimitExceeded',
      );
    }
    ru.used += cost.resourceUnits;
    writes.used += cost.writes;
    return { allowed: true, usedFraction: Math.max(ru.used / ruLimit, writes.used / s.writeLimit) };
  }
}

function current(windows: Map<string, Window>, key: string, now: number, length: number): Window {
  let window = windows.get(key);
  if (!window || now - window.startedAt >= length) {
    window = { startedAt: now, used: 0 };
    windows.set(key, window);
  }
  return window;
}

function refusal(
  window: Window,
  length: number,
  now: number,
  scope: string,
  information: string,
): ThrottleDecision {
  return { allowed: false, retryAfterMs: Math.max(1, window.startedAt + length - now), scope, information };
}

function tenantLimit(users: number): number {
  if (users < 50) return 3_500;
  return users <= 500 ? 5_000 : 8_000;
}
