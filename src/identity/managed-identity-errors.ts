/**
 * What MSAL's ManagedIdentityApplication throws, as an IdentityError. MSAL selects the managed
 * identity source once per process and sends every identity's requests through the network client
 * of the first application it built, so what our network client observed cannot be told apart per
 * connection: the facts come from MSAL's error (its `status` for an endpoint's answer).
 * @see https://learn.microsoft.com/azure/app-service/overview-managed-identity (REST endpoint reference)
 */
import { IdentityError } from './identity-error.js';
import { isMsalError, msalDescription, stripTraceTail } from './msal-error-mapping.js';

export function managedIdentityError(err: unknown): unknown {
  if (err instanceof IdentityError || !isMsalError(err)) return err;
  const status = (err as { status?: unknown }).status;
  const description = stripTraceTail(msalDescription(err.errorMessage));
  if (err.name === 'ServerError' && typeof status === 'number') {
    // App Service answers 400 "Unable to load the proper Managed Identity." and IMDS 400
    // "Identity not found" for an identity the resource does not have: a deployment without it.
    if (status >= 400 && status < 500 && status !== 429) {
      return unavailable(status, `The managed identity endpoint refused the identity: ${description}`);
    }
    return new IdentityError(status, err.errorCode || 'temporarily_unavailable', [], description);
  }
  if (err.errorCode === 'network_error') {
    return unavailable(
      0,
      'No managed identity endpoint answered: run on an Azure resource with a managed identity.',
    );
  }
  // MSAL's configuration errors about the environment (no source, a malformed IDENTITY_ENDPOINT).
  return unavailable(0, `No managed identity is available here: ${description}`);
}

function unavailable(status: number, description: string): IdentityError {
  return new IdentityError(status, 'credential_unavailable', [], description);
}
