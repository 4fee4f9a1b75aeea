/**
 * A failure of the token endpoint (AADSTS error), or of reaching it. Carries only what is safe to
 * show a caller: never the secret, never a token.
 */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    /** HTTP status the token endpoint answered (0 when it could not be reached). */
    readonly upstreamStatus: number,
    /** OAuth error, e.g. `invalid_client`, or `unreachable` / `timeout` for transport failures. */
    readonly error: string,
    /** AADSTS numbers, e.g. [7000215]. */
    readonly errorCodes: number[],
    /** The description with trace/correlation boilerplate removed. */
    readonly description: string,
    /** Seconds the authority asked us to wait, when it said so. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${error}: ${description}`);
  }
}
