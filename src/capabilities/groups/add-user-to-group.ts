import { GraphError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import type { GraphRequest } from '../../graph/graph-request.js';
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
import { memberAfterLostAnswer } from './member-after-lost-answer.js';
import { CHANGED_FIELD, GroupIdSchema, IdempotencyOptionSchema } from './membership-options.js';
import { additionNotFound } from './membership-problems.js';

const AddUserToGroupInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    groupId: GroupIdSchema,
    ifAlreadyMember: IdempotencyOptionSchema(
      '`fail` (default): an existing membership is a 409 ALREADY_A_MEMBER. `succeed`: it is success with `changed: false`, so retries are safe.',
    ),
  },
  {
    userId: 'priya.quinn@contoso.onmicrosoft.com',
    groupId: 'b2c7e1a0-0009-4b2c-9000-00000000b009',
    ifAlreadyMember: 'succeed',
  },
);

export const addUserToGroup = defineCapability({
  id: 'add-user-to-group',
  name: 'Add User to Group',
  operationId: 'addUserToGroup',
  tag: 'groups',
  summary: 'Add a user to a security or Microsoft 365 group',
  description:
    'Adds the user as a direct member (Graph `POST /groups/{groupId}/members/$ref` with `{"@odata.id": "<graph root>/directoryObjects/{id}"}`). ' +
    "Graph needs the user's object id there, so a userPrincipalName is first resolved with `GET /users/{upn}?$select=id`. " +
    'Mail-enabled security groups, distribution lists, dynamic and on-premises-synced groups cannot be changed through Graph (GROUP_MEMBERSHIP_READ_ONLY). ' +
    'When Graph\'s answer is lost after it may have made the addition (connection dropped, timeout, 503/504), it is sent once more; a second answer of 204 or "already a member" is reported as the addition made (`changed: true`). ' +
    'Use `ifAlreadyMember: "succeed"` to make your own retries safe.',
  input: AddUserToGroupInputSchema,
  output: capabilityOutput(OkSchema, CHANGED_FIELD),
  notFoundCode: 'USER_OR_GROUP_NOT_FOUND',
  errorStatuses: [404, 409],
  mutates: () => true,
  outputExample: exampleOutput({ ok: true }, 204, { changed: true }),
  async run(context, input) {
    const userObjectId = await resolveUserObjectId(context, input.userId);
    const root = context.graph.cloud.graphBaseUrl.replace(/\/+$/, '');
    const addition: GraphRequest = {
      connection: context.connection,
      method: 'POST',
      path: `${groupPath(input.groupId)}/members/$ref`,
      body: { '@odata.id': `${root}/${context.graphApiVersion}/directoryObjects/${userObjectId}` },
      requestId: context.requestId,
      deadline: context.deadline,
    };
    try {
      const response = await context.graph.send(addition);
      // Graph answers 204; whatever body a Graph-compatible endpoint adds, the result is the same.
      return { ...toOutput(response), rawResponse: { ok: true }, changed: true };
    } catch (error) {
      if (outcomeMayBeUnknown(error)) {
        const learned = await memberAfterLostAnswer(context, addition, error);
        if (learned) return learned;
      }
      if (!(error instanceof GraphError)) throw error;
      const problem = graphProblem(error);
      if (problem.code === 'ALREADY_A_MEMBER' && input.ifAlreadyMember === 'succeed') {
        return refusalOutput(error, false);
      }
      if (error.status !== 404) throw problem;
      throw await additionNotFound(context, input.groupId, error);
    }
  },
});
