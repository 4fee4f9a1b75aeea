/**
 * What the service needs from a tracer, without naming OpenTelemetry: the Graph and identity layers
 * take an optional `Tracing` and do nothing at all without one, so with tracing off (the default)
 * no OpenTelemetry module is even loaded (see start-tracing.ts) and a request pays one
 * `undefined` check per place a span could start.
 */

/** Attribute values as OpenTelemetry accepts them; `undefined` is left out. */
export type SpanAttributes = Record<string, string | number | boolean | string[] | undefined>;

export type SpanKindName = 'internal' | 'client' | 'server';

export interface TraceSpan {
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed: status ERROR and `error.type` (a status code, an error class, `timeout`...). */
  fail(errorType: string, message?: string): void;
}

/** The span of one incoming request: started in onRequest, made the active one for the handler. */
export interface ServerSpan extends TraceSpan {
  /** Runs `fn` with this span as the active one (its context follows `fn`'s promises). */
  runInside<T>(fn: () => T): T;
  end(): void;
}

export interface Tracing {
  /**
   * Runs `fn` inside a new span, a child of the active one and itself active while `fn` runs, and
   * ends it when `fn` settles; a throw marks the span failed with the error's name.
   */
  inSpan<T>(
    name: string,
    kind: SpanKindName,
    attributes: SpanAttributes,
    fn: (span: TraceSpan) => Promise<T>,
  ): Promise<T>;
  /** Writes the active span's W3C trace context (`traceparent`, `tracestate`) into outgoing headers. */
  injectInto(headers: Record<string, string>): void;
  /** A server span whose parent is the caller's `traceparent`, when it sent a valid one. */
  startServerSpan(
    name: string,
    headers: Record<string, string | string[] | undefined>,
    attributes: SpanAttributes,
  ): ServerSpan;
  /** Sends what is still buffered and stops exporting. */
  shutdown(): Promise<void>;
}
