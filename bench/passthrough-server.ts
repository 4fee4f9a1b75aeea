/**
 * The floor for a service of this shape: Fastify, one undici request to Graph per call, with a
 * token fetched once at start. No validation, no retries, no token cache logic, no error mapping,
 * and Graph's body is spliced into the envelope as text (never parsed). Same routes and bodies as
 * the service, so the load generator drives all targets the same way.
 *
 * Env: PORT, GRAPH_BASE_URL (the emulator origin; also the authority), AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
 */
import Fastify from 'fastify';
import { Agent, request } from 'undici';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const upstream = env('GRAPH_BASE_URL');
const tenantId = env('AZURE_TENANT_ID');
const port = Number(process.env['PORT'] ?? 3000);

// Same bound as the service's default GRAPH_MAX_CONNECTIONS, so both pool the same way.
const dispatcher = new Agent({ connections: 64 });
const token = await fetchToken();
const authorization = `Bearer ${token}`;

async function fetchToken(): Promise<string> {
  const res = await request(`${upstream}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: env('AZURE_CLIENT_ID'),
      client_secret: env('AZURE_CLIENT_SECRET'),
      scope: `${upstream}/.default`,
    }).toString(),
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token endpoint answered ${res.statusCode}`);
  return body.access_token;
}

type Body = Record<string, unknown>;

async function forward(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await request(`${upstream}/v1.0${path}`, {
    method,
    dispatcher,
    headers: {
      authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  const requestId = res.headers['request-id'];
  return `{"output":{"rawResponse":${text},"statusCode":${res.statusCode},"headers":{"request-id":${JSON.stringify(String(requestId ?? ''))}}}}`;
}

const app = Fastify({ logger: false });
const send = (reply: { type(t: string): { send(p: string): unknown } }, payload: string) =>
  reply.type('application/json; charset=utf-8').send(payload);

app.get('/readyz', async () => ({ status: 'ready' }));

app.post('/capabilities/read-user', async (req, reply) => {
  const { userId } = req.body as Body;
  return send(reply, await forward('GET', `/users/${encodeURIComponent(String(userId))}`));
});

app.post('/capabilities/create-user', async (req, reply) => {
  const b = req.body as Body;
  const graphBody = {
    accountEnabled: b['createUserAccountEnabled'],
    displayName: b['createUserDisplayName'],
    mailNickname: b['createUserMailNickname'],
    userPrincipalName: b['createUserPrincipalName'],
    passwordProfile: {
      password: b['createUserPassword'],
      forceChangePasswordNextSignIn: b['forceChangePasswordNextSignIn'],
    },
  };
  return send(reply, await forward('POST', '/users', graphBody));
});

app.post('/capabilities/query-users', async (req, reply) => {
  const { userQuery } = req.body as Body;
  return send(reply, await forward('GET', `/users?${String(userQuery ?? '')}`));
});

await app.listen({ host: '127.0.0.1', port });
const shutdown = () =>
  void app
    .close()
    .then(() => dispatcher.close())
    .then(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
