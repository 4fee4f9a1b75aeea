import { describe, expect, it } from 'vitest';
import { decodeRawBody } from '../../src/graph/raw-body.js';

describe('decodeRawBody', () => {
  it('parses JSON by content type, parameters and +json included', () => {
    const body = Buffer.from('{"a":[1,null]}');
    expect(decodeRawBody(body, 'application/json;odata.metadata=minimal;charset=utf-8')).toEqual({
      kind: 'json',
      value: { a: [1, null] },
    });
    expect(decodeRawBody(body, 'application/problem+json')).toMatchObject({ kind: 'json' });
  });

  it('keeps text as a string, malformed JSON included', () => {
    expect(decodeRawBody(Buffer.from('42'), 'text/plain')).toEqual({ kind: 'text', value: '42' });
    expect(decodeRawBody(Buffer.from('<a/>'), 'application/xml')).toEqual({ kind: 'text', value: '<a/>' });
    expect(decodeRawBody(Buffer.from('{nope'), 'application/json')).toEqual({ kind: 'text', value: '{nope' });
  });

  it('returns binary as base64 without losing a byte', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const decoded = decodeRawBody(png, 'image/png');
    expect(decoded).toEqual({ kind: 'base64', value: png.toString('base64') });
    // Without a content type: JSON if it parses, text if it is clean UTF-8, else base64.
    expect(decodeRawBody(png, '')).toEqual({ kind: 'base64', value: png.toString('base64') });
    expect(decodeRawBody(Buffer.from('[1]'), '')).toEqual({ kind: 'json', value: [1] });
    expect(decodeRawBody(Buffer.from('hello'), '')).toEqual({ kind: 'text', value: 'hello' });
  });

  it('reports an empty body as empty', () => {
    expect(decodeRawBody(Buffer.alloc(0), 'application/json')).toEqual({ kind: 'empty' });
  });
});
