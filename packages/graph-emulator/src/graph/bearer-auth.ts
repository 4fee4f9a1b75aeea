// Validates `Authorization: Bearer` on every Graph call and returns the token's tenant and app.
// Messages follow what Graph is seen to send; each failure is 401 InvalidAuthenticationToken.
// https://learn.microsoft.com/graph/errors

import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { EmulatorState } from '../emulator-state.js';
import { graphErrors } from './graph-error.js';

/** Graph's own app id: a token for it (instead of the URL) is also a Graph token. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_HOSTS = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
];

export function authenticate(
  authorization: string | undefined,
  state: EmulatorState,
  emulatorHost: string,
): { tenant: TenantDirectory; appId: string } {
  const token = bearerToken(authorization);
  if (!token) throw graphErrors.invalidToken('Access token is empty.');
  const check = state.signer.verify(token);
  if (!check.ok) {
    // The message Graph gives for a token that is not a JWT at all.
    if (check.reason !== 'signature')
      throw graphErrors.invalidToken('CompactToken parsing failed with error code: 80049217');
    throw graphErrors.invalidToken('Access token validation failure.');
  }
  const { claims } = check;
  const tenant = state.resolveTenant(claims.tid);
  if (!tenant) throw graphErrors.invalidToken('Access token validation failure.');
  const expired =
    claims.exp * 1000 <= Date.now() || claims.xms_emu_gen < state.tokenGeneration(tenant.tenantId);
  if (expired) throw graphErrors.invalidToken('Lifetime validation failed, the token is expired.');
  if (!isGraphAudience(claims.aud, emulatorHost)) {
    throw graphErrors.invalidToken('Access token validation failure. Invalid audience.');
  }
  return { tenant, appId: claims.appid };
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^bearer\s+(.*)$/i.exec(header.trim());
  return match?.[1]?.trim() || undefined;
}

/** Graph's public hosts, Graph's app id, or this emulator's own origin (any scheme). */
function isGraphAudience(aud: string, emulatorHost: string): boolean {
  const normalized = aud.replace(/\/+$/, '').toLowerCase();
  if (normalized === GRAPH_APP_ID || GRAPH_HOSTS.includes(normalized)) return true;
  return (
    normalized === `http://${emulatorHost}`.toLowerCase() ||
    normalized === `https://${emulatorHost}`.toLowerCase()
  );
}
