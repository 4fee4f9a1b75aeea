/**
 * The body and answer of `POST /batch`: many capability calls in one request. Each item names a
 * capability and carries exactly the body `POST /capabilities/<id>` takes; the envelope is checked
 * here, each `input` later against its own capability's schema (a bad item does not stop the rest).
 */
import { Type } from '@sinclair/typebox';

/** Items one `/batch` request may hold. */
export const MAX_BATCH_ITEMS = 1000;

const ItemIdSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Names the item in the answer and in `dependsOn`; unique within the batch.',
});

const BatchItemSchema = Type.Object(
  {
    id: ItemIdSchema,
    capability: Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'A capability id, as in `POST /capabilities/<id>`, e.g. `create-user`. Paging and delta calls (`query-user-changes`, `maxPages` above 1) are refused per item.',
    }),
    input: Type.Optional(
      Type.Unknown({
        description:
          "That capability's request body, exactly as its own route takes it (credential fields and `connection` included); `{}` when absent.",
      }),
    ),
    dependsOn: Type.Optional(
      Type.Array(ItemIdSchema, {
        maxItems: 20,
        uniqueItems: true,
        description:
          'Ids of earlier items that must succeed first; when one fails, this item is skipped (424 SKIPPED_DEPENDENCY_FAILED).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const BatchBodySchema = Type.Object(
  {
    requests: Type.Array(BatchItemSchema, {
      minItems: 1,
      maxItems: MAX_BATCH_ITEMS,
      description: `Up to ${MAX_BATCH_ITEMS} capability calls. Items without dependsOn run together, packed into Graph \`$batch\` requests of 20.`,
    }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        requests: [
          {
            id: 'new-hire',
            capability: 'create-user',
            input: {
              createUserAccountEnabled: true,
              createUserDisplayName: 'Rowan Price',
              createUserMailNickname: 'rprice',
              createUserPrincipalName: 'rprice@contoso.onmicrosoft.com',
              createUserPassword: 'Correct-Horse-9-Battery',
              otherAttributes: { usageLocation: 'US', department: 'Finance' },
            },
          },
          {
            id: 'new-hire-manager',
            capability: 'set-user-manager',
            dependsOn: ['new-hire'],
            input: {
              userId: 'rprice@contoso.onmicrosoft.com',
              managerId: 'priya.quinn@contoso.onmicrosoft.com',
            },
          },
          {
            id: 'check',
            capability: 'read-user',
            input: { userId: 'adele.vance_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
          },
        ],
      },
    ],
  },
);

export type BatchBody = typeof BatchBodySchema.static;
export type BatchItem = BatchBody['requests'][number];

/** One item's outcome: the single call's `output` envelope, or its problem with the same code. */
export const BatchItemResultSchema = Type.Object({
  id: Type.String(),
  status: Type.Integer({
    description:
      'The HTTP status the capability called alone would have answered: 200, or the problem status.',
  }),
  output: Type.Optional(
    Type.Object({}, { additionalProperties: true, description: "The capability's `output` envelope." }),
  ),
  problem: Type.Optional(
    Type.Object(
      {},
      {
        additionalProperties: true,
        description: 'The problem+json body the capability would have answered.',
      },
    ),
  ),
  retryAfter: Type.Optional(
    Type.Integer({ description: 'Seconds, where the single call would have sent a Retry-After header.' }),
  ),
  replayed: Type.Optional(
    Type.Literal(true, {
      description:
        'The outcome was recorded for this Idempotency-Key (`<key>/<id>`) earlier and is replayed.',
    }),
  ),
});

export const BatchAnswerSchema = Type.Object({
  responses: Type.Array(BatchItemResultSchema, { description: 'One per item, in the order of `requests`.' }),
});
