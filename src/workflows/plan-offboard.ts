import type { CapabilityContext } from '../capabilities/capability.js';
import { problem } from '../errors/problem.js';
import { readDirectGroups, readManagerId, readOwnedGroups, readUserState } from './tenant-reader.js';
import type { OffboardUserInput } from './workflow-inputs.js';
import { type PlannedStep, planned, skipped, subjectsOf, type WorkflowPlan } from './workflow-plan.js';

/**
 * The leaver: disable sign-in, revoke sessions, leave the direct groups the service may change,
 * hand the groups the user is the last owner of to the manager, remove the direct licenses, clear
 * the manager, and delete the user last when asked.
 */
export async function planOffboard(
  context: CapabilityContext,
  input: OffboardUserInput,
): Promise<WorkflowPlan> {
  const user = await readUserState(context, input.userId);
  if (!user) throw problem('USER_NOT_FOUND', `No user '${input.userId}' exists.`);
  const userId = user.id;
  const steps: PlannedStep[] = [];

  const disable = { userId, accountEnabled: false };
  steps.push(
    user.accountEnabled === false
      ? skipped('disable-sign-in', 'update-user', 'Disable sign-in', disable, 'sign-in is already disabled')
      : planned('disable-sign-in', 'update-user', 'Disable sign-in', disable),
  );
  steps.push(
    planned('revoke-user-sessions', 'revoke-user-sessions', 'Revoke sessions and refresh tokens', { userId }),
  );

  for (const group of await readDirectGroups(context, userId)) {
    const stepInput = { userId, groupId: group.id, ifNotMember: 'succeed' };
    const description = `Remove from group ${group.displayName ?? group.id}`;
    const id = `remove-user-from-group:${group.id}`;
    steps.push(
      group.notChangeable
        ? skipped(id, 'remove-user-from-group', description, stepInput, group.notChangeable)
        : planned(id, 'remove-user-from-group', description, stepInput),
    );
  }

  const managerId = await readManagerId(context, userId);
  for (const group of await readOwnedGroups(context, userId)) {
    const name = group.displayName ?? group.id;
    const lastOwner = group.ownerIds.length === 1;
    const handOver = { userId: managerId ?? '', groupId: group.id, ifAlreadyOwner: 'succeed' };
    const release = { userId, groupId: group.id, ifNotOwner: 'succeed' };
    if (!lastOwner) {
      steps.push(
        skipped(
          `add-group-owner:${group.id}`,
          'add-group-owner',
          `Hand ${name} to the manager`,
          handOver,
          'other owners remain',
        ),
      );
    } else if (!managerId) {
      steps.push(
        skipped(
          `add-group-owner:${group.id}`,
          'add-group-owner',
          `Hand ${name} to the manager`,
          handOver,
          'the user is the last owner and has no manager to hand the group to',
        ),
      );
    } else {
      steps.push(
        planned(
          `add-group-owner:${group.id}`,
          'add-group-owner',
          `Make the manager an owner of ${name}`,
          handOver,
        ),
      );
      steps.push(
        planned(
          `remove-group-owner:${group.id}`,
          'remove-group-owner',
          `Remove the user as owner of ${name}`,
          release,
        ),
      );
    }
  }

  const direct = [...new Set(user.licenses.filter((l) => l.assignedByGroup === null).map((l) => l.skuId))];
  for (const inherited of user.licenses.filter((l) => l.assignedByGroup !== null)) {
    steps.push(
      skipped(
        `inherited-license:${inherited.skuId}:${inherited.assignedByGroup}`,
        'manage-user-license',
        `License ${inherited.skuId}`,
        { userId, removeLicenses: [inherited.skuId] },
        `assigned through group ${inherited.assignedByGroup}: it follows that membership`,
      ),
    );
  }
  if (direct.length) {
    steps.push(
      planned(
        'remove-licenses',
        'manage-user-license',
        'Remove the directly assigned licenses',
        { userId, removeLicenses: direct },
        ['LICENSE_NOT_ASSIGNED'],
      ),
    );
  }

  const clearManager = { userId, ifNotSet: 'succeed' };
  steps.push(
    managerId
      ? planned('remove-user-manager', 'remove-user-manager', 'Clear the manager', clearManager)
      : skipped(
          'remove-user-manager',
          'remove-user-manager',
          'Clear the manager',
          clearManager,
          'no manager is set',
        ),
  );
  if (input.deleteUser) {
    steps.push(
      planned('delete-user', 'delete-user', 'Delete the user (restorable for 30 days)', { userId }, [
        'USER_NOT_FOUND',
      ]),
    );
  }
  return { subjects: subjectsOf(input.userId, user.userPrincipalName, user.id), steps };
}
