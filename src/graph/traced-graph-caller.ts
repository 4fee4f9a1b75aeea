/**
 * A GraphCaller that puts each Graph call in a span: the parent of the call's token acquisitions,
 * attempts and retry waits (graph-client.ts), its time in the tenant's queue included. Only in the
 * pipeline when tracing is on (app.ts).
 */
import type { CloudEndpoints } from '../config/connection.js';
import type { Tracing } from '../observability/tracing.js';
import type { GraphCaller, GraphRequest, GraphResponse } from './graph-request.js';
import { outcomeOf } from './observed-graph-caller.js';

export class TracedGraphCaller implements GraphCaller {
  readonly cloud: CloudEndpoints;

  constructor(
    private readonly inner: GraphCaller,
    private readonly tracing: Tracing,
  ) {
    this.cloud = inner.cloud;
  }

  send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    const attributes = {
      'graph.capability': request.capability,
      'graph.tenant_id': request.connection.tenantId,
      'http.request.method': request.method,
    };
    return this.tracing.inSpan(`graph ${request.method}`, 'internal', attributes, async (span) => {
      try {
        const response = await this.inner.send<T>(request);
        span.setAttributes({ 'http.response.status_code': response.status });
        return response;
      } catch (error) {
        span.fail(outcomeOf(error));
        throw error;
      }
    });
  }
}
