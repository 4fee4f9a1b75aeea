import { type CapabilityContext, type CapabilityOutput, heldOutput } from '../capabilities/capability.js';
import { createUser } from '../capabilities/users/create-user.js';
import { problem } from '../errors/problem.js';
import type { ServiceError } from '../errors/service-error.js';
import { JsonText } from '../graph/json-text.js';
import { isSamePerson } from './plan-onboard.js';
import { readUserState } from './tenant-reader.js';

export interface CreateOutcome {
  userObjectId: string;
  changed: boolean;
}

/**
 * The onboard run's create step. On a first attempt the plan has just seen no user with the UPN,
 * so it creates. On a repeat (a resume after a crash, or after a failure) the user may exist from
 * the attempt before: the one with this UPN and employeeId is adopted, not created twice. A create
 * refused because the UPN is taken (the earlier user not yet visible to reads) is looked up again.
 */
export async function createOrAdopt(
  context: CapabilityContext,
  input: Record<string, unknown>,
  options: {
    repeat: boolean;
    password: string | undefined;
    describeError: (error: unknown) => ServiceError;
    afterConflict: () => Promise<boolean>;
  },
): Promise<CreateOutcome> {
  const upn = String(input['createUserPrincipalName']);
  const employeeId = (input['otherAttributes'] as Record<string, unknown> | undefined)?.['employeeId'];
  const adopt = async (): Promise<CreateOutcome | undefined> => {
    const existing = await readUserState(context, upn);
    if (!existing) return undefined;
    if (!isSamePerson(existing, typeof employeeId === 'string' ? employeeId : undefined)) {
      throw problem(
        'WORKFLOW_USER_CONFLICT',
        `A user with userPrincipalName '${upn}' exists with another employeeId.`,
      );
    }
    return { userObjectId: existing.id, changed: false };
  };
  if (options.repeat) {
    const adopted = await adopt();
    if (adopted) return adopted;
  }
  if (options.password === undefined) {
    throw problem(
      'WORKFLOW_PASSWORD_REQUIRED',
      'The user is not created yet; send createUserPassword with the resume.',
      {
        errors: [{ path: '/createUserPassword', message: 'is required to create the user' }],
      },
    );
  }
  try {
    const output = heldOutput(
      await createUser.run(context, { ...input, createUserPassword: options.password } as never),
    );
    return { userObjectId: createdId(output), changed: true };
  } catch (error) {
    if (options.describeError(error).code !== 'USER_ALREADY_EXISTS') throw error;
    // Taken by the user an earlier attempt created: find it once reads see it.
    do {
      const adopted = await adopt();
      if (adopted) return adopted;
    } while (await options.afterConflict());
    throw error;
  }
}

function createdId(output: CapabilityOutput): string {
  const raw =
    output.rawResponse instanceof JsonText ? JSON.parse(output.rawResponse.text()) : output.rawResponse;
  return String((raw as { id?: unknown })?.id ?? '').toLowerCase();
}
