import { Type } from '@sinclair/typebox';
import type { GraphCaller, GraphResponse } from '../../graph/graph-request.js';
import type { CapabilityContext } from '../capability.js';

/**
 * The tenant's subscribed SKUs (Graph `GET /subscribedSkus`) as the license capabilities use them:
 * names to ids, seats, service plans. Kept briefly per tenant and app so that a burst of license
 * calls asks Graph once; seat counts from the cache are only trusted to let a call through, never
 * to refuse one (see manage-user-license).
 * @see https://learn.microsoft.com/graph/api/subscribedsku-list
 */

/** How long a tenant's SKU list is reused: SKUs and plan names rarely change, seat counts do. */
const CACHE_TTL_MS = 30_000;

export const SkuSummarySchema = Type.Object({
  skuId: Type.String(),
  skuPartNumber: Type.String({ description: 'The SKU\'s name, e.g. "ENTERPRISEPACK".' }),
  capabilityStatus: Type.String({ description: 'Enabled, Warning, Suspended, Deleted or LockedOut.' }),
  appliesTo: Type.String({ description: '`User` (assignable to users) or `Company`.' }),
  seats: Type.Object({
    enabled: Type.Integer({ description: 'Seats bought (prepaidUnits.enabled).' }),
    consumed: Type.Integer({ description: 'Seats assigned (consumedUnits).' }),
    free: Type.Integer({ description: 'enabled - consumed, never below 0.' }),
  }),
  servicePlans: Type.Array(
    Type.Object({
      servicePlanId: Type.String(),
      servicePlanName: Type.String({
        description: 'e.g. "TEAMS1"; usable in manage-user-license disabledPlans.',
      }),
      provisioningStatus: Type.Optional(Type.String()),
      appliesTo: Type.Optional(Type.String()),
    }),
  ),
});

export interface SkuSummary {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: string;
  appliesTo: string;
  seats: { enabled: number; consumed: number; free: number };
  servicePlans: Array<{
    servicePlanId: string;
    servicePlanName: string;
    provisioningStatus?: string;
    appliesTo?: string;
  }>;
}

interface CachedSkus {
  fetchedAt: number;
  skus: SkuSummary[];
}

/** One cache per Graph caller, i.e. per running service: nothing outlives or crosses an app. */
const caches = new WeakMap<GraphCaller, Map<string, CachedSkus>>();

/** Fetches the SKUs from Graph (and refreshes the cache). */
export async function fetchSkus(
  context: CapabilityContext,
): Promise<{ response: GraphResponse<unknown>; skus: SkuSummary[] }> {
  const response = await context.graph.send<{ value?: unknown }>({
    connection: context.connection,
    method: 'GET',
    path: '/subscribedSkus',
    requestId: context.requestId,
    deadline: context.deadline,
  });
  const items = Array.isArray(response.body?.value) ? response.body.value : [];
  const skus = items.map(summarise).filter((sku): sku is SkuSummary => sku !== undefined);
  cacheFor(context).set(cacheKey(context), { fetchedAt: Date.now(), skus });
  return { response, skus };
}

/** The SKUs, from the cache when it is fresh enough, else from Graph. */
export async function tenantSkus(context: CapabilityContext): Promise<SkuSummary[]> {
  const cached = cacheFor(context).get(cacheKey(context));
  if (cached && Date.now() - cached.fetchedAt < CACHE_TTL_MS) return cached.skus;
  return (await fetchSkus(context)).skus;
}

function cacheFor(context: CapabilityContext): Map<string, CachedSkus> {
  let cache = caches.get(context.graph);
  if (!cache) {
    cache = new Map();
    caches.set(context.graph, cache);
  }
  return cache;
}

/** Per tenant and app: another app of the same tenant may not be allowed to read the SKUs. */
function cacheKey(context: CapabilityContext): string {
  return `${context.connection.tenantId.toLowerCase()}|${context.connection.clientId.toLowerCase()}`;
}

function summarise(item: unknown): SkuSummary | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const sku = item as Record<string, unknown>;
  if (typeof sku['skuId'] !== 'string') return undefined;
  const prepaid = (sku['prepaidUnits'] ?? {}) as Record<string, unknown>;
  const enabled = integer(prepaid['enabled']);
  const consumed = integer(sku['consumedUnits']);
  const plans = Array.isArray(sku['servicePlans']) ? sku['servicePlans'] : [];
  return {
    skuId: sku['skuId'].toLowerCase(),
    skuPartNumber: text(sku['skuPartNumber']),
    capabilityStatus: text(sku['capabilityStatus']),
    appliesTo: text(sku['appliesTo']),
    seats: { enabled, consumed, free: Math.max(0, enabled - consumed) },
    servicePlans: plans
      .filter((plan): plan is Record<string, unknown> => typeof plan === 'object' && plan !== null)
      .filter((plan) => typeof plan['servicePlanId'] === 'string')
      .map((plan) => ({
        servicePlanId: (plan['servicePlanId'] as string).toLowerCase(),
        servicePlanName: text(plan['servicePlanName']),
        ...(typeof plan['provisioningStatus'] === 'string'
          ? { provisioningStatus: plan['provisioningStatus'] }
          : {}),
        ...(typeof plan['appliesTo'] === 'string' ? { appliesTo: plan['appliesTo'] } : {}),
      })),
  };
}

function integer(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
