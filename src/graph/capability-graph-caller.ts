/**
 * Names the capability on every Graph request made through it, so metrics and traces can label
 * Graph calls by capability without each capability saying who it is.
 */
import type { GraphCaller, GraphRequest, GraphResponse } from './graph-request.js';

export function forCapability(inner: GraphCaller, capability: string): GraphCaller {
  return {
    cloud: inner.cloud,
    send<T>(request: GraphRequest): Promise<GraphResponse<T>> {
      return inner.send<T>(request.capability === undefined ? { ...request, capability } : request);
    },
  };
}
