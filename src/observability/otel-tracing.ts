/**
 * `Tracing` on the OpenTelemetry API. Only start-tracing.ts imports this file, and only when
 * tracing is on, so a process with tracing off never loads @opentelemetry/*.
 */
import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { ServerSpan, SpanAttributes, SpanKindName, TraceSpan, Tracing } from './tracing.js';

const KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
};

export class OtelTracing implements Tracing {
  constructor(
    private readonly tracer: Tracer,
    private readonly onShutdown: () => Promise<void>,
  ) {}

  inSpan<T>(
    name: string,
    kind: SpanKindName,
    attributes: SpanAttributes,
    fn: (span: TraceSpan) => Promise<T>,
  ): Promise<T> {
    return this.tracer.startActiveSpan(
      name,
      { kind: KINDS[kind], attributes: defined(attributes) },
      async (span) => {
        const traced = wrap(span);
        try {
          return await fn(traced);
        } catch (error) {
          // A span fn already failed keeps its own error.type (e.g. Graph's status).
          if (!traced.failed) traced.fail(error instanceof Error ? error.name : 'Error', errorMessage(error));
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  injectInto(headers: Record<string, string>): void {
    propagation.inject(context.active(), headers);
  }

  startServerSpan(
    name: string,
    headers: Record<string, string | string[] | undefined>,
    attributes: SpanAttributes,
  ): ServerSpan {
    const parent: Context = propagation.extract(context.active(), headers, defaultTextMapGetter);
    const span = this.tracer.startSpan(
      name,
      { kind: SpanKind.SERVER, attributes: defined(attributes) },
      parent,
    );
    const active = trace.setSpan(parent, span);
    const traced = wrap(span);
    return {
      setAttributes: traced.setAttributes,
      fail: traced.fail,
      runInside: (fn) => context.with(active, fn),
      end: () => span.end(),
    };
  }

  shutdown(): Promise<void> {
    return this.onShutdown();
  }
}

function wrap(span: Span): TraceSpan & { readonly failed: boolean } {
  let failed = false;
  return {
    get failed() {
      return failed;
    },
    setAttributes: (attributes) => span.setAttributes(defined(attributes)),
    fail: (errorType, message) => {
      failed = true;
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: SpanStatusCode.ERROR, ...(message === undefined ? {} : { message }) });
    },
  };
}

function defined(attributes: SpanAttributes): Attributes {
  const kept: Attributes = {};
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) kept[name] = value;
  return kept;
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
