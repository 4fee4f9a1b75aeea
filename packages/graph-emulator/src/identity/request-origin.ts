// The origin a client used to reach the emulator, so discovery documents, @odata.context and
// nextLinks point back at it (whatever port or host name the test picked).

import type { FastifyRequest } from 'fastify';

export function requestOrigin(request: FastifyRequest): string {
  const host = request.headers.host ?? `${request.hostname}`;
  return `${request.protocol}://${host}`;
}

/**
 * The origin written into discovery documents. MSAL accepts only https authorities and checks
 * that the issuer is https on the authority's host, so MSAL clients reach this plain-HTTP
 * emulator through a network client that maps https to http; the documents must therefore
 * say https. A proxy or client may ask for http with `X-Forwarded-Proto: http`.
 */
export function identityOrigin(request: FastifyRequest): string {
  const host = request.headers.host ?? `${request.hostname}`;
  const forwarded = request.headers['x-forwarded-proto'];
  const scheme = forwarded === 'http' ? 'http' : 'https';
  return `${scheme}://${host}`;
}
