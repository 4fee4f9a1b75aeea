/**
 * Starts OpenTelemetry tracing when the configuration asks for it. The SDK, the exporter and the
 * OpenTelemetry API are imported here, dynamically, and only then: with OTEL_TRACES_EXPORTER=none
 * (the default) none of them is loaded.
 *
 * The SDK reads the rest of the standard OTEL_* variables itself, as the OpenTelemetry
 * specification defines them: the exporter's endpoint, headers, timeout and compression
 * (OTEL_EXPORTER_OTLP_*), the sampler (OTEL_TRACES_SAMPLER), the batch processor (OTEL_BSP_*) and
 * extra resource attributes (OTEL_RESOURCE_ATTRIBUTES).
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Tracing } from './tracing.js';

export type TraceExporterName = 'otlp' | 'console' | 'none';

export interface TracingOptions {
  exporter: TraceExporterName;
  serviceName: string;
  /** Replaces the configured exporter; spans reach it one by one, unbatched (tests). */
  testExporter?: SpanExporter;
}

export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  const { exporter, testExporter } = options;
  if (exporter === 'none' && testExporter === undefined) return undefined;
  const [sdk, resources, { OtelTracing }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
    import('./otel-tracing.js'),
  ]);
  const processor =
    testExporter !== undefined
      ? new sdk.SimpleSpanProcessor(testExporter)
      : new sdk.BatchSpanProcessor(await exporterFor(exporter === 'none' ? 'console' : exporter, sdk));
  const provider = new sdk.NodeTracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES first, so the service name configured here wins over one in it.
    resource: resources
      .detectResources({ detectors: [resources.envDetector] })
      .merge(resources.resourceFromAttributes({ 'service.name': options.serviceName })),
    spanProcessors: [processor],
  });
  // The async-hooks context manager (the active span follows promises) and the W3C trace context
  // propagator. A second app in the same process (tests) finds them registered and keeps them.
  provider.register();
  return new OtelTracing(provider.getTracer('entra-user-management'), () => provider.shutdown());
}

async function exporterFor(
  name: 'otlp' | 'console',
  sdk: typeof import('@opentelemetry/sdk-trace-node'),
): Promise<SpanExporter> {
  if (name === 'console') return new sdk.ConsoleSpanExporter();
  // OTLP over HTTP with protobuf (the specification's default protocol, port 4318).
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}
