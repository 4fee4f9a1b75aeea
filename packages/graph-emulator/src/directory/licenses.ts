// One tenant's subscribed SKUs (seats and service plans) and the licenses assigned directly to
// users. Group-inherited licenses are derived from group membership (license-assignment.ts).
// https://learn.microsoft.com/graph/api/subscribedsku-list

import type { LicenseAssignment } from './group-record.js';

export interface ServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  /** `User` or `Company`, as subscribedSkus reports it. */
  appliesTo: string;
  /** The `service` a user's assignedPlans entry names (e.g. `exchange`). */
  service: string;
}

export interface SkuRecord {
  skuId: string;
  skuPartNumber: string;
  /** Seats bought: `prepaidUnits.enabled`. */
  enabledUnits: number;
  /** Seats taken by users (direct and group-inherited assignments alike). */
  consumedUnits: number;
  capabilityStatus: string;
  servicePlans: ServicePlan[];
  subscriptionIds: string[];
}

export type SkuInit = Omit<SkuRecord, 'consumedUnits'>;

export class TenantLicenses {
  readonly #skus = new Map<string, SkuRecord>();
  /** User id -> licenses assigned to the user itself (not through a group). */
  readonly #direct = new Map<string, LicenseAssignment[]>();

  addSku(init: SkuInit): SkuRecord {
    const skuId = init.skuId.toLowerCase();
    if (this.#skus.has(skuId)) throw new Error(`duplicate SKU ${skuId}`);
    const record: SkuRecord = { ...init, skuId, consumedUnits: 0 };
    this.#skus.set(skuId, record);
    return record;
  }

  findSku(skuId: string): SkuRecord | undefined {
    return this.#skus.get(skuId.toLowerCase());
  }

  skus(): SkuRecord[] {
    return [...this.#skus.values()];
  }

  availableUnits(sku: SkuRecord): number {
    return sku.enabledUnits - sku.consumedUnits;
  }

  directAssignments(userId: string): LicenseAssignment[] {
    return structuredClone(this.#direct.get(userId.toLowerCase()) ?? []);
  }

  setDirectAssignments(userId: string, assignments: LicenseAssignment[]): void {
    if (assignments.length === 0) this.#direct.delete(userId.toLowerCase());
    else this.#direct.set(userId.toLowerCase(), structuredClone(assignments));
  }
}
