import type { CapabilityContext } from '../capabilities/capability.js';
import { tenantSkus } from '../capabilities/licenses/sku-catalogue.js';
import { problem } from '../errors/problem.js';

/** A license a workflow asks for, with manage-user-license's field names. */
export interface LicenseTarget {
  skuId?: string;
  skuPartNumber?: string;
  disabledPlans?: string[];
}

/**
 * The SKU id of each target, so a plan can compare it with what the user holds. Part numbers are
 * resolved through the tenant's SKUs (the capability's cache); ids are taken as given.
 */
export async function targetSkuIds(context: CapabilityContext, targets: LicenseTarget[]): Promise<string[]> {
  if (!targets.some((target) => target.skuPartNumber !== undefined)) {
    return targets.map((target) => (target.skuId ?? '').toLowerCase());
  }
  const skus = await tenantSkus(context);
  return targets.map((target, index) => {
    if (target.skuId !== undefined) return target.skuId.toLowerCase();
    const wanted = (target.skuPartNumber ?? '').toLowerCase();
    const sku = skus.find((candidate) => candidate.skuPartNumber.toLowerCase() === wanted);
    if (!sku) {
      throw problem(
        'UNKNOWN_SKU_PART_NUMBER',
        `No SKU named '${target.skuPartNumber}' is subscribed in the tenant.`,
        {
          errors: [{ path: `/licenses/${index}/skuPartNumber`, message: 'is not a subscribed SKU' }],
          validValues: skus.map((candidate) => candidate.skuPartNumber),
        },
      );
    }
    return sku.skuId.toLowerCase();
  });
}

/** manage-user-license's input for adding one target. */
export function addLicenseInput(userId: string, target: LicenseTarget, usageLocation: string | undefined) {
  return {
    userId,
    ...(target.skuId !== undefined ? { skuId: target.skuId } : { skuPartNumber: target.skuPartNumber }),
    ...(target.disabledPlans ? { disabledPlans: target.disabledPlans } : {}),
    ...(usageLocation ? { usageLocation } : {}),
  };
}

export function licenseName(target: LicenseTarget): string {
  return target.skuPartNumber ?? target.skuId ?? '';
}
