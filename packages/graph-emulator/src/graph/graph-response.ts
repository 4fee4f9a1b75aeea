// How Graph writes successful responses: the OData JSON content type and OData-Version.
// https://learn.microsoft.com/graph/json-batching (sample headers)

import type { FastifyReply } from 'fastify';

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function sendOData(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('odata-version', '4.0').type(ODATA_JSON).send(JSON.stringify(body));
}

export function sendNoContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

export function sendText(reply: FastifyReply, text: string): FastifyReply {
  return reply.code(200).type('text/plain').send(text);
}
