/**
 * The `tenant` label of per-call counters, bounded: the first `limit` tenants seen keep their id,
 * every later one is counted as `other`. A counter's series live as long as the process, so unlike
 * the scrape-time gauges (top-N by load, metrics.ts) the set of named tenants cannot change once a
 * series exists; "first seen" is stable, costs one Set lookup per call, and covers a deployment
 * with a handful of tenants completely while a multi-tenant one stays at limit + 1 series per
 * (capability, status).
 */
export const TENANT_COUNTER_LIMIT = 20;
const OTHER = 'other';

/** Spellings remembered as they arrive (a configured tenant id is the same string every call). */
const REMEMBERED_SPELLINGS = 1000;

export class TenantLabels {
  readonly #named = new Set<string>();
  readonly #labelOf = new Map<string, string>();

  constructor(private readonly limit = TENANT_COUNTER_LIMIT) {}

  of(tenantId: string): string {
    const known = this.#labelOf.get(tenantId);
    if (known !== undefined) return known;
    const tenant = tenantId.toLowerCase();
    let label = OTHER;
    if (this.#named.has(tenant)) label = tenant;
    else if (this.#named.size < this.limit) {
      this.#named.add(tenant);
      label = tenant;
    }
    if (this.#labelOf.size < REMEMBERED_SPELLINGS) this.#labelOf.set(tenantId, label);
    return label;
  }
}
