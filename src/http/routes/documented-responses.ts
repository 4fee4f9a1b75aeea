/**
 * How a route's answers are documented in the OpenAPI document, apart from the schemas Fastify
 * compiles serializers from: the documented responses replace the route's own there, so problem
 * answers (plain JSON, never compiled) and examples appear without costing start-up time.
 */
import type { FastifySchema } from 'fastify';

interface Transformable {
  schema: FastifySchema;
  url: string;
}

/** A JSON response object with its description and a real example. */
export function jsonResponse(description: string, schema: unknown, example: unknown) {
  return { description, content: { 'application/json': { schema, example } } };
}

/** A route's `swaggerTransform` that documents exactly `responses`. */
export function documentedAs(responses: Record<string | number, unknown>) {
  return ({ schema, url }: Transformable) => ({ schema: { ...schema, response: responses }, url });
}

/** A route's `swaggerTransform` that keeps its own responses and documents `problems` beside them. */
export function withProblemResponses(problems: Record<string | number, unknown>) {
  return ({ schema, url }: Transformable) => ({
    schema: { ...schema, response: { ...(schema.response as object), ...problems } },
    url,
  });
}
