/**
 * Browser-facing hardening on every response. The API answers JSON only, so its documents get a
 * policy that allows nothing; the explorer under /docs gets one that allows exactly what
 * swagger-ui's bundled assets need (same-origin scripts and styles, inline style attributes, data:
 * images and fonts, fetches of the OpenAPI document) and nothing from other origins.
 */
import type { FastifyInstance } from 'fastify';

const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // swagger-ui sets style attributes at run time; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const docs = path === '/docs' || path.startsWith('/docs/');
    reply.header('content-security-policy', docs ? DOCS_POLICY : API_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
  });
}
