import type { CloudEndpoints, Connection } from '../config/connection.js';
import type { Deadline } from '../net/deadline.js';

/**
 * The one seam between the Graph client and token acquisition. Implementations own caching and
 * expiry; callers never hold on to a token.
 */
export interface TokenProvider {
  /** An access token for `connection` valid for `cloud.graphBaseUrl`. Rejects with IdentityError. */
  getToken(connection: Connection, cloud: CloudEndpoints, deadline?: Deadline): Promise<string>;
  /** Forget the cached token for `connection` (after Graph said it is invalid), so the next call fetches anew. */
  invalidate(connection: Connection, cloud: CloudEndpoints): Promise<void>;
  /** Release network resources. */
  close(): Promise<void>;
}
