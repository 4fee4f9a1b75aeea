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

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
const API_HEADERS = { 'content-security-policy': API_POLICY, ...COMMON_HEADERS };
const DOCS_HEADERS = { 'content-security-policy': DOCS_POLICY, ...COMMON_HEADERS };

export function registerSecurityHeaders(app: FastifyInstance): void {
  // Set as the request arrives, so every answer (errors and 404s included) carries them. A
  // callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    const docs = url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?');
    reply.headers(docs ? DOCS_HEADERS : API_HEADERS);
    done();
  });
}
