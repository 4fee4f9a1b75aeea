import { badRequest } from '../../errors/problem.js';
import type { FieldProblem } from '../../errors/service-error.js';
import { idListEntries, isGuid, parseIdList } from '../common/id-list-input.js';

/** A service plan or SKU name as subscribedSkus spells them (`TEAMS1`, `ENTERPRISEPACK`, `Microsoft_365_E5`). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}$/;

/** What manage-user-license was asked, checked for shape only (nothing is looked up yet). */
export interface LicenseRequest {
  /** The SKU to add: by id (lower-cased) or by part number, or nothing. */
  add?: { skuId: string } | { skuPartNumber: string };
  /** Plans of the added SKU to turn off: ids (lower-cased) and names, de-duplicated, in order. */
  disabledPlans: Array<{ id: string } | { name: string }>;
  /** SKU ids to remove (lower-cased). */
  remove: string[];
  /** Two-letter country code to set when the user has none (upper-cased). */
  usageLocation?: string;
}

export interface LicenseInput {
  skuId?: string;
  skuPartNumber?: string;
  removeLicenses?: string | string[];
  disabledPlans?: string | string[];
  usageLocation?: string;
}

/** The request, or a 400 naming every bad field. */
export function parseLicenseRequest(input: LicenseInput): LicenseRequest {
  const errors: FieldProblem[] = [];
  const skuId = input.skuId?.trim() ?? '';
  const skuPartNumber = input.skuPartNumber?.trim() ?? '';
  if (skuId !== '' && !isGuid(skuId)) errors.push({ path: '/skuId', message: 'must be a GUID' });
  if (skuPartNumber !== '' && !NAME.test(skuPartNumber)) {
    errors.push({ path: '/skuPartNumber', message: 'must be a SKU part number such as ENTERPRISEPACK' });
  }
  if (skuId !== '' && skuPartNumber !== '') {
    errors.push({ path: '/skuPartNumber', message: 'give skuId or skuPartNumber, not both' });
  }
  const remove = parseIdList(input.removeLicenses, 'removeLicenses');
  errors.push(...remove.errors);
  const disabledPlans = parsePlanList(input.disabledPlans, errors);
  const adding = skuId !== '' || skuPartNumber !== '';
  if (!adding && disabledPlans.length > 0) {
    errors.push({
      path: '/disabledPlans',
      message: 'disabledPlans apply to the SKU added; give its skuId or skuPartNumber',
    });
  }
  remove.ids.forEach((id, index) => {
    if (id === skuId.toLowerCase()) {
      errors.push({ path: `/removeLicenses/${index}`, message: 'the same SKU cannot be added and removed' });
    }
  });
  if (errors.length > 0) {
    throw badRequest('VALIDATION_FAILED', `Invalid fields: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  if (!adding && remove.ids.length === 0) {
    throw badRequest(
      'NOTHING_TO_CHANGE',
      'Give skuId or skuPartNumber (with optional disabledPlans) and/or removeLicenses.',
      [{ path: '/skuId', message: 'no license to add or remove' }],
    );
  }
  return {
    ...(skuId !== ''
      ? { add: { skuId: skuId.toLowerCase() } }
      : skuPartNumber !== ''
        ? { add: { skuPartNumber } }
        : {}),
    disabledPlans,
    remove: remove.ids,
    ...(input.usageLocation ? { usageLocation: input.usageLocation.toUpperCase() } : {}),
  };
}

/** disabledPlans in any of the id-list forms, each entry a plan id (GUID) or a plan name. */
function parsePlanList(
  value: string | string[] | undefined,
  errors: FieldProblem[],
): Array<{ id: string } | { name: string }> {
  const plans: Array<{ id: string } | { name: string }> = [];
  const seen = new Set<string>();
  idListEntries(value).forEach((entry, index) => {
    if (entry === '') return;
    const plan = isGuid(entry) ? { id: entry.toLowerCase() } : NAME.test(entry) ? { name: entry } : undefined;
    if (!plan) {
      errors.push({
        path: `/disabledPlans/${index}`,
        message: `must be a service plan id (GUID) or name such as TEAMS1, got "${entry.slice(0, 60)}"`,
      });
      return;
    }
    const key = entry.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    plans.push(plan);
  });
  return plans;
}
