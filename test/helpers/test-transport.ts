import type { Agent } from 'undici';
import { onTestFinished } from 'vitest';
import { createTransport, type TransportOptions } from '../../src/net/transport.js';

/**
 * The service's undici transport for the current test (call it inside a test), closed when the test
 * ends. Keep-alive is 10 ms unless given, so no idle socket outlives the origin it points at.
 */
export function transportForTest(options: TransportOptions = {}): Agent {
  const agent = createTransport({ keepAliveTimeoutMs: 10, ...options });
  onTestFinished(() => agent.close());
  return agent;
}
