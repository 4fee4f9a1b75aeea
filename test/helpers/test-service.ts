import { Writable } from 'node:stream';
import { type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { expect } from 'vitest';
import { type AppDependencies, buildApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies ad hoc
  body: any;
}

export interface TestServiceOptions {
  env?: NodeJS.ProcessEnv;
  config?: Partial<AppConfig>;
  dependencies?: AppDependencies;
}

/** The service under test, whichever way requests reach it. */
export interface InjectedService {
  app: FastifyInstance;
  emulator: RunningEmulator;
  config: AppConfig;
  /** Every log line the service wrote, as text. */
  logs: string[];
  /** Secrets this test used; close() fails if any of them reached a log line. */
  secrets: Set<string>;
  call(capability: string, body: unknown, headers?: Record<string, string>): Promise<CallResult>;
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<CallResult>;
  close(): Promise<void>;
}

/** The service listening on a real port. */
export interface TestService extends InjectedService {
  url: string;
}

type Send = (request: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}) => Promise<{ status: number; headers: CallResult['headers']; text: string }>;

/**
 * The real service on port 0 against a real emulator on port 0, over real HTTP, with the emulator's
 * demo tenant as default connection (the sandbox set-up). Logs are captured for secret scans.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const built = await buildService(options);
  const url = await built.app.listen({ host: '127.0.0.1', port: 0 });
  const send: Send = async ({ method, path, headers, body }) => {
    const response = await request(`${url}${path}`, { method: method as 'GET', headers, body });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  };
  return { ...withCalls(built, send), url };
}

/**
 * The same service, emulator included, but called through Fastify's `app.inject` with no listener:
 * for tests of what the service answers (validation, auth, headers, routes) where a socket between
 * the test and the service adds nothing. Outbound calls still go to the emulator over real HTTP.
 */
export async function buildTestService(options: TestServiceOptions = {}): Promise<InjectedService> {
  const built = await buildService(options);
  await built.app.ready();
  const send: Send = async ({ method, path, headers, body }) => {
    const response = await built.app.inject({ method: method as 'GET', url: path, headers, payload: body });
    // On the wire every header value is text; Fastify hands inject a number as it was set.
    const wireHeaders = Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [
        name,
        typeof value === 'number' ? String(value) : value,
      ]),
    );
    return { status: response.statusCode, headers: wireHeaders, text: response.body };
  };
  return withCalls(built, send);
}

type BuiltService = Omit<InjectedService, 'call' | 'http' | 'close'>;

async function buildService(options: TestServiceOptions): Promise<BuiltService> {
  const emulator = await startEmulator({ port: 0, seedUsers: 30 });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const { tenantId, clientId, clientSecret } = emulator.demo;
  const config: AppConfig = {
    ...loadConfig({ LOG_LEVEL: 'debug', STATE_STORE_URL: 'memory:', ...options.env }),
    cloud: { graphBaseUrl: emulator.origin, authorityHost: emulator.origin },
    defaultConnection: { tenantId, clientId, clientSecret },
    ...options.config,
  };
  const app = await buildApp(config, { logStream, ...options.dependencies });
  return { app, emulator, config, logs, secrets: new Set<string>([clientSecret]) };
}

function withCalls(built: BuiltService, send: Send): InjectedService {
  const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await send({
      method,
      path,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    let parsed: unknown = response.text;
    try {
      parsed = response.text ? JSON.parse(response.text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    ...built,
    http,
    call: (capability, body, headers) => http('POST', `/capabilities/${capability}`, body, headers),
    async close() {
      // A close that hangs fails the test by its hook timeout, which says nothing of why: leave a
      // line saying what still held the service open.
      const slow = setTimeout(() => reportSlowClose(built.app), SLOW_CLOSE_MS);
      try {
        await built.app.close();
      } finally {
        clearTimeout(slow);
      }
      await built.emulator.close();
      expectNoSecrets(built.logs.join(''), built.secrets);
    },
  };
}

const SLOW_CLOSE_MS = 5_000;

function reportSlowClose(app: FastifyInstance): void {
  app.server.getConnections((_error, count) => {
    process.stderr.write(
      `test service: close still waiting after ${SLOW_CLOSE_MS} ms; ${count} connection(s) open; ` +
        `active resources: ${process.getActiveResourcesInfo().join(', ')}\n`,
    );
  });
}

/** Fails naming the secret's first characters only, so the failure message does not leak it either. */
export function expectNoSecrets(text: string, secrets: Iterable<string>): void {
  for (const secret of secrets) {
    expect(text.includes(secret), `secret ${secret.slice(0, 3)}… leaked`).toBe(false);
  }
  // Access tokens are JWTs: a base64url JSON header and payload.
  expect(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/.test(text), 'an access token leaked').toBe(false);
  expect(/Bearer\s+eyJ/i.test(text), 'an authorization header leaked').toBe(false);
}
