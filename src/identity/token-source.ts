import type { AuthenticationResult } from '@azure/msal-node';

/** One connection's MSAL application, as the token provider uses it, whatever the credential kind. */
export interface TokenSource {
  /** A token for `scope` (`<resource>/.default`), from MSAL's cache when it holds a valid one. */
  acquire(scope: string): Promise<AuthenticationResult | null>;
  /** Forget cached tokens, so the next acquire asks the authority (or endpoint) again. */
  clearCache(): void;
}
