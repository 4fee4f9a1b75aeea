/**
 * A deterministic mixed batch for the sandbox's demo tenant: chains of items on users of their own
 * (joiners, leavers, licenses and owners), reads of fixtures, and items that fail on purpose, so
 * that each item's outcome does not depend on the order independent items run in.
 */
import { DEMO_GROUP_IDS, DEMO_SKU_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';

export interface MixedItem {
  id: string;
  capability: string;
  input?: Record<string, unknown>;
  dependsOn?: string[];
}

const PASSWORD = 'Correct-Horse-9-Battery';

/** `count` items; `licensable`: how many license assignments the tenant has free seats for. */
export function mixedBatch(domain: string, count: number, licensable: number): MixedItem[] {
  const items: MixedItem[] = [];
  let licensed = 0;
  for (let k = 0; items.length < count; k += 1) {
    const upn = (name: string) => `bulk${k}${name}@${domain}`;
    const id = (step: string) => `${k}-${step}`;
    const add = (step: string, capability: string, input: Record<string, unknown>, after: string[] = []) =>
      items.push({
        id: id(step),
        capability,
        input,
        ...(after.length > 0 ? { dependsOn: after.map(id) } : {}),
      });
    const create = (step: string, name: string, extra: Record<string, unknown> = {}) =>
      add(step, 'create-user', {
        createUserAccountEnabled: true,
        createUserDisplayName: `Bulk ${k} ${name}`,
        createUserMailNickname: `bulk${k}${name}`,
        createUserPrincipalName: upn(name),
        createUserPassword: PASSWORD,
        ...extra,
      });
    switch (k % 5) {
      case 0: // a joiner
        create('create', 'j', { otherAttributes: { usageLocation: 'US', department: 'Sales' } });
        add('update', 'update-user', { userId: upn('j'), department: 'Finance', city: 'Dublin' }, ['create']);
        add('member', 'add-user-to-group', { userId: upn('j'), groupId: DEMO_GROUP_IDS.engineering }, [
          'create',
        ]);
        add('manager', 'set-user-manager', { userId: upn('j'), managerId: FIXTURE_IDS.apostrophe }, [
          'create',
        ]);
        add('read', 'read-user', { userId: upn('j'), select: ['displayName', 'department', 'city'] }, [
          'update',
        ]);
        break;
      case 1: // mistakes Graph refuses, and a skip
        add('missing', 'read-user', { userId: upn('missing') });
        create('unverified', 'x', { createUserPrincipalName: `bulk${k}x@unverified.example` });
        create('create', 'e');
        create('duplicate', 'e', { createUserDisplayName: 'Twice' });
        items.at(-1)!.dependsOn = [id('create')];
        add('dynamic', 'add-user-to-group', { userId: upn('e'), groupId: DEMO_GROUP_IDS.dynamicSales }, [
          'create',
        ]);
        add(
          'not-member',
          'remove-user-from-group',
          { userId: upn('e'), groupId: DEMO_GROUP_IDS.engineering },
          ['create'],
        );
        add('after-failure', 'read-user', { userId: upn('e') }, ['not-member']);
        break;
      case 2: // a leaver
        create('create', 'l');
        add('revoke', 'revoke-user-sessions', { userId: upn('l') }, ['create']);
        add('no-manager', 'remove-user-manager', { userId: upn('l'), ifNotSet: 'succeed' }, ['create']);
        add('manager', 'get-user-manager', { userId: upn('l') }, ['create']);
        add('delete', 'delete-user', { userId: upn('l') }, ['revoke', 'no-manager']);
        add('gone', 'read-user', { userId: upn('l') }, ['delete']);
        break;
      case 3: // reads of fixtures, and what a batch refuses
        add('query', 'query-users', {
          userQuery: `$filter=id eq '${FIXTURE_IDS.dollar}'&$select=id,displayName`,
        });
        add('groups', 'list-users-groups', { userId: FIXTURE_IDS.dollar });
        add('custom', 'make-a-custom-api-call', {
          endpoint: `/users/${FIXTURE_IDS.guest}`,
          method: 'GET',
          customQueryParams: [{ key: '$select', value: 'id,displayName' }],
        });
        add('check', 'check-user-membership', {
          userId: FIXTURE_IDS.dollar,
          groupIds: [DEMO_GROUP_IDS.engineering, DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.salesTeam],
        });
        add('owners', 'list-group-owners', { groupId: DEMO_GROUP_IDS.allStaff });
        add('invalid', 'read-user', { userId: FIXTURE_IDS.guest, colour: 'blue' });
        add('pages', 'query-users', { userQuery: '$top=5', maxPages: 2 });
        add('delta', 'query-user-changes', { userQuery: '$select=id' });
        add('unknown', 'make-coffee', {});
        break;
      default: // licenses and owners
        create('create', 'o', { otherAttributes: { usageLocation: 'IE' } });
        if (licensed < licensable) {
          licensed += 1;
          add('license', 'manage-user-license', { userId: upn('o'), skuId: DEMO_SKU_IDS.officeE3 }, [
            'create',
          ]);
        } else {
          add('license', 'manage-user-license', { userId: upn('o'), removeLicenses: [DEMO_SKU_IDS.emsE3] }, [
            'create',
          ]);
        }
        add('owner', 'add-group-owner', { userId: upn('o'), groupId: DEMO_GROUP_IDS.salesTeam }, ['create']);
        add('unowner', 'remove-group-owner', { userId: upn('o'), groupId: DEMO_GROUP_IDS.salesTeam }, [
          'owner',
        ]);
        create('no-location', 'n');
        add(
          'no-location-license',
          'manage-user-license',
          { userId: upn('n'), skuId: DEMO_SKU_IDS.officeE3 },
          ['no-location'],
        );
    }
  }
  return items.slice(0, count);
}

/** The chain an item belongs to (its dependencies are all in the same chain). */
export function chainOf(item: MixedItem): string {
  return item.id.slice(0, item.id.indexOf('-'));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?/g;
const HTTP_DATE = /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/g;

/**
 * An outcome with what differs between two sandboxes by nature taken out: generated ids, times,
 * the emulator's origin, our request ids. Header values are per call; their names are compared.
 */
export function comparable(outcome: { status: number; output?: unknown; problem?: unknown }, origin: string) {
  const text = JSON.stringify(outcome)
    .replaceAll(origin, '<origin>')
    .replace(UUID, '<uuid>')
    .replace(TIMESTAMP, '<time>')
    .replace(HTTP_DATE, '<date>');
  const parsed = JSON.parse(text) as {
    status: number;
    output?: { headers?: Record<string, string> };
    problem?: { requestId?: string };
  };
  if (parsed.output?.headers) {
    (parsed.output as Record<string, unknown>)['headers'] = Object.keys(parsed.output.headers).sort();
  }
  if (parsed.problem) delete parsed.problem.requestId;
  return sortedKeys({
    status: parsed.status,
    output: parsed.output,
    problem: parsed.problem,
  }) as typeof parsed;
}

/** Object keys in one order, so that two JSON texts compare by content (key order means nothing in JSON). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortedKeys(v)]));
}
