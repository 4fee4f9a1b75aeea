/**
 * MSAL's network seam (`system.networkClient`) on our own undici dispatcher. MSAL's default client
 * uses global fetch with no timeout on POST; this one bounds every request, always drains bodies,
 * and lets an authority be served over plain http (the emulator) even though MSAL insists on
 * `https://` authority URLs.
 * @see https://learn.microsoft.com/entra/msal/javascript/node/configuration (system.networkClient)
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { type Dispatcher, request } from 'undici';
import { classifyTransportFailure, type TransportFailureKind } from '../net/transport-failure.js';

/** Hooks that let the token provider see what MSAL hides (status, Retry-After, transport failures). */
export interface TokenExchangeObserver {
  onRequest?(method: 'GET' | 'POST'): void;
  onResponse?(status: number, headers: Record<string, string>, body: unknown): void;
  onFailure?(kind: TransportFailureKind, err: unknown): void;
}

export interface MsalNetworkClientOptions {
  dispatcher: Dispatcher;
  /**
   * Where requests for the authority's host really go, e.g. `http://127.0.0.1:4000` or
   * `https://login.microsoftonline.com`. Absent: each request goes to the URL MSAL gives, as is
   * (managed identity, whose endpoint MSAL takes from the platform's environment).
   */
  authorityOrigin?: string;
  timeoutMs: number;
  observer?: TokenExchangeObserver;
}

/** Thrown to MSAL on transport failures; MSAL turns any throw into `network_error`. */
export class TokenTransportError extends Error {
  override readonly name = 'TokenTransportError';
  constructor(readonly kind: TransportFailureKind) {
    super(`token endpoint ${kind}`);
  }
}

export function createMsalNetworkClient(options: MsalNetworkClientOptions): INetworkModule {
  const target = options.authorityOrigin === undefined ? undefined : new URL(options.authorityOrigin);

  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    init?: NetworkRequestOptions,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> => {
    const asked = new URL(url);
    // MSAL only knows https://<host>; send to the configured origin, and nowhere else: a request
    // carrying client_secret must never go to a host we did not configure.
    if (target !== undefined && asked.host !== target.host) {
      throw new TokenTransportError('refused');
    }
    const origin = target?.origin ?? asked.origin;
    options.observer?.onRequest?.(method);
    const limit = Math.min(timeoutMs ?? options.timeoutMs, options.timeoutMs);
    let res: Dispatcher.ResponseData | undefined;
    try {
      res = await request(`${origin}${asked.pathname}${asked.search}`, {
        method,
        dispatcher: options.dispatcher,
        headers: init?.headers,
        body: method === 'POST' ? init?.body : undefined,
        signal: AbortSignal.timeout(limit),
        headersTimeout: limit,
        bodyTimeout: limit,
      });
      const text = await res.body.text();
      const headers = flattenHeaders(res.headers);
      const body = parseBody(text, res.statusCode, headers['content-type']);
      options.observer?.onResponse?.(res.statusCode, headers, body);
      return { status: res.statusCode, headers, body: body as T };
    } catch (err) {
      res?.body.destroy();
      const kind = classifyTransportFailure(err);
      options.observer?.onFailure?.(kind, err);
      // Never rethrow undici's error: its message could echo the request (and so the secret).
      throw new TokenTransportError(kind);
    }
  };

  return {
    sendGetRequestAsync: (url, init, timeout) => send('GET', url, init, timeout),
    sendPostRequestAsync: (url, init) => send('POST', url, init),
  };
}

function flattenHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** MSAL expects an object body; a proxy's HTML page becomes an OAuth-shaped error instead of a crash. */
function parseBody(text: string, status: number, contentType: string | undefined): unknown {
  if (text.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed;
  } catch {
    // fall through to the synthetic error below
  }
  return {
    error: 'invalid_response',
    // The raw text is left out on purpose: nothing from a misbehaving hop reaches logs or callers.
    error_description: `The token endpoint answered HTTP ${status} with a body that is not a JSON object (content-type ${contentType ?? 'none'}).`,
  };
}
