/**
 * Reads the federated token of workload identity federation. The platform rewrites the file before
 * the token in it expires (AKS projects a new service-account token about hourly), so it is read
 * for every token request rather than once: MSAL calls this for each request it sends, and a
 * cached access token needs no assertion at all.
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation
 */
import { readFile } from 'node:fs/promises';
import { IdentityError } from './identity-error.js';

export async function readFederatedToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IdentityError(
      0,
      'credential_unavailable',
      [],
      `The federated token file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  const token = text.trim();
  if (token.length === 0) {
    throw new IdentityError(0, 'credential_unavailable', [], 'The federated token file is empty.');
  }
  return token;
}
