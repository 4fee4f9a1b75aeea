/**
 * The same three capabilities written the way most teams would: Fastify, Microsoft's Graph SDK
 * (`@microsoft/microsoft-graph-client` 3, default middleware: auth, retry, redirect, telemetry)
 * and an MSAL ConfidentialClientApplication as its auth provider (MSAL's cache is asked on every
 * call, which is what the SDK's auth handler does).
 *
 * Env: PORT, GRAPH_BASE_URL (the emulator origin; also the authority), AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import Fastify from 'fastify';
import { emulatorNetworkClient, installHttpsToHttpFetch } from './sdk-emulator-bridge.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const upstream = new URL(env('GRAPH_BASE_URL'));
const port = Number(process.env['PORT'] ?? 3000);
// The emulator is plain http; MSAL insists on https authorities and the SDK only attaches tokens
// to https URLs, so both are given https://<emulator host> and the bridge downgrades the scheme.
const httpsOrigin = `https://${upstream.host}`;
installHttpsToHttpFetch(httpsOrigin, upstream.origin);

const cca = new ConfidentialClientApplication({
  auth: {
    clientId: env('AZURE_CLIENT_ID'),
    clientSecret: env('AZURE_CLIENT_SECRET'),
    authority: `${httpsOrigin}/${env('AZURE_TENANT_ID')}`,
    knownAuthorities: [upstream.host],
    authorityMetadata: JSON.stringify({
      issuer: `${httpsOrigin}/{tenant}/v2.0`,
      token_endpoint: `${httpsOrigin}/{tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${httpsOrigin}/{tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${httpsOrigin}/{tenant}/discovery/v2.0/keys`,
    }),
  },
  system: { networkClient: emulatorNetworkClient(httpsOrigin, upstream.origin) },
});

const graph = Client.initWithMiddleware({
  baseUrl: `${httpsOrigin}/`,
  customHosts: new Set([upstream.hostname]),
  authProvider: {
    async getAccessToken() {
      const result = await cca.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      if (!result) throw new Error('MSAL returned no token');
      return result.accessToken;
    },
  },
});

type Body = Record<string, unknown>;
const envelope = (rawResponse: unknown, statusCode: number) => ({
  output: { rawResponse, statusCode, headers: {} },
});

const app = Fastify({ logger: false });
app.setErrorHandler((error, _req, reply) => {
  const graphError = error instanceof GraphError ? error : undefined;
  const status = graphError && graphError.statusCode > 0 ? graphError.statusCode : 500;
  reply
    .code(status)
    .send({ status, code: graphError?.code ?? 'ERROR', detail: String((error as Error).message) });
});

app.get('/readyz', async () => ({ status: 'ready' }));

app.post('/capabilities/read-user', async (req) => {
  const { userId } = req.body as Body;
  return envelope(await graph.api(`/users/${encodeURIComponent(String(userId))}`).get(), 200);
});

app.post('/capabilities/create-user', async (req) => {
  const b = req.body as Body;
  const created = await graph.api('/users').post({
    accountEnabled: b['createUserAccountEnabled'],
    displayName: b['createUserDisplayName'],
    mailNickname: b['createUserMailNickname'],
    userPrincipalName: b['createUserPrincipalName'],
    passwordProfile: {
      password: b['createUserPassword'],
      forceChangePasswordNextSignIn: b['forceChangePasswordNextSignIn'],
    },
  });
  return envelope(created, 201);
});

app.post('/capabilities/query-users', async (req) => {
  const { userQuery } = req.body as Body;
  return envelope(
    await graph
      .api('/users')
      .query(String(userQuery ?? ''))
      .get(),
    200,
  );
});

await app.listen({ host: '127.0.0.1', port });
const shutdown = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
