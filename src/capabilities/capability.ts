import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from '../config/connection.js';
import type { GraphNotFoundCode, ProblemCode } from '../errors/error-catalogue.js';
import type { GraphCaller } from '../graph/graph-request.js';
import type { Deadline } from '../net/deadline.js';
import type { CursorStore } from '../stores/cursor-store.js';
import type { CREDENTIAL_FIELDS, CredentialFieldName } from './common/common-schemas.js';

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
  /**
   * Defers `task` until the answer's fate is known: it runs with `delivered` true once the whole
   * answer was written to a caller still connected, false when the caller was gone first. For
   * state that must move only once the caller has what it describes (a delta cursor).
   */
  afterDelivery(task: DeliveryTask): void;
  /**
   * Resolves once the connection is one the caller may act as: at once for a configured one; for
   * credentials from the request, once a token was acquired with them (else rejects with that
   * failure). Call it before reading anything kept per tenant and app (a sync cursor).
   */
  proveConnection(): Promise<void>;
}

/** Work that follows an answer; it handles its own failures (the answer has been sent by then). */
export type DeliveryTask = (delivered: boolean) => Promise<void>;

/** The `output` envelope every capability answers in, as the connector's documentation defines it. */
export interface CapabilityOutput {
  rawResponse: unknown;
  statusCode: number;
  headers: Record<string, string>;
  [extra: string]: unknown;
}

/**
 * An answer written as Graph's pages arrive instead of held whole (a delta round, many pages of a
 * query): memory stays one page or two whatever the result's size. The route writes the envelope
 * `{"output":{"rawResponse":` + the pieces + the other fields + `}}`, so the names are the same as a
 * held answer's.
 */
export class StreamedOutput {
  constructor(
    /** rawResponse's JSON text, piece by piece. A page that fails after the first throws from here. */
    readonly rawResponse: () => AsyncIterable<Uint8Array | string>,
    /** The output's other fields, asked once rawResponse has ended (they describe the last page). */
    readonly fieldsAfter: () => Omit<CapabilityOutput, 'rawResponse'>,
  ) {}
}

/**
 * The output of a call whose caller holds the whole answer (a batch item, a workflow step): those
 * never run a streamed call (paging and delta are refused there), and this says so to the compiler.
 */
export function heldOutput(output: CapabilityOutput | StreamedOutput): CapabilityOutput {
  if (output instanceof StreamedOutput) throw new Error('a streamed answer cannot be held whole here');
  return output;
}

/** A capability's body schema: its own fields plus the credential fields (see capabilityInput). */
export type CapabilityInputSchema = TObject<typeof CREDENTIAL_FIELDS>;

/** What `run` gets: the validated body without the credential fields, which chose the connection. */
export type CapabilityInput<Input extends CapabilityInputSchema> = Omit<Static<Input>, CredentialFieldName>;

/**
 * The unit of the service: one connector capability with its contract and its run function.
 * A route, an OpenAPI operation and a /capabilities entry are all made from this one object.
 */
export interface Capability<Input extends CapabilityInputSchema = CapabilityInputSchema> {
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
  /**
   * Whether a call changes the directory, which decides whether an `Idempotency-Key` is honoured
   * (a read is repeated safely without one). The input decides for the custom call (its method).
   */
  mutates(input: CapabilityInput<Input>): boolean;
  /**
   * The code the OpenAPI document shows as the example of a status, where the catalogue's first
   * code of that status in the capability's area would not be what it answers (e.g. 409).
   */
  problemExamples?: Partial<Record<number, ProblemCode>>;
  /**
   * A real 200 body (the whole `{output: ...}` envelope) for the OpenAPI document, as the sandbox
   * answers the input's example. A test checks every capability has one that fits its schema.
   */
  outputExample?: { output: Record<string, unknown> };
  /**
   * Why this call cannot be an item of `POST /batch`, or undefined when it can: paging and delta
   * rounds take several Graph round trips whose count the caller does not bound. Absent: it can.
   */
  notInBatch?(input: CapabilityInput<Input>): string | undefined;
  run(context: CapabilityContext, input: CapabilityInput<Input>): Promise<CapabilityOutput | StreamedOutput>;
}

/**
 * Keeps each capability's input type precise inside its file while the registry holds them as one
 * list of `Capability`, whose input is known only to carry the credential fields. Widening `run`'s
 * input that way is sound here because the route validates every body against the same
 * capability's own `input` schema before `run` sees it.
 */
export function defineCapability<Input extends CapabilityInputSchema>(
  capability: Capability<Input>,
): Capability {
  return capability;
}
