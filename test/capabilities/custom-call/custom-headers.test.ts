import { describe, expect, it } from 'vitest';
import { checkCustomHeaders } from '../../../src/capabilities/custom-call/custom-headers.js';

describe('checkCustomHeaders', () => {
  it('passes ordinary Graph headers through, lower-cased and trimmed', () => {
    expect(
      checkCustomHeaders([
        { key: 'ConsistencyLevel', value: 'eventual' },
        { key: 'Prefer', value: ' return=minimal ' },
        { key: 'If-Match', value: 'W/"abc"' },
      ]),
    ).toEqual({
      ok: true,
      headers: { consistencylevel: 'eventual', prefer: 'return=minimal', 'if-match': 'W/"abc"' },
    });
  });

  it.each([
    'Authorization',
    'AUTHORIZATION',
    'Host',
    'Content-Length',
    'Connection',
    'Transfer-Encoding',
    'Upgrade',
    'TE',
    'Trailer',
    'Keep-Alive',
    'Expect',
    'Cookie',
    'Proxy-Authorization',
    'Proxy-Connection',
    'client-request-id',
    'Accept-Encoding',
    'X-HTTP-Method-Override',
    'X-Forwarded-Host',
    'Forwarded',
  ])('refuses %s as FORBIDDEN_HEADER, naming it', (key) => {
    const check = checkCustomHeaders([
      { key: 'Prefer', value: 'x' },
      { key, value: 'v' },
    ]);
    expect(check).toMatchObject({ ok: false, code: 'FORBIDDEN_HEADER', path: '/headers/1/key' });
    expect(check.ok ? '' : check.problem).toContain(key);
  });

  it.each([
    [{ key: 'X-A\r\nHost: evil.example', value: 'v' }, '/headers/0/key'],
    [{ key: 'X A', value: 'v' }, '/headers/0/key'],
    [{ key: 'X:A', value: 'v' }, '/headers/0/key'],
    [{ key: 'Ünicode', value: 'v' }, '/headers/0/key'],
    [{ key: 'X-Test', value: 'a\r\nAuthorization: Bearer x' }, '/headers/0/value'],
    [{ key: 'X-Test', value: 'a\nb' }, '/headers/0/value'],
    [{ key: 'X-Test', value: 'a\rb' }, '/headers/0/value'],
    [{ key: 'X-Test', value: 'a\u0000b' }, '/headers/0/value'],
    [{ key: 'X-Test', value: 'line\u2028break' }, '/headers/0/value'],
  ])('refuses %j as INVALID_HEADER', (entry, path) => {
    expect(checkCustomHeaders([entry])).toMatchObject({ ok: false, code: 'INVALID_HEADER', path });
  });

  it('refuses the same header twice, whatever its case', () => {
    const check = checkCustomHeaders([
      { key: 'Prefer', value: 'a' },
      { key: 'prefer', value: 'b' },
    ]);
    expect(check).toMatchObject({ ok: false, code: 'INVALID_HEADER', path: '/headers/1/key' });
  });
});
