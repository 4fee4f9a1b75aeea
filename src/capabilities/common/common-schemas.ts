import { type TProperties, type TSchema, Type } from '@sinclair/typebox';
import { TENANT_PATTERN } from '../../config/connection.js';
import { SYNC_KEY_PATTERN } from '../../stores/cursor-validation.js';

const GUID_BODY = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const GUID_PATTERN = `^${GUID_BODY}$`;

/** The credential fields every capability accepts (clientId, clientSecret, tenantId) plus `connection`. */
export const CREDENTIAL_FIELDS = {
  clientId: Type.Optional(
    Type.String({
      pattern: GUID_PATTERN,
      description: 'Application (client) ID to act as. Overrides the connection.',
    }),
  ),
  clientSecret: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1024,
      writeOnly: true,
      description: "The client secret's Value. Never logged or returned.",
    }),
  ),
  tenantId: Type.Optional(
    Type.String({
      pattern: TENANT_PATTERN,
      description: 'Directory (tenant) ID, or a verified domain of the tenant. Overrides the connection.',
    }),
  ),
  connection: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'Name of a configured connection.' }),
  ),
};

export type CredentialFieldName = keyof typeof CREDENTIAL_FIELDS;

/** A capability's body: its own fields plus the credential fields; unknown fields are rejected. */
export function capabilityInput<P extends TProperties>(properties: P, example: Record<string, unknown>) {
  return Type.Object(
    { ...properties, ...CREDENTIAL_FIELDS },
    { additionalProperties: false, examples: [example] },
  );
}

export const UserIdSchema = Type.String({
  minLength: 3,
  maxLength: 1024,
  // An object id, or a UPN (guest `#EXT#`, `'` and leading `$` forms included). No whitespace or
  // path characters, so a value can never change which resource a call addresses.
  pattern: `^(?:${GUID_BODY}|[^\\s/\\\\?@\\u0000-\\u001f\\u007f]+@[^\\s/\\\\?@\\u0000-\\u001f\\u007f]+)$`,
  description: 'The user\'s object id or userPrincipalName, e.g. "jsmith@example.com".',
  examples: ['priya.quinn@contoso.onmicrosoft.com'],
});

/** Names a persisted delta cursor; safe in a URL path segment. */
export const SyncKeySchema = Type.String({
  // The store's own rule, so a key the API accepts is always one the store accepts.
  pattern: SYNC_KEY_PATTERN.source,
  description: 'Name of the persisted delta cursor (per tenant and client id), e.g. "hr-directory-sync".',
  examples: ['hr-directory-sync'],
});

/** A Graph property name, for `$select`-style lists. */
export const PropertyNameSchema = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,127}$' });

/** Graph nulls must survive serialisation: fast-json-stringify would turn a plain string's null into "". */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The connector's output envelope around a capability-specific rawResponse. */
export function capabilityOutput(rawResponse: TSchema, extra: TProperties = {}) {
  return Type.Object({
    output: Type.Object({
      rawResponse,
      statusCode: Type.Integer({ description: "Graph's HTTP status." }),
      headers: Type.Record(Type.String(), Type.String(), {
        description: 'Graph response headers worth keeping (request-id, client-request-id, ...).',
      }),
      ...extra,
    }),
  });
}

/** A Graph user as returned by read/create: the 11 default properties, and whatever `$select` adds. */
export const UserRepresentationSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    id: Type.Optional(Type.String()),
    businessPhones: Type.Optional(Type.Array(Type.String())),
    displayName: Type.Optional(Nullable(Type.String())),
    givenName: Type.Optional(Nullable(Type.String())),
    jobTitle: Type.Optional(Nullable(Type.String())),
    mail: Type.Optional(Nullable(Type.String())),
    mobilePhone: Type.Optional(Nullable(Type.String())),
    officeLocation: Type.Optional(Nullable(Type.String())),
    preferredLanguage: Type.Optional(Nullable(Type.String())),
    surname: Type.Optional(Nullable(Type.String())),
    userPrincipalName: Type.Optional(Nullable(Type.String())),
  },
  { additionalProperties: true },
);

/** rawResponse when Graph answers 204 No Content. */
export const OkSchema = Type.Object({ ok: Type.Literal(true) });

/** Graph's own origin in documented examples: what a live call's links and contexts name. */
const EXAMPLE_GRAPH = 'https://graph.microsoft.com/v1.0';

/** The `headers` of a documented example: the ids to quote to Microsoft support. */
export const EXAMPLE_GRAPH_HEADERS = {
  'request-id': '5b1f81f4-8e84-450c-9733-07a9e66e2345',
  'client-request-id': 'ab7eefe0-906d-4dd4-9e31-1e6a17becbfe',
};

/** An `@odata.context` of a documented example, e.g. `users/$entity`. */
export const exampleContext = (fragment: string) => `${EXAMPLE_GRAPH}/$metadata#${fragment}`;

/** A documented 200 body: the output envelope around `rawResponse`. */
export function exampleOutput(rawResponse: unknown, statusCode: number, extra: Record<string, unknown> = {}) {
  return { output: { rawResponse, statusCode, headers: EXAMPLE_GRAPH_HEADERS, ...extra } };
}

/** Priya Quinn, a user of the sandbox tenant, as Graph returns her 11 default properties. */
export const EXAMPLE_USER = {
  id: 'cdcff99e-0616-4e84-98ec-d33f1f837766',
  businessPhones: ['+1 512 555 5190'],
  displayName: 'Priya Quinn',
  givenName: 'Priya',
  jobTitle: 'Support Engineer',
  mail: 'priya.quinn@contoso.com',
  mobilePhone: null,
  officeLocation: 'Austin 13/307',
  preferredLanguage: 'en-US',
  surname: 'Quinn',
  userPrincipalName: 'priya.quinn@contoso.onmicrosoft.com',
};
