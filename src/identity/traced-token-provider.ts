/**
 * A TokenProvider whose every token request is a span (`token acquisition`), a child of the Graph
 * call that needed it. Most are answered from the cache in microseconds; one that goes to the
 * authority shows its round trip. The authority gets no `traceparent`: the token request is MSAL's,
 * and Microsoft's identity platform does not take part in the caller's trace. Only in the pipeline
 * when tracing is on (app.ts).
 */
import type { CloudEndpoints, Connection } from '../config/connection.js';
import type { Deadline } from '../net/deadline.js';
import type { Tracing } from '../observability/tracing.js';
import type { TokenProvider } from './token-provider.js';

export class TracedTokenProvider implements TokenProvider {
  constructor(
    private readonly inner: TokenProvider,
    private readonly tracing: Tracing,
  ) {}

  getToken(connection: Connection, cloud: CloudEndpoints, deadline?: Deadline): Promise<string> {
    const attributes = {
      'graph.tenant_id': connection.tenantId,
      // The application (client) id is public; the secret and the token never reach a span.
      'graph.client_id': connection.clientId,
      'server.address': hostOf(cloud.authorityHost),
    };
    return this.tracing.inSpan('token acquisition', 'internal', attributes, () =>
      this.inner.getToken(connection, cloud, deadline),
    );
  }

  invalidate(connection: Connection, cloud: CloudEndpoints): Promise<void> {
    return this.inner.invalidate(connection, cloud);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}
