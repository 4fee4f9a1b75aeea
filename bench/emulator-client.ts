/**
 * The harness's own calls to the emulator: its admin API (tenants, token counters) and plain
 * Graph calls to prepare data. None of this is measured; it sets the scene for the targets.
 */
import { Agent, request } from 'undici';

export interface BenchTenant {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  domain: string;
}

// Its own pool: the setup traffic never shares sockets with anything measured.
const agent = new Agent({ connections: 32, keepAliveTimeout: 10_000 });

export async function createTenant(origin: string, domain: string, seedUsers: number): Promise<BenchTenant> {
  const created = await json<BenchTenant>('POST', `${origin}/_emulator/tenants`, {
    body: { domains: [domain], seedUsers },
  });
  return {
    tenantId: created.tenantId,
    clientId: created.clientId,
    clientSecret: created.clientSecret,
    domain: created.domain,
  };
}

/** Token requests the emulator has answered, per tenant GUID. */
export async function tokenRequestsByTenant(origin: string): Promise<Record<string, number>> {
  const stats = await json<{ tokenRequests: Record<string, number> }>('GET', `${origin}/_emulator/stats`, {});
  return stats.tokenRequests;
}

export async function fetchToken(origin: string, tenant: BenchTenant): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: tenant.clientId,
    client_secret: tenant.clientSecret,
    scope: `${origin}/.default`,
  });
  const res = await request(`${origin}/${tenant.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (res.statusCode !== 200 || !body.access_token)
    throw new Error(`token request failed: ${res.statusCode}`);
  return body.access_token;
}

export async function graphJson<T>(
  origin: string,
  token: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
): Promise<T> {
  return json<T>(method, `${origin}/v1.0${pathAndQuery}`, { token, body });
}

async function json<T>(
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; body?: unknown },
): Promise<T> {
  const res = await request(url, {
    method,
    dispatcher: agent,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300)
    throw new Error(`${method} ${new URL(url).pathname} -> ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function closeEmulatorClient(): Promise<void> {
  await agent.close();
}
