import { describe, expect, it } from 'vitest';
import { JsonText, looksLikeJsonObject } from '../../../src/graph/json-text.js';
import { jsonTextEnvelope } from '../../../src/http/routes/json-text-envelope.js';

// Split in two, as a body arriving in several chunks would be.
const jsonText = (text: string) => {
  const bytes = Buffer.from(text);
  const cut = Math.floor(bytes.length / 2);
  return new JsonText([bytes.subarray(0, cut), bytes.subarray(cut)]);
};

describe('jsonTextEnvelope', () => {
  it("puts Graph's bytes in as they are and the service's own fields after them", () => {
    const graphText =
      '{"value":[{"id":"1","displayName":"Zoë","jobTitle":null}],"@odata.nextLink":"https://x/y?$skiptoken=a"}';
    const raw = jsonText(graphText);
    const envelope = jsonTextEnvelope(raw, {
      rawResponse: raw,
      statusCode: 200,
      headers: { 'request-id': 'r"1' },
      pages: 1,
    });
    const text = envelope;
    expect(text).toContain(graphText);
    expect(JSON.parse(text)).toEqual({
      output: {
        rawResponse: JSON.parse(graphText),
        statusCode: 200,
        headers: { 'request-id': 'r"1' },
        pages: 1,
      },
    });
  });

  it('is valid JSON when rawResponse is the only field', () => {
    const raw = jsonText('{}');
    const envelope = jsonTextEnvelope(raw, { rawResponse: raw } as never);
    expect(JSON.parse(envelope)).toEqual({ output: { rawResponse: {} } });
  });

  it('serialises a JsonText as its object wherever a generic serialiser meets it', () => {
    expect(JSON.stringify({ raw: jsonText('{"a":[1,null],"b":"é"}') })).toBe(
      '{"raw":{"a":[1,null],"b":"é"}}',
    );
  });
});

describe('looksLikeJsonObject', () => {
  it('accepts an object, surrounding JSON whitespace included, and nothing else', () => {
    const check = (text: string) => looksLikeJsonObject([Buffer.from(text)]);
    expect(check(' {"value":[]}\r\n')).toBe(true);
    expect(check('{}')).toBe(true);
    expect(check('[1,2]')).toBe(false);
    expect(check('"text"')).toBe(false);
    expect(check('<html></html>')).toBe(false);
    expect(check('{')).toBe(false);
    expect(check('')).toBe(false);
    expect(check('   ')).toBe(false);
    expect(looksLikeJsonObject([Buffer.from(' {"a":'), Buffer.from(''), Buffer.from('1} ')])).toBe(true);
    expect(looksLikeJsonObject([Buffer.from(' {'), Buffer.from('  ')])).toBe(false);
    expect(looksLikeJsonObject([])).toBe(false);
  });
});
