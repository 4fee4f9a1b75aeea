/**
 * Every stable problem `code` this service can answer, with its status, title and default hint.
 * Problems are made from here (see problem.ts), and the README's error table is generated from it
 * (`npm run docs:errors`), so a code's status and wording live in one place. Codes are public:
 * callers branch on them, so never rename one.
 */

/** Where a problem came from, as reported in problem+json `source`. */
export type ProblemSource = 'request' | 'service' | 'identity' | 'graph';

/**
 * A status that is not one fixed number: the service passes on another party's status. `passThrough`
 * says whose, for the README.
 */
export interface PassThroughStatus {
  passThrough: string;
}

/** The README sections the table is split into, in this order. */
export const PROBLEM_TOPICS = {
  request: 'The request itself',
  access: 'Access and connections',
  identity: 'The token authority (Microsoft Entra ID)',
  users: 'Users',
  groups: 'Groups',
  licenses: 'Licenses',
  sync: 'Sync cursors',
  workflows: 'Workflows (onboard, move, offboard)',
  batch: 'Batches (`POST /batch`)',
  graph: 'Microsoft Graph',
  service: 'The service',
} as const;

export interface ProblemDefinition {
  status: number | PassThroughStatus;
  source: ProblemSource;
  /** problem+json `title`: the same for every occurrence of the code. */
  title: string;
  /** One line for the README: what happened. */
  meaning: string;
  /** problem+json `hint`, sent unless a call site gives a more specific one. */
  hint?: string;
  topic: keyof typeof PROBLEM_TOPICS;
}

export const ERROR_CATALOGUE = {
  // The request itself
  VALIDATION_FAILED: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'A field is missing, mistyped or unknown; `errors[]` names each (`/userId`).',
    topic: 'request',
  },
  INVALID_JSON: {
    status: 400,
    source: 'request',
    title: 'The request body is not valid JSON',
    meaning: 'The body does not parse as JSON.',
    topic: 'request',
  },
  EMPTY_BODY: {
    status: 400,
    source: 'request',
    title: 'The request body is empty',
    meaning: 'Content-Type is JSON but no body came.',
    topic: 'request',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    source: 'request',
    title: 'Send application/json',
    meaning: 'The body is not `application/json`.',
    topic: 'request',
  },
  BODY_TOO_LARGE: {
    status: 413,
    source: 'request',
    title: 'Request body too large',
    meaning: 'The body is larger than `BODY_LIMIT_BYTES`.',
    topic: 'request',
  },
  INVALID_CONTENT_LENGTH: {
    status: 400,
    source: 'request',
    title: 'Content-Length does not match',
    meaning: 'The body is not as long as its Content-Length says.',
    topic: 'request',
  },
  MALFORMED_REQUEST: {
    status: 400,
    source: 'request',
    title: 'Malformed HTTP request',
    meaning:
      'The HTTP request itself could not be read (request line, header syntax, Content-Length or chunked framing); the connection is closed.',
    topic: 'request',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    source: 'request',
    title: 'The request took too long to arrive',
    meaning:
      'The headers or the body did not arrive within `HTTP_HEADERS_TIMEOUT_MS` / `HTTP_REQUEST_TIMEOUT_MS`; the connection is closed.',
    hint: 'Send the whole request at once, with a Content-Length that matches the body.',
    topic: 'request',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    source: 'request',
    title: 'Request headers too large',
    meaning: "The request's headers exceed Node's limit (16 KB); the connection is closed.",
    topic: 'request',
  },
  BAD_REQUEST: {
    status: { passThrough: "the HTTP framework's 4xx" },
    source: 'request',
    title: 'Bad request',
    meaning: 'Any other malformed request the HTTP framework refused; `detail` says what.',
    topic: 'request',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    source: 'request',
    title: 'No such route',
    meaning: 'No route of this service has this method and path; `/docs` lists them.',
    topic: 'request',
  },
  NOTHING_TO_UPDATE: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'An update names no field to change besides `userId`.',
    topic: 'request',
  },
  NOTHING_TO_CHANGE: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'A license call gives neither `skuId` nor `removeLicenses`.',
    topic: 'request',
  },
  DUPLICATE_ATTRIBUTE: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: '`otherAttributes` repeats a field the request already sets by name.',
    topic: 'request',
  },
  UNSUPPORTED_QUERY_OPTION: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: '`userQuery` holds something other than the OData system query options this call allows.',
    topic: 'request',
  },
  DUPLICATE_QUERY_OPTION: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: '`userQuery` gives the same option twice.',
    topic: 'request',
  },
  EMPTY_QUERY_OPTION: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: '`userQuery` gives an option without a value.',
    topic: 'request',
  },
  INVALID_QUERY_OPTION: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: '`userQuery` gives an option a value it cannot take (e.g. `$top` outside 1 to 999).',
    topic: 'request',
  },
  INVALID_ENDPOINT: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning:
      "The custom call's endpoint would leave the Graph version root (absolute URL, dot segments, ...).",
    topic: 'request',
  },
  FORBIDDEN_HEADER: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'The custom call sets a header the service owns (Authorization, Host, hop-by-hop, ...).',
    topic: 'request',
  },
  INVALID_HEADER: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'A custom-call header has an invalid name, a control character in its value, or comes twice.',
    topic: 'request',
  },
  BODY_NOT_ALLOWED: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'A custom GET carries `bodyData`.',
    topic: 'request',
  },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    source: 'request',
    title: 'Invalid Idempotency-Key header',
    meaning:
      'The `Idempotency-Key` header is empty, longer than 255 characters, not printable ASCII, or sent twice.',
    hint: 'Send one key per operation, e.g. a UUID: Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324".',
    topic: 'request',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    source: 'request',
    title: 'The Idempotency-Key was used for another request',
    meaning: 'An earlier request with this key had another capability or body; a key names one operation.',
    hint: 'Use a new key for a new operation; repeat an operation with exactly the body first sent.',
    topic: 'request',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    source: 'request',
    title: 'A request with this Idempotency-Key is still running',
    meaning:
      'The first request with this key has not finished; repeat after `Retry-After` to get its outcome.',
    topic: 'request',
  },

  // Access and connections
  UNAUTHORIZED: {
    status: 401,
    source: 'request',
    title: 'Missing or invalid API key',
    meaning: 'No `Authorization: Bearer` key, or one not in `API_KEYS`.',
    topic: 'access',
  },
  RATE_LIMITED: {
    status: 429,
    source: 'request',
    title: 'Too many requests',
    meaning: "This caller's per-minute budget is spent; honour `Retry-After`.",
    topic: 'access',
  },
  CONNECTION_REQUIRED: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'No connection is configured and the call names none (or lacks credentials).',
    topic: 'access',
  },
  UNKNOWN_CONNECTION: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: '`connection` names no configured connection.',
    topic: 'access',
  },
  CONNECTION_NOT_FOUND: {
    status: 404,
    source: 'request',
    title: 'No such connection',
    meaning:
      'The `{name}` of `/connections/{name}/check` is not a configured connection (`default` is the one from `AZURE_*`).',
    hint: 'GET /connections lists the configured names.',
    topic: 'access',
  },
  CONNECTION_OVERRIDE_FORBIDDEN: {
    status: 400,
    source: 'request',
    title: "The connection's secret may not be used for this tenant or app",
    meaning:
      "The body names a `clientId`, or a `tenantId` outside the connection's `allowedTenants`, without its own `clientSecret`.",
    hint: "Send your own clientSecret with them, or add the tenant to the connection's allowedTenants (AZURE_ALLOWED_TENANTS for the default connection).",
    topic: 'access',
  },
  REQUEST_CREDENTIALS_FORBIDDEN: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'Credentials came in the body while `ALLOW_REQUEST_CREDENTIALS` is false.',
    topic: 'access',
  },

  // The token authority
  INVALID_CLIENT_SECRET: {
    status: 401,
    source: 'identity',
    title: 'The client secret was rejected',
    meaning: 'The token authority refused the client secret (AADSTS7000215).',
    hint: "Send the secret's Value, not its ID, and check it belongs to this clientId.",
    topic: 'identity',
  },
  CLIENT_SECRET_EXPIRED: {
    status: 401,
    source: 'identity',
    title: 'The client secret has expired',
    meaning: 'The client secret is past its expiry (AADSTS7000222).',
    hint: 'Create a new client secret for the app registration.',
    topic: 'identity',
  },
  INVALID_CLIENT_ASSERTION: {
    status: 401,
    source: 'identity',
    title: 'The client assertion was rejected',
    meaning:
      "The token authority refused the certificate's signed assertion: the certificate is not registered on the app, the signature or claims are wrong, or it is outside its time range (AADSTS700027, 700024, 700021, 50027).",
    hint: "Upload the certificate (its public part) to the app registration's Certificates & secrets, and check the PEM file holds its private key.",
    topic: 'identity',
  },
  FEDERATED_CREDENTIAL_MISMATCH: {
    status: 401,
    source: 'identity',
    title: 'No federated credential matches the token',
    meaning:
      "No federated credential of the app matches the federated token's issuer, subject or audience (AADSTS70021, 700211, 700212, 700213, 7002138).",
    hint: "Compare the app's federated credential (issuer, subject, audience api://AzureADTokenExchange) with the token's claims; subjects are case-sensitive.",
    topic: 'identity',
  },
  CREDENTIAL_UNAVAILABLE: {
    status: 503,
    source: 'identity',
    title: "The connection's credential is not available here",
    meaning:
      'The federated token file cannot be read, no managed identity endpoint answers, or the managed identity asked for is not assigned to this resource.',
    hint: 'Check AZURE_FEDERATED_TOKEN_FILE (the pod needs the workload identity label), or the identity assigned to the Azure resource and AZURE_CLIENT_ID.',
    topic: 'identity',
  },
  UNKNOWN_APPLICATION: {
    status: 400,
    source: 'identity',
    title: 'No app registration with this clientId exists in the tenant',
    meaning: 'The clientId is not an app of the tenant, or not consented there (AADSTS700016).',
    hint: 'Check clientId and tenantId, and that the app was consented in this tenant.',
    topic: 'identity',
  },
  UNKNOWN_TENANT: {
    status: 400,
    source: 'identity',
    title: 'The tenant does not exist or its id is malformed',
    meaning: 'The tenantId names no tenant (AADSTS90002) or is neither a GUID nor a domain (AADSTS900023).',
    hint: "Use the Directory (tenant) ID GUID or one of the tenant's verified domains.",
    topic: 'identity',
  },
  INVALID_SCOPE: {
    status: 400,
    source: 'identity',
    title: 'The token scope was rejected',
    meaning: "The token was asked for a Graph origin the authority's cloud does not serve (AADSTS70011).",
    hint: 'Check GRAPH_BASE_URL.',
    topic: 'identity',
  },
  IDENTITY_THROTTLED: {
    status: 429,
    source: 'identity',
    title: 'The token authority is throttling',
    meaning: 'The token authority kept throttling past the retries; honour `Retry-After`.',
    topic: 'identity',
  },
  IDENTITY_TIMEOUT: {
    status: 504,
    source: 'identity',
    title: 'The token authority timed out',
    meaning: 'The token request got no answer in time (`TOKEN_TIMEOUT_MS`).',
    topic: 'identity',
  },
  IDENTITY_UNREACHABLE: {
    status: 502,
    source: 'identity',
    title: 'The token authority could not be reached',
    meaning: 'DNS, connection or TLS to the authority host failed.',
    topic: 'identity',
  },
  IDENTITY_ERROR: {
    status: { passThrough: "the authority's 4xx, or 502 for its 5xx" },
    source: 'identity',
    title: 'The token request failed',
    meaning: 'Any other token-endpoint refusal; the `identity` field carries its AADSTS code.',
    topic: 'identity',
  },

  // Users
  USER_NOT_FOUND: {
    status: 404,
    source: 'graph',
    title: 'Not found',
    meaning: 'No user with this object id or userPrincipalName.',
    topic: 'users',
  },
  USER_ALREADY_EXISTS: {
    status: 409,
    source: 'graph',
    title: 'A user with this userPrincipalName already exists',
    meaning: 'The userPrincipalName is taken (Graph says 400; a conflict is what it is).',
    hint: 'Pick another principal name; a soft-deleted user keeps its name for 30 days unless purged.',
    topic: 'users',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    source: 'graph',
    title: 'The password does not meet the tenant policy',
    meaning: 'Graph refused the password as too simple.',
    hint: 'Use at least 8 characters from 3 of: lower case, upper case, digits, symbols.',
    topic: 'users',
  },
  UPN_DOMAIN_NOT_VERIFIED: {
    status: 400,
    source: 'graph',
    title: 'The principal name uses a domain the tenant has not verified',
    meaning: "The userPrincipalName's domain is not one of the tenant's verified domains.",
    hint: "Use one of the tenant's verified domains (see GET /organization verifiedDomains).",
    topic: 'users',
  },
  INVALID_USER_PRINCIPAL_NAME: {
    status: 400,
    source: 'graph',
    title: 'The principal name is not valid',
    meaning: 'Graph refused the userPrincipalName as malformed.',
    topic: 'users',
  },
  INVALID_PROPERTY_VALUE: {
    status: 400,
    source: 'graph',
    title: 'Graph rejected a property value',
    meaning: 'Graph refused a property value; `errors[]` names the property.',
    topic: 'users',
  },
  INVALID_ID: {
    status: 400,
    source: 'graph',
    title: 'Graph expected a GUID',
    meaning: 'An id that must be a GUID is not one.',
    topic: 'users',
  },
  MANAGER_NOT_SET: {
    status: 404,
    source: 'graph',
    title: 'The user has no manager',
    meaning: 'The user exists but has no manager (a missing user is `USER_NOT_FOUND`).',
    hint: 'Nothing to remove; send ifNotSet: "succeed" to remove-user-manager to treat this as success.',
    topic: 'users',
  },
  MANAGER_NOT_FOUND: {
    status: 404,
    source: 'graph',
    title: 'The manager does not exist',
    meaning: 'No user with the `managerId` given exists (the user itself does).',
    hint: "Check managerId: the manager's object id or userPrincipalName.",
    topic: 'users',
  },
  MANAGER_IS_SELF: {
    status: 400,
    source: 'request',
    title: 'A user cannot be their own manager',
    meaning: '`userId` and `managerId` name the same user; refused before any Graph call.',
    topic: 'users',
  },
  MANAGER_CYCLE: {
    status: 400,
    source: 'graph',
    title: 'The manager would create a loop in the management chain',
    meaning: 'The manager reports (directly or not) to the user, so the chain would become a loop.',
    hint: "Change the manager's own manager first, or pick another manager.",
    topic: 'users',
  },

  // Groups
  GROUP_NOT_FOUND: {
    status: 404,
    source: 'graph',
    title: 'Not found',
    meaning: 'No group with this object id.',
    hint: 'Check groupId: it must be the object id of a group in this tenant.',
    topic: 'groups',
  },
  USER_OR_GROUP_NOT_FOUND: {
    status: 404,
    source: 'graph',
    title: 'Not found',
    meaning: 'Graph found no user or no group, and the service could not tell which.',
    topic: 'groups',
  },
  ALREADY_A_MEMBER: {
    status: 409,
    source: 'graph',
    title: 'The user is already a member of the group',
    meaning: 'The user is already a direct member; `ifAlreadyMember: "succeed"` makes this a success.',
    hint: 'Nothing to do; send ifAlreadyMember: "succeed" to have a retry report success with changed: false.',
    topic: 'groups',
  },
  NOT_A_MEMBER: {
    status: 404,
    source: 'graph',
    title: 'The user is not a member of the group',
    meaning: 'The user is not a direct member; `ifNotMember: "succeed"` makes this a success.',
    hint: 'Nothing to do; send ifNotMember: "succeed" to have a retry report success with changed: false.',
    topic: 'groups',
  },
  GROUP_MEMBERSHIP_READ_ONLY: {
    status: 400,
    source: 'graph',
    title: 'Graph cannot change the membership of this group',
    meaning: 'A dynamic, mail-enabled security, distribution or on-premises-synced group; `hint` says which.',
    hint: 'Change the membership where the group is managed: its membership rule, Exchange Online, or on-premises Active Directory.',
    topic: 'groups',
  },
  ALREADY_AN_OWNER: {
    status: 409,
    source: 'graph',
    title: 'The user is already an owner of the group',
    meaning: 'The user already owns the group; `ifAlreadyOwner: "succeed"` makes this a success.',
    hint: 'Nothing to do; send ifAlreadyOwner: "succeed" to have a retry report success with changed: false.',
    topic: 'groups',
  },
  NOT_AN_OWNER: {
    status: 404,
    source: 'graph',
    title: 'The user is not an owner of the group',
    meaning: 'The user does not own the group; `ifNotOwner: "succeed"` makes this a success.',
    hint: 'Nothing to do; send ifNotOwner: "succeed" to have a retry report success with changed: false.',
    topic: 'groups',
  },
  LAST_GROUP_OWNER: {
    status: 409,
    source: 'graph',
    title: 'The last owner of a group cannot be removed',
    meaning: "The user is the group's only owner; Graph keeps at least one.",
    hint: 'Add the new owner first (add-group-owner), then remove this one.',
    topic: 'groups',
  },
  GROUP_LIST_TOO_LARGE: {
    status: 502,
    source: 'service',
    title: 'The user belongs to more groups than this service reads',
    meaning: 'More groups than can be listed completely; the list is never truncated silently.',
    topic: 'groups',
  },

  // Licenses
  USAGE_LOCATION_REQUIRED: {
    status: 409,
    source: 'graph',
    title: 'The user has no usage location, which licensing requires',
    meaning: 'Licensing needs the user to have a usageLocation first.',
    hint: 'Send usageLocation (a two-letter country code) with the license call to set it, or set it first with update-user (otherAttributes: {"usageLocation": "US"}).',
    topic: 'licenses',
  },
  UNKNOWN_SKU: {
    status: 400,
    source: 'graph',
    title: 'The tenant has no subscription with this SKU',
    meaning: 'The skuId is not one the tenant subscribes to.',
    hint: 'Use a skuId the tenant owns (list-subscribed-skus lists them), or name the SKU with skuPartNumber.',
    topic: 'licenses',
  },
  UNKNOWN_SKU_PART_NUMBER: {
    status: 400,
    source: 'request',
    title: 'The tenant has no SKU with this name',
    meaning: "`skuPartNumber` names none of the tenant's SKUs; `validValues` lists those it has.",
    hint: 'Use one of validValues, or see list-subscribed-skus.',
    topic: 'licenses',
  },
  UNKNOWN_SERVICE_PLAN: {
    status: 400,
    source: 'request',
    title: 'The SKU has no service plan with this name',
    meaning: 'A `disabledPlans` name is not a plan of the SKU; `validValues` lists the plans it has.',
    hint: 'Use one of validValues, or see list-subscribed-skus.',
    topic: 'licenses',
  },
  NO_FREE_LICENSES: {
    status: 409,
    source: 'graph',
    title: 'All seats of this SKU are in use',
    meaning: 'Every seat of the SKU is assigned; `seats` gives the counts when they could be read.',
    hint: 'Buy more seats or remove the license from another user; free seats = prepaidUnits.enabled - consumedUnits in /subscribedSkus.',
    topic: 'licenses',
  },
  LICENSE_INHERITED_FROM_GROUP: {
    status: 409,
    source: 'graph',
    title: 'The license comes from a group and cannot be removed from the user directly',
    meaning:
      'The license is assigned through a group, not to the user; `groups` names the group(s) when they could be read.',
    hint: 'Remove the user from the group that assigns the license, or remove the license from that group.',
    topic: 'licenses',
  },
  LICENSE_NOT_ASSIGNED: {
    status: 409,
    source: 'graph',
    title: 'The user does not hold this license',
    meaning: 'A license to remove is not assigned to the user.',
    hint: 'Check the user\'s assignedLicenses with read-user (select: ["assignedLicenses"]).',
    topic: 'licenses',
  },
  INVALID_DISABLED_PLAN: {
    status: 400,
    source: 'graph',
    title: 'A disabled plan is not a service plan of the SKU',
    meaning: 'A `disabledPlans` entry is not a service plan of the SKU.',
    hint: 'disabledPlans must be service plan ids or names of the SKU (list-subscribed-skus lists them).',
    topic: 'licenses',
  },

  // Sync cursors
  SYNC_QUERY_MISMATCH: {
    status: 409,
    source: 'request',
    title: 'The cursor was started with another query',
    meaning: 'The `syncKey` tracks another `userQuery`; omit it to resume, or reset the cursor.',
    topic: 'sync',
  },
  SYNC_TOKEN_EXPIRED: {
    status: 410,
    source: 'graph',
    title: 'The delta token has expired',
    meaning: 'Graph expired the delta token and no restart was possible or wanted (`onExpired: "error"`).',
    hint: 'Delta tokens for users last about 7 days; sync more often than that.',
    topic: 'sync',
  },
  CURSOR_CONFLICT: {
    status: 409,
    source: 'request',
    title: 'The sync cursor moved meanwhile',
    meaning: 'Another call advanced the cursor meanwhile (or `expectedVersion` is stale); read it and retry.',
    topic: 'sync',
  },
  SYNC_CURSOR_NOT_FOUND: {
    status: 404,
    source: 'request',
    title: 'No such sync cursor',
    meaning: 'No cursor has this name for this tenant and client id.',
    topic: 'sync',
  },
  INVALID_CURSOR_LINK: {
    status: 400,
    source: 'request',
    title: 'Invalid request',
    meaning: 'A cursor link that is not a `/users/delta` link of the configured Graph.',
    topic: 'sync',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    source: 'service',
    title: 'The state store is unavailable',
    meaning: 'The cursor store cannot be reached; calls without `syncKey` still work.',
    topic: 'sync',
  },

  // Workflows
  WORKFLOW_RUN_NOT_FOUND: {
    status: 404,
    source: 'request',
    title: 'No such workflow run',
    meaning: 'No run has this id for this tenant and client id.',
    topic: 'workflows',
  },
  WORKFLOW_RUN_IN_PROGRESS: {
    status: 409,
    source: 'request',
    title: 'The workflow run is being executed',
    meaning:
      'Another request (or replica) is executing this run; a run left by a crashed process can be resumed once its lease ends.',
    hint: 'Retry after the Retry-After interval, or read the run with GET /workflows/runs/{runId}.',
    topic: 'workflows',
  },
  WORKFLOW_USER_CONFLICT: {
    status: 409,
    source: 'request',
    title: 'Another user has this userPrincipalName',
    meaning:
      'onboard-user found a user with this UPN whose employeeId is not the one sent (or none was sent): it is not adopted.',
    hint: 'Send the employeeId of the existing user to adopt it, or choose another createUserPrincipalName.',
    topic: 'workflows',
  },
  WORKFLOW_PASSWORD_REQUIRED: {
    status: 400,
    source: 'request',
    title: 'The password is needed to create the user',
    meaning:
      'A resumed onboard-user run still has to create the user, and passwords are never journaled: send createUserPassword with the resume.',
    topic: 'workflows',
  },

  // Batches
  BATCH_UNKNOWN_CAPABILITY: {
    status: 400,
    source: 'request',
    title: 'No such capability',
    meaning: "A batch item's `capability` names no capability of this service; `validValues` lists them.",
    topic: 'batch',
  },
  BATCH_CAPABILITY_REFUSED: {
    status: 400,
    source: 'request',
    title: 'This call cannot run inside a batch',
    meaning:
      'A batch item asks for paging or a delta round (`query-user-changes`, `maxPages` above 1), which takes several Graph round trips; `detail` says which.',
    hint: 'Call the capability on its own (POST /capabilities/<id>), or ask for one page in the batch.',
    topic: 'batch',
  },
  SKIPPED_DEPENDENCY_FAILED: {
    status: 424,
    source: 'request',
    title: 'Skipped: a request it depends on failed',
    meaning:
      'A batch item was not run because an item named in its `dependsOn` failed (or was skipped itself); nothing was sent to Graph for it.',
    hint: 'Fix the failed item and send both again.',
    topic: 'batch',
  },

  // Microsoft Graph
  RESOURCE_NOT_FOUND: {
    status: 404,
    source: 'graph',
    title: 'Not found',
    meaning: 'Graph has nothing at this path (custom calls and other 404s without a more specific code).',
    topic: 'graph',
  },
  INSUFFICIENT_PRIVILEGES: {
    status: 403,
    source: 'graph',
    title: 'The app registration lacks the permission or directory role for this call',
    meaning: 'The app lacks a Graph permission (admin consent) or the User Administrator role.',
    hint: 'Grant the application permissions listed in the README (admin consent) and the User Administrator role.',
    topic: 'graph',
  },
  GRAPH_TOKEN_REJECTED: {
    status: 401,
    source: 'graph',
    title: 'Graph rejected the access token',
    meaning: 'Graph refused the access token (401), even a freshly renewed one.',
    topic: 'graph',
  },
  GRAPH_THROTTLED: {
    status: 429,
    source: 'graph',
    title: 'Graph is throttling this application',
    meaning:
      "Graph kept answering 429 past the retries, or the tenant's Graph request budget (`GRAPH_TENANT_BUDGET_PER_10S`) has no room before the call's deadline.",
    hint: 'Retry after the Retry-After interval.',
    topic: 'graph',
  },
  GRAPH_UNAVAILABLE: {
    status: 503,
    source: 'graph',
    title: 'Graph is temporarily unavailable',
    meaning: 'Graph answered 503 (retried first when the call is safe to repeat).',
    topic: 'graph',
  },
  GRAPH_TIMEOUT: {
    status: 504,
    source: 'graph',
    title: 'Graph did not answer in time',
    meaning: 'Graph answered 504, or did not answer within the time limits.',
    topic: 'graph',
  },
  GRAPH_UNREACHABLE: {
    status: 502,
    source: 'graph',
    title: 'Graph could not be reached',
    meaning: 'DNS, connection or TLS to the Graph origin failed.',
    topic: 'graph',
  },
  GRAPH_UPSTREAM_ERROR: {
    status: 502,
    source: 'graph',
    title: 'Graph refused the request',
    meaning: 'Graph failed with a 5xx other than 503 and 504.',
    topic: 'graph',
  },
  GRAPH_BAD_RESPONSE: {
    status: 502,
    source: 'graph',
    title: "Graph's answer could not be used",
    meaning: 'Graph answered with a body that is malformed or too large to pass on, or with a redirect.',
    topic: 'graph',
  },
  GRAPH_UNEXPECTED_LINK: {
    status: 502,
    source: 'graph',
    title: 'Graph returned a link outside its own origin',
    meaning: 'A paging link pointed away from the configured Graph origin and version; it was not followed.',
    topic: 'graph',
  },
  GRAPH_REQUEST_FAILED: {
    status: { passThrough: "Graph's 4xx" },
    source: 'graph',
    title: 'Graph refused the request',
    meaning: 'Any other Graph refusal, with its status; the `graph` field carries its code and message.',
    topic: 'graph',
  },

  // The service
  TENANT_QUEUE_FULL: {
    status: 503,
    source: 'service',
    title: 'Too many calls are waiting for this tenant',
    meaning:
      "This tenant's Graph calls are at their concurrency limit and its queue is full; honour `Retry-After`.",
    topic: 'service',
  },
  SHUTTING_DOWN: {
    status: 503,
    source: 'service',
    title: 'The service is shutting down',
    meaning:
      'This instance is stopping and takes no new requests (it finishes those in flight); retry after `Retry-After`.',
    hint: 'Send the call again: another instance, or this one once restarted, will take it.',
    topic: 'service',
  },
  SERVICE_NOT_READY: {
    status: 503,
    source: 'service',
    title: 'Not ready for traffic',
    meaning:
      '`/readyz` only: a dependency failed its check (the cursor store did not take a test write, say) or the service is shutting down; `checks` says which.',
    hint: 'Read `detail` for the failing check; a store that takes no writes fails every call with a syncKey.',
    topic: 'service',
  },
  INTERNAL_ERROR: {
    status: 500,
    source: 'service',
    title: 'Internal error',
    meaning: 'A bug: report it with the `requestId`.',
    topic: 'service',
  },
} as const satisfies Record<string, ProblemDefinition>;

/** A stable problem code; a code missing from the catalogue does not compile. */
export type ProblemCode = keyof typeof ERROR_CATALOGUE;

type Catalogue = typeof ERROR_CATALOGUE;

/** The codes whose catalogue entry has `Shape`, e.g. `{ status: 404 }`. */
type CodeWhere<Shape> = { [Code in ProblemCode]: Catalogue[Code] extends Shape ? Code : never }[ProblemCode];

/** Codes whose status is fixed in the catalogue. */
export type FixedStatusCode = CodeWhere<{ status: number }>;

/** Codes that pass on another party's status: the call site must give it. */
export type PassThroughCode = Exclude<ProblemCode, FixedStatusCode>;

/** Codes for a 400 about the request itself: what `badRequest` may answer. */
export type BadRequestCode = CodeWhere<{ status: 400; source: 'request' }>;

/** Codes that say what a Graph 404 was missing: what a capability's `notFoundCode` may be. */
export type GraphNotFoundCode = CodeWhere<{ status: 404; source: 'graph' }>;

export function problemDefinition(code: ProblemCode): ProblemDefinition {
  return ERROR_CATALOGUE[code];
}
