import { GraphError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import { groupPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleOutput,
  OkSchema,
  UserIdSchema,
} from '../common/common-schemas.js';
import { outcomeMayBeUnknown } from '../common/lost-answer.js';
import { refusalOutput } from '../common/refusal-output.js';
import { resolveUserObjectId } from '../common/resolve-user-object-id.js';
import { toOutput } from '../common/to-output.js';
import { GroupIdSchema, IdempotencyOptionSchema } from './membership-options.js';
import { additionNotFound } from './membership-problems.js';
import { ownerAfterLostAnswer } from './owner-after-lost-answer.js';
import { OWNER_CHANGED_FIELD } from './owner-options.js';

const AddGroupOwnerInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    groupId: GroupIdSchema,
    ifAlreadyOwner: IdempotencyOptionSchema(
      '`fail` (default): an existing ownership is a 409 ALREADY_AN_OWNER. `succeed`: it is success with `changed: false`, so retries are safe.',
    ),
  },
  {
    userId: 'priya.quinn@contoso.onmicrosoft.com',
    groupId: 'b2c7e1a0-0009-4b2c-9000-00000000b009',
    ifAlreadyOwner: 'succeed',
  },
);

export const addGroupOwner = defineCapability({
  id: 'add-group-owner',
  name: 'Add Group Owner',
  operationId: 'addGroupOwner',
  tag: 'groups',
  summary: 'Make a user an owner of a group',
  description:
    'Adds the user to the group\'s owners (Graph `POST /groups/{groupId}/owners/$ref` with `{"@odata.id": "<graph root>/directoryObjects/{id}"}`); it does not make them a member. ' +
    "A userPrincipalName is first resolved to the user's object id. " +
    'Not retried once Graph may have applied it; use `ifAlreadyOwner: "succeed"` to make your own retries safe.',
  input: AddGroupOwnerInputSchema,
  output: capabilityOutput(OkSchema, OWNER_CHANGED_FIELD),
  notFoundCode: 'USER_OR_GROUP_NOT_FOUND',
  errorStatuses: [404, 409],
  mutates: () => true,
  outputExample: exampleOutput(
    {
      ok: true,
    },
    204,
    {
      changed: true,
    },
  ),
  async run(context, input) {
    const userObjectId = await resolveUserObjectId(context, input.userId);
    const root = context.graph.cloud.graphBaseUrl.replace(/\/+$/, '');
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'POST',
        path: `${groupPath(input.groupId)}/owners/$ref`,
        body: { '@odata.id': `${root}/${context.graphApiVersion}/directoryObjects/${userObjectId}` },
        requestId: context.requestId,
        deadline: context.deadline,
      });
      return { ...toOutput(response), rawResponse: { ok: true }, changed: true };
    } catch (error) {
      if (outcomeMayBeUnknown(error)) {
        const learned = await ownerAfterLostAnswer(context, input.groupId, userObjectId, error);
        if (learned) return learned;
      }
      if (!(error instanceof GraphError)) throw error;
      const problem = graphProblem(error);
      if (problem.code === 'ALREADY_AN_OWNER' && input.ifAlreadyOwner === 'succeed') {
        return refusalOutput(error, false);
      }
      if (error.status !== 404) throw problem;
      throw await additionNotFound(context, input.groupId, error);
    }
  },
});
