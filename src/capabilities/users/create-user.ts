import { Type } from '@sinclair/typebox';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  UserRepresentationSchema,
} from '../common/common-schemas.js';
import { outcomeMayBeUnknown } from '../common/lost-answer.js';
import { toOutput } from '../common/to-output.js';
import { definedOnly, mergeOtherAttributes } from './merge-other-attributes.js';
import { OtherAttributesSchema } from './other-attributes-schema.js';
import { findCreatedUser } from './recover-lost-create.js';

const example = {
  createUserAccountEnabled: true,
  createUserDisplayName: 'New Hire',
  createUserMailNickname: 'new.hire',
  createUserPrincipalName: 'new.hire@contoso.onmicrosoft.com',
  createUserPassword: 'Correct-Horse-9-Battery',
  forceChangePasswordNextSignIn: true,
  otherAttributes: { givenName: 'New', surname: 'Hire', usageLocation: 'US', department: 'Finance' },
};

export const CreateUserInputSchema = capabilityInput(
  {
    createUserAccountEnabled: Type.Boolean({
      description: 'When true, the account is enabled and ready to use.',
    }),
    createUserDisplayName: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'Name shown in the address book.',
    }),
    createUserMailNickname: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[^\\s@()<>\\[\\];:\\\\",]+$',
      description: 'Mail alias, e.g. "jsmith".',
    }),
    createUserPrincipalName: Type.String({
      minLength: 3,
      maxLength: 113,
      pattern: '^[^\\s@]+@[^\\s@]+$',
      description: 'Sign-in name, e.g. "jsmith@example.com"; the domain must be verified in the tenant.',
    }),
    createUserPassword: Type.String({
      minLength: 1,
      maxLength: 256,
      writeOnly: true,
      description: 'Initial password. Never logged or returned.',
    }),
    forceChangePasswordNextSignIn: Type.Optional(
      Type.Boolean({ description: 'The user must set a new password at next sign-in.' }),
    ),
    forceChangePasswordNextSignInWithMfa: Type.Optional(
      Type.Boolean({ description: 'The user must pass MFA, then set a new password at next sign-in.' }),
    ),
    otherAttributes: Type.Optional(OtherAttributesSchema),
  },
  example,
);

export const createUser = defineCapability({
  id: 'create-user',
  name: 'Create User',
  operationId: 'createUser',
  tag: 'users',
  summary: 'Create a user account',
  description:
    'Creates a user (Graph `POST /users`). `otherAttributes` adds any other writable user property, e.g. usageLocation (needed before licensing). Not retried after Graph may have applied it, so a user is never created twice; when the answer is lost, the service looks the UPN up and reports the user it created with `recovered: true`.',
  input: CreateUserInputSchema,
  output: capabilityOutput(UserRepresentationSchema, {
    recovered: Type.Optional(
      Type.Literal(true, {
        description:
          "Present when Graph's answer to the create was lost (dropped connection, timeout) and the service found the user it created by looking the UPN up: the create happened once.",
      }),
    ),
  }),
  errorStatuses: [409],
  mutates: () => true,
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('users/$entity'),
      id: '702aa5dd-4304-4259-99d7-9f01905d4522',
      businessPhones: [],
      displayName: 'New Hire',
      givenName: 'New',
      jobTitle: null,
      mail: null,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      surname: 'Hire',
      userPrincipalName: 'new.hire@contoso.onmicrosoft.com',
    },
    201,
  ),
  async run({ graph, connection, requestId, deadline, log }, input) {
    const body = mergeOtherAttributes(
      {
        accountEnabled: input.createUserAccountEnabled,
        displayName: input.createUserDisplayName,
        mailNickname: input.createUserMailNickname,
        userPrincipalName: input.createUserPrincipalName,
        passwordProfile: definedOnly({
          password: input.createUserPassword,
          forceChangePasswordNextSignIn: input.forceChangePasswordNextSignIn,
          forceChangePasswordNextSignInWithMfa: input.forceChangePasswordNextSignInWithMfa,
        }),
      },
      input.otherAttributes,
    );
    const attemptStartedAt = Date.now();
    try {
      const response = await graph.send({
        connection,
        method: 'POST',
        path: '/users',
        body,
        requestId,
        deadline,
        // The created user goes back to the caller as Graph wrote it: no need to parse it here.
        responseType: 'json-text',
      });
      return toOutput(response);
    } catch (error) {
      if (!outcomeMayBeUnknown(error)) throw error;
      const found = await findCreatedUser(
        graph,
        { connection, requestId, deadline },
        { userPrincipalName: input.createUserPrincipalName, mailNickname: input.createUserMailNickname },
        { startedAt: attemptStartedAt, failure: error },
      );
      if (!found) throw error;
      log.warn({ requestId }, 'the answer to a create was lost; the created user was found by its UPN');
      return { ...toOutput(found), recovered: true };
    }
  },
});
