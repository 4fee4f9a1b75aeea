import { Type } from '@sinclair/typebox';

const EXAMPLE_CONNECTION = {
  name: 'default',
  default: true,
  tenantId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  clientId: '0f8d5a3e-7b6c-4d2e-9f1a-2b3c4d5e6f70',
  cloud: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com',
  },
  kind: 'clientSecret',
};

/** One configured connection as the API shows it: ids and kind, never a credential. */
export const ConnectionSchema = Type.Object(
  {
    name: Type.String({
      description: '`default` for the connection from AZURE_*, else its CONNECTIONS_FILE name.',
    }),
    default: Type.Boolean({ description: 'Whether calls that name no connection use this one.' }),
    tenantId: Type.String(),
    clientId: Type.String(),
    cloud: Type.Object({
      name: Type.String({
        description: 'The AZURE_CLOUD preset, or `custom` when GRAPH_BASE_URL / AUTHORITY_HOST differ.',
      }),
      authorityHost: Type.String(),
      graphBaseUrl: Type.String(),
    }),
    kind: Type.String({
      description: 'How the connection proves itself to the authority, e.g. `clientSecret`.',
    }),
    allowedTenants: Type.Optional(Type.Array(Type.String())),
  },
  { examples: [EXAMPLE_CONNECTION] },
);

const Missing = Type.Array(
  Type.Object({
    call: Type.String({ description: 'The Graph call the permission is for.' }),
    anyOf: Type.Array(Type.String(), {
      description: 'Any one of these application permissions would do; the least privileged first.',
    }),
  }),
);

const verdictFields = {
  status: Type.Union(
    [Type.Literal('granted'), Type.Literal('missing'), Type.Literal('depends'), Type.Literal('unknown')],
    {
      description:
        '`granted`; `missing` (see `missing`); `depends` (the custom call: on the endpoint called); `unknown` (the token could not be read).',
    },
  ),
  missing: Type.Optional(Missing),
  note: Type.Optional(Type.String()),
};

export const CheckAnswerSchema = Type.Object(
  {
    connection: ConnectionSchema,
    roles: Type.Union([Type.Array(Type.String()), Type.Null()], {
      description:
        "The application permissions in the token's `roles` claim; null when the token could not be read.",
    }),
    capabilities: Type.Array(Type.Object({ capability: Type.String(), ...verdictFields })),
    workflows: Type.Array(Type.Object({ workflow: Type.String(), ...verdictFields })),
    directoryRoles: Type.Array(
      Type.Object({
        operation: Type.String(),
        description: Type.String(),
        capabilities: Type.Array(Type.String()),
        roles: Type.Array(Type.String(), {
          description: 'Any one of these, assigned tenant-wide, allows it.',
        }),
        status: Type.Union([Type.Literal('confirmed'), Type.Literal('missing'), Type.Literal('unknown')]),
        heldRole: Type.Optional(Type.String()),
        detail: Type.Optional(Type.String()),
      }),
    ),
  },
  {
    examples: [
      {
        connection: EXAMPLE_CONNECTION,
        roles: ['GroupMember.ReadWrite.All', 'User.Read.All'],
        capabilities: [
          { capability: 'read-user', status: 'granted' },
          {
            capability: 'create-user',
            status: 'missing',
            missing: [{ call: 'POST /users', anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] }],
          },
          {
            capability: 'make-a-custom-api-call',
            status: 'depends',
            note: 'Needs what Graph documents for the endpoint called.',
          },
        ],
        workflows: [
          {
            workflow: 'onboard',
            status: 'missing',
            missing: [{ call: 'POST /users', anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] }],
          },
        ],
        directoryRoles: [
          {
            operation: 'reset-password',
            description: 'Reset the password (passwordProfile) of users who hold no administrator role',
            capabilities: ['update-user'],
            roles: ['User Administrator', 'Privileged Authentication Administrator', 'Global Administrator'],
            status: 'unknown',
            detail:
              'The app may not read its role assignments: grant RoleManagement.Read.Directory (or Directory.Read.All).',
          },
        ],
      },
    ],
  },
);
