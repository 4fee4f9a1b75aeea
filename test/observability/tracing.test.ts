import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

/** Headers of every request undici sends (Graph and the token endpoint), as undici publishes them. */
function recordOutgoingHeaders(): { sent: Array<Record<string, string>>; stop: () => void } {
  const sent: Array<Record<string, string>> = [];
  const listener = (message: unknown) => {
    const { request } = message as { request: { path: string; headers: string[] | string } };
    const headers: Record<string, string> = { ':path': request.path };
    const flat = Array.isArray(request.headers) ? request.headers : [];
    for (let at = 0; at + 1 < flat.length; at += 2) headers[flat[at]!.toLowerCase()] = String(flat[at + 1]);
    sent.push(headers);
  };
  subscribe('undici:request:create', listener);
  return { sent, stop: () => unsubscribe('undici:request:create', listener) };
}

const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('OpenTelemetry traces', () => {
  const exporter = new InMemorySpanExporter();
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      env: { GRAPH_RETRY_BASE_DELAY_MS: '5' },
      dependencies: { traceExporter: exporter },
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('traces a retried call as request -> graph call -> token, attempts and the throttle wait, in the caller trace', async () => {
    exporter.reset();
    const outgoing = recordOutgoingHeaders();
    service.emulator.state.faults.arm([
      { method: 'GET', path: '/users/', status: 429, retryAfter: 0.05, count: 1 },
    ]);
    const response = await service
      .call(
        'read-user',
        { userId: "o'brien@contoso.onmicrosoft.com" },
        { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
      )
      .finally(outgoing.stop);
    expect(response.status).toBe(200);

    // The server span ends in onResponse, which may run just after the answer reached the test.
    const request = await vi.waitFor(() => {
      const found = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER);
      if (found === undefined) throw new Error('no server span yet');
      return found;
    });
    const spans = exporter.getFinishedSpans();
    // Every span is in the caller's trace, and the request span's parent is the caller's span.
    for (const span of spans) expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(request.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    expect(request.name).toBe('POST /capabilities/read-user');
    expect(request.attributes[ATTR_HTTP_ROUTE]).toBe('/capabilities/read-user');
    expect(request.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);

    const [call, ...otherCalls] = childrenOf(spans, request);
    expect(otherCalls).toEqual([]);
    expect(call?.name).toBe('graph GET');
    expect(call?.attributes['graph.capability']).toBe('read-user');

    const steps = childrenOf(spans, call!).sort(
      (a, b) => Number(a.startTime[0] - b.startTime[0]) || a.startTime[1] - b.startTime[1],
    );
    expect(steps.map((span) => span.name)).toEqual([
      'token acquisition',
      'GET',
      'graph retry wait',
      'token acquisition',
      'GET',
    ]);
    const [, throttled, wait, , answered] = steps;
    const graphOrigin = new URL(service.emulator.origin);
    for (const attempt of [throttled!, answered!]) {
      expect(attempt.kind).toBe(SpanKind.CLIENT);
      expect(attempt.attributes[ATTR_HTTP_REQUEST_METHOD]).toBe('GET');
      // The user principal name asked for is personal data, and stays out of the trace back end.
      expect(attempt.attributes[ATTR_URL_FULL]).toBe(`${graphOrigin.origin}/v1.0/users/{userPrincipalName}`);
      expect(attempt.attributes[ATTR_SERVER_ADDRESS]).toBe(graphOrigin.hostname);
      expect(attempt.attributes[ATTR_SERVER_PORT]).toBe(Number(graphOrigin.port));
      expect(attempt.attributes['http.request.header.client-request-id']).toEqual([expect.any(String)]);
      expect(attempt.attributes['http.response.header.request-id']).toEqual([expect.any(String)]);
    }
    expect(throttled!.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(429);
    expect(throttled!.attributes['error.type']).toBe('429');
    expect(throttled!.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT]).toBeUndefined();
    expect(wait!.attributes['graph.retry.reason']).toBe('429');
    expect(wait!.attributes['graph.retry.throttled']).toBe(true);
    expect(wait!.attributes['graph.retry.delay_ms']).toBeGreaterThanOrEqual(50);
    expect(answered!.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    expect(answered!.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT]).toBe(1);
    // Both attempts carry Graph's own id, the same client-request-id (Graph's retry convention).
    expect(answered!.attributes['http.request.header.client-request-id']).toEqual(
      throttled!.attributes['http.request.header.client-request-id'],
    );

    // What reached the emulator: each attempt's traceparent names the caller's trace and that
    // attempt's span; the token request carries none.
    const graphCalls = outgoing.sent.filter((headers) => headers[':path']!.startsWith('/v1.0/users/'));
    expect(graphCalls.map((headers) => headers['traceparent'])).toEqual(
      [throttled!, answered!].map((attempt) => `00-${TRACE_ID}-${attempt.spanContext().spanId}-01`),
    );
    const tokenRequests = outgoing.sent.filter((headers) => headers[':path']!.includes('/oauth2/'));
    for (const headers of tokenRequests) expect(headers['traceparent']).toBeUndefined();
  });

  it.each([
    ['sends no traceparent', {}],
    ['sends a malformed traceparent', { traceparent: `00-${TRACE_ID}-not-a-span-id-01` }],
  ])('starts a trace of its own when the caller %s', async (_case, headers: Record<string, string>) => {
    exporter.reset();
    expect(
      (await service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" }, headers)).status,
    ).toBe(200);
    const request = await vi.waitFor(() => {
      const found = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER);
      if (found === undefined) throw new Error('no server span yet');
      return found;
    });
    expect(request.parentSpanContext).toBeUndefined();
    expect(request.spanContext().traceId).not.toBe(TRACE_ID);
  });
});
