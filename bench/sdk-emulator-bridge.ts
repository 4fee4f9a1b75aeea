/**
 * What the SDK variant needs to reach a plain-http emulator, and nothing more: MSAL accepts only
 * https authorities and the Graph SDK's auth handler attaches tokens only to
 * https URLs of Graph or a custom host. Both are given https://<host>, and these two shims send
 * the requests to http://<host> instead. Each is one string replacement per call.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export function installHttpsToHttpFetch(httpsOrigin: string, httpOrigin: string): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(httpsOrigin)) return realFetch(input, init);
    const target = httpOrigin + url.slice(httpsOrigin.length);
    return input instanceof Request ? realFetch(new Request(target, input), init) : realFetch(target, init);
  };
}

/** MSAL's network seam on global fetch (as MSAL's default client is), with the scheme mapped. */
export function emulatorNetworkClient(httpsOrigin: string, httpOrigin: string): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) => {
    const target = url.startsWith(httpsOrigin) ? httpOrigin + url.slice(httpsOrigin.length) : url;
    const res = await fetch(target, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(method === 'POST' && options?.body !== undefined ? { body: options.body } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: res.status, headers, body: (await res.json()) as T } satisfies NetworkResponse<T>;
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
