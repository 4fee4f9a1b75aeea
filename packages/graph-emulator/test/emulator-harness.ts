// Shared test harness: starts an emulator on port 0 and talks to it over real HTTP with undici.

import { request } from 'undici';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../src/emulator-app.js';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  json: any;
}

export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const res = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export interface TokenRequest {
  tenant: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  grantType?: string;
  extra?: Record<string, string>;
  query?: string;
}

export async function postToken(origin: string, req: TokenRequest): Promise<HttpResult> {
  const form = new URLSearchParams();
  if (req.clientId !== undefined) form.set('client_id', req.clientId);
  if (req.clientSecret !== undefined) form.set('client_secret', req.clientSecret);
  form.set('scope', req.scope ?? 'https://graph.microsoft.com/.default');
  form.set('grant_type', req.grantType ?? 'client_credentials');
  for (const [k, v] of Object.entries(req.extra ?? {})) form.set(k, v);
  return send(`${origin}/${req.tenant}/oauth2/v2.0/token${req.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: form.toString(),
  });
}

export interface Harness {
  emulator: RunningEmulator;
  token: string;
  graph(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: unknown },
  ): Promise<HttpResult>;
}

/** A running emulator plus a demo-tenant token and a Graph caller that uses it. */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator(options);
  const token = await tokenFor(emulator.origin, emulator.demo);
  return {
    emulator,
    token,
    graph: (path, init = {}) => graphCall(emulator.origin, token, path, init),
  };
}

export async function tokenFor(
  origin: string,
  creds: { tenantId: string; clientId: string; clientSecret: string },
): Promise<string> {
  const res = await postToken(origin, {
    tenant: creds.tenantId,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return res.json.access_token as string;
}

export function graphCall(
  origin: string,
  token: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  return send(`${origin}${path}`, { method: init.method ?? 'GET', headers, body });
}
