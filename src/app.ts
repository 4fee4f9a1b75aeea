import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import { MsalTokenProvider } from './auth/msal-token-provider.js';
import type { TokenProvider } from './auth/token-provider.js';
import { CAPABILITIES } from './capabilities/index.js';
import type { AppConfig } from './config/app-config.js';
import { GraphClient } from './graph/graph-client.js';
import type { GraphCaller } from './graph/graph-request.js';
import { createTransport } from './graph/transport.js';
import { registerApiKeyAuth } from './http/api-key-auth.js';
import { registerCapabilityRoutes } from './http/capability-routes.js';
import { registerErrorHandler } from './http/error-handler.js';
import { type ReadinessCheck, registerHealthRoutes } from './http/health-routes.js';
import { loggerOptions, requestIdFrom } from './http/logging.js';
import { registerOpenApi } from './http/openapi.js';
import { ProblemSchema } from './http/problem-schema.js';

export interface AppDependencies {
  /** Replaces the MSAL token provider (tests). */
  tokens?: TokenProvider;
  /** Replaces the Graph client (tests). */
  graph?: GraphCaller;
  readinessChecks?: ReadinessCheck[];
  /** Where log lines go (tests capture them to prove no secret is logged). Default: stdout. */
  logStream?: DestinationStream;
}

/**
 * The composition root: builds the whole service from a validated config. It does not listen and
 * reads no environment, so tests, the OpenAPI export and the server all build the same app.
 */
export async function buildApp(
  config: AppConfig,
  dependencies: AppDependencies = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      ...loggerOptions(config.logLevel),
      ...(dependencies.logStream ? { stream: dependencies.logStream } : {}),
    },
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.bodyLimitBytes,
    ajv: {
      // Reject rather than strip unknown fields, never coerce types (a "true" string is a mistake,
      // not a boolean), and report every bad field at once.
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: true },
    },
  });

  const agent = createTransport({
    connections: config.graphMaxConnections,
    connectTimeoutMs: config.graphConnectTimeoutMs,
    headersTimeoutMs: config.graphResponseTimeoutMs,
    bodyTimeoutMs: config.graphResponseTimeoutMs,
  });
  const tokens =
    dependencies.tokens ??
    new MsalTokenProvider({
      dispatcher: agent,
      authorityHost: config.cloud.authorityHost,
      timeoutMs: config.tokenTimeoutMs,
      logger: app.log,
    });
  const graph =
    dependencies.graph ??
    new GraphClient({
      cloud: config.cloud,
      apiVersion: config.graphApiVersion,
      tokens,
      dispatcher: agent,
      logger: app.log,
    });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    await tokens.close();
    await agent.close();
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Responses finishing during shutdown close their keep-alive socket; otherwise an idle client
    // connection would hold the server open until the grace period ends.
    if (closing) reply.header('connection', 'close');
  });

  // Only JSON bodies: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ProblemSchema);
  registerErrorHandler(app);
  await registerOpenApi(app);
  registerApiKeyAuth(app, config.authDisabled ? [] : config.apiKeys);
  registerHealthRoutes(app, dependencies.readinessChecks ?? [], () => closing);
  registerCapabilityRoutes(app, {
    capabilities: CAPABILITIES,
    graph,
    connections: config,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  return app;
}
