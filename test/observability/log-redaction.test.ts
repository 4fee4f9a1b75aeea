import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/observability/logging.js';

const SECRET = 'redaction-probe-secret-0123456789';

/** Every line a logger with the service's options writes for `value`. */
function logged(value: Record<string, unknown>): string {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  pino(loggerOptions('info'), stream).info(value, 'probe');
  return text;
}

/**
 * Where a secret can sit in whatever reaches a log call by mistake: not only in what the code
 * logs today. Each shape is one that a redaction path exists for; removing the path lets it through.
 */
const SHAPES: Array<[string, Record<string, unknown>]> = [
  ['a client secret at the top', { clientSecret: SECRET }],
  ['a client secret one level down (a connection)', { connection: { tenantId: 't', clientSecret: SECRET } }],
  ["a token endpoint's client_secret", { client_secret: SECRET }],
  ['a client_secret one level down (a form)', { form: { client_secret: SECRET } }],
  ['a password', { password: SECRET }],
  ['a password one level down', { user: { password: SECRET } }],
  ['a create-user password', { createUserPassword: SECRET }],
  ['a create-user password one level down', { input: { createUserPassword: SECRET } }],
  ['an access token', { accessToken: SECRET }],
  ['an access token one level down', { result: { accessToken: SECRET } }],
  ['an OAuth access_token', { access_token: SECRET }],
  ['an OAuth access_token one level down', { response: { access_token: SECRET } }],
  ['an Authorization header on the request', { req: { headers: { authorization: `Bearer ${SECRET}` } } }],
  ['a cookie on the request', { req: { headers: { cookie: `session=${SECRET}` } } }],
  ['bare headers with Authorization', { headers: { authorization: `Bearer ${SECRET}` } }],
  ['an outgoing request with Authorization', { request: { headers: { authorization: `Bearer ${SECRET}` } } }],
  ['an Authorization value at the top', { authorization: `Bearer ${SECRET}` }],
  ['a request body', { body: { anything: SECRET } }],
  ['a request body one level down', { request: { body: `{"clientSecret":"${SECRET}"}` } }],
];

describe('log redaction', () => {
  it.each(SHAPES)('blanks %s', (_, value) => {
    const text = logged(value);
    expect(text).toContain('"msg":"probe"');
    expect(text).toContain('[Redacted]');
    expect(text).not.toContain(SECRET);
  });

  it('still logs what is not a secret', () => {
    expect(logged({ connection: { tenantId: 'contoso.com', clientSecret: SECRET } })).toContain(
      'contoso.com',
    );
  });
});
