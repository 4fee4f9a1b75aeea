import { Type } from '@sinclair/typebox';
import { badRequest } from '../../errors/problem.js';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleOutput,
  Nullable,
  OkSchema,
  UserIdSchema,
} from '../common/common-schemas.js';
import { toOutput } from '../common/to-output.js';
import { definedOnly, mergeOtherAttributes } from './merge-other-attributes.js';
import { OtherAttributesSchema } from './other-attributes-schema.js';

/**
 * A text property that `null` clears (Graph semantics); the length limits are the user resource's.
 * @see https://learn.microsoft.com/graph/api/resources/user
 */
const Clearable = (maxLength: number, description: string) =>
  Type.Optional(Nullable(Type.String({ minLength: 1, maxLength, description })));

const UpdateUserInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    displayName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, description: 'Cannot be cleared.' }),
    ),
    accountEnabled: Type.Optional(Type.Boolean({ description: 'false blocks sign-in.' })),
    password: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        writeOnly: true,
        description: 'New password. Never logged.',
      }),
    ),
    forceChangePasswordNextSignIn: Type.Optional(Type.Boolean()),
    forceChangePasswordNextSignInWithMfa: Type.Optional(Type.Boolean()),
    givenName: Clearable(64, 'First name.'),
    surname: Clearable(64, 'Family name.'),
    country: Clearable(128, 'Country, e.g. "US".'),
    state: Clearable(128, 'State or province, e.g. "WA".'),
    city: Clearable(128, 'City, e.g. "Seattle".'),
    department: Clearable(64, 'Department, e.g. "Accounting".'),
    employeeId: Clearable(16, 'Employee identifier, at most 16 characters.'),
    mail: Type.Optional(
      Nullable(Type.String({ maxLength: 256, pattern: '^[^\\s@]+@[^\\s@]+$', description: 'SMTP address.' })),
    ),
    otherAttributes: Type.Optional(OtherAttributesSchema),
  },
  {
    userId: 'priya.quinn@contoso.onmicrosoft.com',
    department: 'Marketing',
    city: 'Redmond',
    employeeId: 'E12345',
  },
);

export const updateUser = defineCapability({
  id: 'update-user',
  name: 'Update User',
  operationId: 'updateUser',
  tag: 'users',
  summary: 'Update a user',
  description:
    'Changes only the fields sent (Graph `PATCH /users/{id}`); `null` clears a clearable field. `password` and the two force-change toggles go into `passwordProfile`. Graph answers 204, so rawResponse is `{"ok": true}`.',
  input: UpdateUserInputSchema,
  output: capabilityOutput(OkSchema),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => true,
  outputExample: exampleOutput({ ok: true }, 204),
  async run({ graph, connection, requestId, deadline }, input) {
    const passwordProfile = definedOnly({
      password: input.password,
      forceChangePasswordNextSignIn: input.forceChangePasswordNextSignIn,
      forceChangePasswordNextSignInWithMfa: input.forceChangePasswordNextSignInWithMfa,
    });
    const named = definedOnly({
      displayName: input.displayName,
      accountEnabled: input.accountEnabled,
      givenName: input.givenName,
      surname: input.surname,
      country: input.country,
      state: input.state,
      city: input.city,
      department: input.department,
      employeeId: input.employeeId,
      mail: input.mail,
      passwordProfile: Object.keys(passwordProfile).length > 0 ? passwordProfile : undefined,
    });
    const body = mergeOtherAttributes(named, input.otherAttributes);
    if (Object.keys(body).length === 0) {
      throw badRequest('NOTHING_TO_UPDATE', 'Send at least one field to change besides userId.');
    }
    const response = await graph.send({
      connection,
      method: 'PATCH',
      path: userPath(input.userId),
      body,
      // Setting the same values again is harmless, so a PATCH may be retried like a PUT.
      idempotent: true,
      requestId,
      deadline,
    });
    return toOutput(response);
  },
});
