import { type Static, Type } from '@sinclair/typebox';
import { CREDENTIAL_FIELDS, Nullable, UserIdSchema } from '../capabilities/common/common-schemas.js';
import { GroupIdSchema } from '../capabilities/groups/membership-options.js';
import { CreateUserInputSchema } from '../capabilities/users/create-user.js';
import { OtherAttributesSchema } from '../capabilities/users/other-attributes-schema.js';

/**
 * The workflows' request bodies. Field names are the capabilities' own (create-user's `createUser*`,
 * `managerId`, `groupId`s, manage-user-license's `skuId` / `skuPartNumber` / `disabledPlans` /
 * `usageLocation`), so a caller moving from ten calls to one keeps its vocabulary.
 */

const CREATE = CreateUserInputSchema.properties;

const DryRunSchema = Type.Optional(
  Type.Boolean({
    description:
      'true: answer with the plan computed from the tenant now, and change nothing. Default false.',
  }),
);

const ManagerIdSchema = Type.String({
  minLength: UserIdSchema.minLength,
  maxLength: UserIdSchema.maxLength,
  pattern: UserIdSchema.pattern,
  description: 'The manager\'s object id or userPrincipalName, e.g. "priya.quinn@contoso.onmicrosoft.com".',
});

const GroupIdsSchema = (description: string) =>
  Type.Array(GroupIdSchema, { maxItems: 100, uniqueItems: true, description });

const LicenseSchema = Type.Object(
  {
    skuId: Type.Optional(
      Type.String({ pattern: GroupIdSchema.pattern, description: 'SKU id of the license.' }),
    ),
    skuPartNumber: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Or the SKU by name, e.g. "ENTERPRISEPACK".',
      }),
    ),
    disabledPlans: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100,
        description: 'Service plans to turn off, by id or name, e.g. ["TEAMS1"].',
      }),
    ),
  },
  { additionalProperties: false, description: 'One license: skuId or skuPartNumber (exactly one).' },
);

const LicensesSchema = (description: string) => Type.Array(LicenseSchema, { maxItems: 50, description });

const UsageLocationSchema = Type.Optional(
  Type.String({
    pattern: '^[A-Za-z]{2}$',
    description:
      'Two-letter country code set on the user before licensing when the user has none, e.g. "US".',
  }),
);

export const OnboardUserInputSchema = Type.Object(
  {
    createUserAccountEnabled: CREATE.createUserAccountEnabled,
    createUserDisplayName: CREATE.createUserDisplayName,
    createUserMailNickname: CREATE.createUserMailNickname,
    createUserPrincipalName: CREATE.createUserPrincipalName,
    createUserPassword: CREATE.createUserPassword,
    forceChangePasswordNextSignIn: CREATE.forceChangePasswordNextSignIn,
    forceChangePasswordNextSignInWithMfa: CREATE.forceChangePasswordNextSignInWithMfa,
    employeeId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 16,
        description:
          'Employee identifier. A user who already has this UPN is adopted (not created again) only when their employeeId is this one.',
      }),
    ),
    otherAttributes: Type.Optional(OtherAttributesSchema),
    managerId: Type.Optional(ManagerIdSchema),
    groupIds: Type.Optional(GroupIdsSchema('Groups to add the user to (direct membership).')),
    licenses: Type.Optional(LicensesSchema('Licenses to assign.')),
    usageLocation: UsageLocationSchema,
    dryRun: DryRunSchema,
    ...CREDENTIAL_FIELDS,
  },
  {
    additionalProperties: false,
    examples: [
      {
        createUserAccountEnabled: true,
        createUserDisplayName: 'Jordan Smith',
        createUserMailNickname: 'jsmith',
        createUserPrincipalName: 'jsmith@contoso.onmicrosoft.com',
        createUserPassword: 'Correct-Horse-9-Battery',
        employeeId: 'E10042',
        managerId: 'priya.quinn@contoso.onmicrosoft.com',
        groupIds: ['b2c7e1a0-0009-4b2c-9000-00000000b009'],
        licenses: [{ skuPartNumber: 'ENTERPRISEPACK' }],
        usageLocation: 'US',
        dryRun: true,
      },
    ],
  },
);

export const MoveUserInputSchema = Type.Object(
  {
    userId: UserIdSchema,
    department: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'null clears it.' })),
    ),
    jobTitle: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 128, description: 'null clears it.' })),
    ),
    managerId: Type.Optional(Nullable(ManagerIdSchema)),
    groupIds: Type.Optional(
      GroupIdsSchema(
        'The complete set of direct memberships wanted: missing ones are added, others removed (dynamic, synced and Exchange-managed groups are reported, never changed). Absent: memberships are left alone.',
      ),
    ),
    licenses: Type.Optional(
      LicensesSchema(
        'The complete set of directly assigned licenses wanted: missing ones are assigned, others removed (licenses from groups are reported). Absent: licenses are left alone.',
      ),
    ),
    usageLocation: UsageLocationSchema,
    dryRun: DryRunSchema,
    ...CREDENTIAL_FIELDS,
  },
  {
    additionalProperties: false,
    examples: [
      {
        userId: 'nia.okafor@contoso.onmicrosoft.com',
        department: 'Marketing',
        jobTitle: 'Marketing Lead',
        groupIds: ['b2c7e1a0-0009-4b2c-9000-00000000b009'],
        dryRun: true,
      },
    ],
  },
);

export const OffboardUserInputSchema = Type.Object(
  {
    userId: UserIdSchema,
    deleteUser: Type.Optional(
      Type.Boolean({
        description: 'true: delete the user once every other step has succeeded. Default false.',
      }),
    ),
    dryRun: DryRunSchema,
    ...CREDENTIAL_FIELDS,
  },
  {
    additionalProperties: false,
    examples: [{ userId: 'tariq.cohen@contoso.onmicrosoft.com', dryRun: true }],
  },
);

export const ResumeInputSchema = Type.Object(
  {
    createUserPassword: Type.Optional(CREATE.createUserPassword),
    ...CREDENTIAL_FIELDS,
  },
  {
    additionalProperties: false,
    description:
      'The connection the run acts as (as at its start), and, for an onboard-user run that has not created the user yet, the password again: it is never journaled.',
  },
);

type WithoutCredentials<T> = Omit<T, keyof typeof CREDENTIAL_FIELDS>;
export type OnboardUserInput = WithoutCredentials<Static<typeof OnboardUserInputSchema>>;
export type MoveUserInput = WithoutCredentials<Static<typeof MoveUserInputSchema>>;
export type OffboardUserInput = WithoutCredentials<Static<typeof OffboardUserInputSchema>>;
