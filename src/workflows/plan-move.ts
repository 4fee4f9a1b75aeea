import type { CapabilityContext } from '../capabilities/capability.js';
import { problem } from '../errors/problem.js';
import { addLicenseInput, licenseName, targetSkuIds } from './license-targets.js';
import { readDirectGroups, readManagerId, readUserState } from './tenant-reader.js';
import type { MoveUserInput } from './workflow-inputs.js';
import { type PlannedStep, planned, skipped, subjectsOf, type WorkflowPlan } from './workflow-plan.js';

/**
 * The mover: the target state (department, job title, manager, groups, licenses) against the
 * current one. Only differences become steps; a field left out is left alone.
 */
export async function planMove(context: CapabilityContext, input: MoveUserInput): Promise<WorkflowPlan> {
  const user = await readUserState(context, input.userId);
  if (!user) throw problem('USER_NOT_FOUND', `No user '${input.userId}' exists.`);
  const userId = user.id;
  const steps: PlannedStep[] = [];

  const changes: Record<string, unknown> = {};
  if (input.department !== undefined && input.department !== user.department)
    changes['department'] = input.department;
  const jobTitle = input.jobTitle !== undefined && input.jobTitle !== user.jobTitle;
  if (Object.keys(changes).length || jobTitle) {
    const fields = [...Object.keys(changes), ...(jobTitle ? ['jobTitle'] : [])].join(', ');
    steps.push(
      planned('update-user', 'update-user', `Set ${fields}`, {
        userId,
        ...changes,
        ...(jobTitle ? { otherAttributes: { jobTitle: input.jobTitle } } : {}),
      }),
    );
  }

  if (input.managerId !== undefined) {
    const current = await readManagerId(context, userId);
    if (input.managerId === null) {
      const clear = { userId, ifNotSet: 'succeed' };
      if (current)
        steps.push(planned('remove-user-manager', 'remove-user-manager', 'Clear the manager', clear));
    } else {
      const wanted = (await readUserState(context, input.managerId))?.id;
      if (!wanted)
        throw problem('MANAGER_NOT_FOUND', `No user '${input.managerId}' exists to be the manager.`);
      if (wanted !== current) {
        steps.push(
          planned('set-user-manager', 'set-user-manager', `Set the manager to ${input.managerId}`, {
            userId,
            managerId: input.managerId,
          }),
        );
      }
    }
  }

  if (input.groupIds !== undefined) {
    const wanted = new Set(input.groupIds.map((id) => id.toLowerCase()));
    const current = await readDirectGroups(context, userId);
    const currentIds = new Set(current.map((group) => group.id));
    for (const groupId of wanted) {
      if (currentIds.has(groupId)) continue;
      steps.push(
        planned(`add-user-to-group:${groupId}`, 'add-user-to-group', `Add to group ${groupId}`, {
          userId,
          groupId,
          ifAlreadyMember: 'succeed',
        }),
      );
    }
    for (const group of current) {
      if (wanted.has(group.id)) continue;
      const id = `remove-user-from-group:${group.id}`;
      const description = `Remove from group ${group.displayName ?? group.id}`;
      const stepInput = { userId, groupId: group.id, ifNotMember: 'succeed' };
      steps.push(
        group.notChangeable
          ? skipped(id, 'remove-user-from-group', description, stepInput, group.notChangeable)
          : planned(id, 'remove-user-from-group', description, stepInput),
      );
    }
  }

  if (input.licenses !== undefined) steps.push(...(await licenseSteps(context, input, user)));
  return { subjects: subjectsOf(input.userId, user.userPrincipalName, user.id), steps };
}

async function licenseSteps(
  context: CapabilityContext,
  input: MoveUserInput,
  user: NonNullable<Awaited<ReturnType<typeof readUserState>>>,
): Promise<PlannedStep[]> {
  const targets = input.licenses ?? [];
  const wanted = await targetSkuIds(context, targets);
  const direct = new Set(user.licenses.filter((l) => l.assignedByGroup === null).map((l) => l.skuId));
  const steps: PlannedStep[] = [];
  targets.forEach((license, index) => {
    if (direct.has(wanted[index]!)) return;
    steps.push(
      planned(
        `manage-user-license:${wanted[index]}`,
        'manage-user-license',
        `Assign ${licenseName(license)}`,
        addLicenseInput(user.id, license, input.usageLocation),
      ),
    );
  });
  const extra = [...direct].filter((skuId) => !wanted.includes(skuId));
  if (extra.length) {
    steps.push(
      planned(
        'remove-licenses',
        'manage-user-license',
        'Remove the direct licenses not wanted',
        {
          userId: user.id,
          removeLicenses: extra,
        },
        ['LICENSE_NOT_ASSIGNED'],
      ),
    );
  }
  for (const inherited of user.licenses.filter(
    (l) => l.assignedByGroup !== null && !wanted.includes(l.skuId),
  )) {
    steps.push(
      skipped(
        `inherited-license:${inherited.skuId}:${inherited.assignedByGroup}`,
        'manage-user-license',
        `License ${inherited.skuId}`,
        { userId: user.id, removeLicenses: [inherited.skuId] },
        `assigned through group ${inherited.assignedByGroup}: it follows that membership`,
      ),
    );
  }
  return steps;
}
