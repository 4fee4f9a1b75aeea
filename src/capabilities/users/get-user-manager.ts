import { GraphError } from '../../graph/graph-error.js';
import { graphNotFound } from '../../graph/graph-problem.js';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  UserIdSchema,
  UserRepresentationSchema,
} from '../common/common-schemas.js';
import { selectQuery, selectSchema } from '../common/select-option.js';
import { toOutput } from '../common/to-output.js';
import { userExists } from '../common/user-exists.js';

const GetUserManagerInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    select: selectSchema(
      'The manager\'s properties to return instead of the defaults (Graph `$select`), e.g. ["id","displayName","mail"].',
    ),
  },
  { userId: 'elena.vance@contoso.onmicrosoft.com', select: ['id', 'displayName', 'userPrincipalName'] },
);

export const getUserManager = defineCapability({
  id: 'get-user-manager',
  name: 'Get User Manager',
  operationId: 'getUserManager',
  tag: 'users',
  summary: "Get a user's manager",
  description:
    "Returns the user's manager (Graph `GET /users/{id}/manager`), a directory object with its `@odata.type` and the default user properties, or the `select`ed ones. " +
    'A user without a manager is 404 MANAGER_NOT_SET; a user that does not exist is 404 USER_NOT_FOUND (Graph answers both with the same 404, so the user is looked up to tell them apart).',
  input: GetUserManagerInputSchema,
  output: capabilityOutput(UserRepresentationSchema),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('directoryObjects(id,displayName,userPrincipalName)/$entity'),
      '@odata.type': '#microsoft.graph.user',
      id: 'cdcff99e-0616-4e84-98ec-d33f1f837766',
      displayName: 'Priya Quinn',
      userPrincipalName: 'priya.quinn@contoso.onmicrosoft.com',
    },
    200,
  ),
  async run(context, input) {
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'GET',
        path: `${userPath(input.userId)}/manager`,
        query: new URLSearchParams(selectQuery(input.select)),
        requestId: context.requestId,
        deadline: context.deadline,
        responseType: 'json-text',
      });
      return toOutput(response);
    } catch (error) {
      if (!(error instanceof GraphError && error.status === 404)) throw error;
      const exists = await userExists(context, input.userId);
      if (exists === true) throw graphNotFound(error, 'MANAGER_NOT_SET');
      throw graphNotFound(error, exists === false ? 'USER_NOT_FOUND' : 'RESOURCE_NOT_FOUND');
    }
  },
});
