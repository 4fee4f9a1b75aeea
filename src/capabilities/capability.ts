import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from '../config/connection.js';
import type { GraphNotFoundCode } from '../errors/error-catalogue.js';
import type { GraphCaller } from '../graph/graph-request.js';
import type { Deadline } from '../net/deadline.js';
import type { CursorStore } from '../stores/cursor-store.js';

/** What a capability gets to do its one job. */
export interface CapabilityContext {
  graph: GraphCaller;
  /** `v1.0` or `beta`: what Graph's links are rooted at. */
  graphApiVersion: string;
  /** Persisted delta cursors. */
  cursors: CursorStore;
  connection: Connection;
  requestId: string;
  /** The capability's overall deadline (REQUEST_TIMEOUT_MS), shared by all its Graph calls. */
  deadline: Deadline;
  log: FastifyBaseLogger;
}

/** The `output` envelope every capability answers in, as the connector's documentation defines it. */
export interface CapabilityOutput {
  rawResponse: unknown;
  statusCode: number;
  headers: Record<string, string>;
  [extra: string]: unknown;
}

/**
 * The unit of the service: one connector capability with its contract and its run function.
 * A route, an OpenAPI operation and a /capabilities entry are all made from this one object.
 */
export interface Capability<Input extends TObject = TObject> {
  /** The capability's id in the connector's documentation, which is also the route segment. */
  id: string;
  /** The capability's name in the connector's documentation. */
  name: string;
  operationId: string;
  tag: 'users' | 'groups' | 'licenses' | 'advanced';
  summary: string;
  description: string;
  input: Input;
  /** Schema of `output` (the envelope around rawResponse). */
  output: TSchema;
  /** What a Graph 404 means here. */
  notFoundCode?: GraphNotFoundCode;
  /** Problem statuses this capability can answer with, beyond the ones every capability shares. */
  errorStatuses: number[];
  run(context: CapabilityContext, input: Static<Input>): Promise<CapabilityOutput>;
}

/** Keeps each capability's input type precise inside its file while the registry holds them as one list. */
export function defineCapability<Input extends TObject>(capability: Capability<Input>): Capability {
  return capability as unknown as Capability;
}
