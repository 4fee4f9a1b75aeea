import { type TSchema, Type } from '@sinclair/typebox';
import { badRequest } from '../../errors/problem.js';
import type { GraphMethod } from '../../graph/graph-request.js';
import type { RawBody } from '../../graph/raw-body.js';
import { defineCapability } from '../capability.js';
import { capabilityInput, EXAMPLE_USER, exampleContext, exampleOutput } from '../common/common-schemas.js';
import { checkCustomEndpoint } from './custom-endpoint.js';
import { checkCustomHeaders } from './custom-headers.js';
import { customQuery } from './custom-query.js';

const KeyValue = <T extends TSchema>(value: T) =>
  Type.Object({ key: Type.String({ minLength: 1, maxLength: 256 }), value }, { additionalProperties: false });

const MakeACustomApiCallInputSchema = capabilityInput(
  {
    endpoint: Type.String({
      minLength: 1,
      maxLength: 2048,
      description:
        'Path below the Graph version root, e.g. "/users" or "/groups/{id}/members". Absolute URLs, "//host", ' +
        'backslashes, control characters and dot segments (plain or percent-encoded) are refused.',
      examples: ['/users'],
    }),
    method: Type.Union(
      ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].map((m) => Type.Literal(m)),
      { description: 'HTTP method.' },
    ),
    customQueryParams: Type.Optional(
      Type.Array(KeyValue(Type.Union([Type.String({ maxLength: 8192 }), Type.Number(), Type.Boolean()])), {
        maxItems: 50,
        description:
          'Query parameters, e.g. [{"key": "$select", "value": "id,displayName"}]. Encoded for you.',
      }),
    ),
    headers: Type.Optional(
      Type.Array(KeyValue(Type.String({ maxLength: 8192 })), {
        maxItems: 50,
        description:
          'Extra request headers, e.g. [{"key": "ConsistencyLevel", "value": "eventual"}]. Authorization, Host, ' +
          'Content-Length, Cookie, client-request-id and hop-by-hop headers are refused.',
      }),
    ),
    bodyData: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'JSON body (POST, PUT, PATCH, DELETE).' }),
    ),
  },
  { endpoint: '/users', method: 'GET', customQueryParams: [{ key: '$top', value: '5' }] },
);

const CustomCallOutputSchema = Type.Object({
  output: Type.Object({
    rawResponse: Type.Unknown({
      description:
        'JSON answers as an object, text as a string, binary as a base64 string (see bodyEncoding), 204 as {"ok": true}.',
    }),
    statusCode: Type.Integer({ description: "Graph's HTTP status." }),
    headers: Type.Record(Type.String(), Type.String(), {
      description: 'Graph response headers worth keeping (request-id, client-request-id, content-type, ...).',
    }),
    bodyEncoding: Type.Union(
      ['json', 'text', 'base64', 'none'].map((e) => Type.Literal(e)),
      {
        description: 'How rawResponse carries the body.',
      },
    ),
    contentType: Type.Optional(Type.String({ description: "Graph's Content-Type, when it sent a body." })),
  }),
});

export const makeACustomApiCall = defineCapability({
  id: 'make-a-custom-api-call',
  name: 'Make a Custom API Call',
  operationId: 'makeACustomApiCall',
  tag: 'advanced',
  summary: 'Call any Graph endpoint with the connection',
  description:
    "Sends your method, path, query, headers and JSON body to the configured Graph origin under its version root, with the connection's token, and passes Graph's answer back. Graph errors keep their status (a 404 is RESOURCE_NOT_FOUND). GET, PUT and DELETE are retried on throttling and timeouts; POST and PATCH only when Graph cannot have applied them.",
  input: MakeACustomApiCallInputSchema,
  output: CustomCallOutputSchema,
  errorStatuses: [404, 405, 409, 410, 412],
  mutates: (input) => input.method !== 'GET',
  problemExamples: { 404: 'RESOURCE_NOT_FOUND' },
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('users'),
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$top=5&$skiptoken=RFNwdeyJ2IjoxLCJhIjo1fQ',
      value: [EXAMPLE_USER],
    },
    200,
    {
      bodyEncoding: 'json',
      contentType: 'application/json;odata.metadata=minimal;odata.streaming=true;charset=utf-8',
    },
  ),
  async run({ graph, connection, requestId, deadline }, input) {
    const target = checkCustomEndpoint(input.endpoint);
    if (!target.ok) {
      throw badRequest('INVALID_ENDPOINT', `endpoint ${target.problem}.`, [
        { path: '/endpoint', message: target.problem },
      ]);
    }
    const headers = checkCustomHeaders(input.headers ?? []);
    if (!headers.ok) {
      throw badRequest(headers.code, `${headers.problem}.`, [
        { path: headers.path, message: headers.problem },
      ]);
    }
    const method = input.method as GraphMethod;
    const body = input.bodyData;
    const bodyIsEmpty = body === undefined || Object.keys(body).length === 0;
    if (method === 'GET' && !bodyIsEmpty) {
      throw badRequest('BODY_NOT_ALLOWED', 'A GET request cannot carry bodyData.', [
        { path: '/bodyData', message: 'must be empty or absent for GET' },
      ]);
    }
    // An empty `{}` is what flow tools send by default; it means "no body" for GET and DELETE.
    const sendBody =
      method === 'POST' || method === 'PUT' || method === 'PATCH' ? body !== undefined : !bodyIsEmpty;
    const response = await graph.send<RawBody>({
      connection,
      method,
      path: target.path,
      query: customQuery(target.query, input.customQueryParams ?? []),
      headers: headers.headers,
      ...(sendBody ? { body } : {}),
      responseType: 'raw',
      requestId,
      deadline,
    });
    const raw = response.body;
    const contentType = response.headers['content-type'];
    return {
      rawResponse: raw.kind === 'empty' ? { ok: true } : raw.value,
      statusCode: response.status,
      headers: response.headers,
      bodyEncoding: raw.kind === 'empty' ? 'none' : raw.kind,
      ...(raw.kind !== 'empty' && contentType ? { contentType } : {}),
    };
  },
});
