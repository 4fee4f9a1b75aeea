import type { CapabilityContext } from '../capabilities/capability.js';
import { problem } from '../errors/problem.js';
import { addLicenseInput, licenseName, targetSkuIds } from './license-targets.js';
import { readDirectGroups, readManagerId, readUserState, type UserState } from './tenant-reader.js';
import type { OnboardUserInput } from './workflow-inputs.js';
import { type PlannedStep, planned, skipped, subjectsOf, type WorkflowPlan } from './workflow-plan.js';

/**
 * The joiner: create the user (or adopt the one with this UPN and employeeId), set the manager,
 * add the groups, assign the licenses. Steps whose change is already in place are skipped.
 */
export async function planOnboard(
  context: CapabilityContext,
  input: OnboardUserInput,
): Promise<WorkflowPlan> {
  const upn = input.createUserPrincipalName;
  const existing = await readUserState(context, upn);
  if (existing && !isSamePerson(existing, input.employeeId)) {
    throw problem(
      'WORKFLOW_USER_CONFLICT',
      `A user with userPrincipalName '${upn}' exists and has ${existing.employeeId ? 'another employeeId' : 'no employeeId'}.`,
    );
  }
  if (input.managerId !== undefined && !(await readUserState(context, input.managerId))) {
    throw problem('MANAGER_NOT_FOUND', `No user '${input.managerId}' exists to be the manager.`);
  }

  const steps: PlannedStep[] = [createStep(input, existing)];
  if (input.managerId !== undefined) {
    const managerInput = { userId: upn, managerId: input.managerId };
    const current = existing ? await readManagerId(context, existing.id) : undefined;
    const wanted = (await readUserState(context, input.managerId))?.id;
    steps.push(
      current !== undefined && current === wanted
        ? skipped(
            'set-user-manager',
            'set-user-manager',
            'Set the manager',
            managerInput,
            'already the manager',
          )
        : planned(
            'set-user-manager',
            'set-user-manager',
            `Set the manager to ${input.managerId}`,
            managerInput,
          ),
    );
  }
  const memberOf = existing
    ? new Set((await readDirectGroups(context, existing.id)).map((g) => g.id))
    : new Set();
  for (const groupId of input.groupIds ?? []) {
    const stepInput = { userId: upn, groupId, ifAlreadyMember: 'succeed' };
    const id = `add-user-to-group:${groupId.toLowerCase()}`;
    steps.push(
      memberOf.has(groupId.toLowerCase())
        ? skipped(id, 'add-user-to-group', `Add to group ${groupId}`, stepInput, 'already a direct member')
        : planned(id, 'add-user-to-group', `Add to group ${groupId}`, stepInput),
    );
  }
  const licenses = input.licenses ?? [];
  const skuIds = existing && licenses.length ? await targetSkuIds(context, licenses) : [];
  licenses.forEach((license, index) => {
    const stepInput = addLicenseInput(upn, license, input.usageLocation);
    const id = `manage-user-license:${(license.skuId ?? license.skuPartNumber ?? '').toLowerCase()}`;
    const held = existing?.licenses.some((l) => l.skuId === skuIds[index] && l.assignedByGroup === null);
    steps.push(
      held
        ? skipped(
            id,
            'manage-user-license',
            `Assign ${licenseName(license)}`,
            stepInput,
            'already assigned directly',
          )
        : planned(id, 'manage-user-license', `Assign ${licenseName(license)}`, stepInput),
    );
  });
  return { subjects: subjectsOf(upn, existing?.id), steps };
}

/** An existing user is this joiner only when both carry the same employeeId. */
export function isSamePerson(existing: UserState, employeeId: string | undefined): boolean {
  return employeeId !== undefined && existing.employeeId === employeeId;
}

/** create-user's input without the password, which is never journaled (see the engine). */
function createStep(input: OnboardUserInput, existing: UserState | undefined): PlannedStep {
  const otherAttributes = {
    ...input.otherAttributes,
    ...(input.employeeId !== undefined ? { employeeId: input.employeeId } : {}),
    ...(input.usageLocation !== undefined ? { usageLocation: input.usageLocation.toUpperCase() } : {}),
  };
  const stepInput = {
    createUserAccountEnabled: input.createUserAccountEnabled,
    createUserDisplayName: input.createUserDisplayName,
    createUserMailNickname: input.createUserMailNickname,
    createUserPrincipalName: input.createUserPrincipalName,
    ...(input.forceChangePasswordNextSignIn !== undefined
      ? { forceChangePasswordNextSignIn: input.forceChangePasswordNextSignIn }
      : {}),
    ...(input.forceChangePasswordNextSignInWithMfa !== undefined
      ? { forceChangePasswordNextSignInWithMfa: input.forceChangePasswordNextSignInWithMfa }
      : {}),
    ...(Object.keys(otherAttributes).length ? { otherAttributes } : {}),
  };
  const description = `Create ${input.createUserPrincipalName}`;
  return existing
    ? skipped(
        'create-user',
        'create-user',
        description,
        stepInput,
        `adopted: user ${existing.id} has this UPN and employeeId`,
      )
    : planned('create-user', 'create-user', description, stepInput);
}
