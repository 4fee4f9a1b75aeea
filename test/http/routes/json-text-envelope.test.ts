import { describe, expect, it } from 'vitest';
import { isJsonObjectText, JsonText } from '../../../src/graph/json-text.js';
import { jsonTextEnvelope } from '../../../src/http/routes/json-text-envelope.js';

// Split in two, as a body arriving in several chunks would be.
const jsonText = (text: string) => {
  const bytes = Buffer.from(text);
  const cut = Math.floor(bytes.length / 2);
  const made = JsonText.ofObject([bytes.subarray(0, cut), bytes.subarray(cut)]);
  if (!made) throw new Error(`not one JSON object: ${text}`);
  return made;
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

describe('isJsonObjectText', () => {
  const check = (text: string) => isJsonObjectText([Buffer.from(text)]);

  it('accepts one object, surrounding JSON whitespace included, and nothing else', () => {
    expect(check(' {"value":[]}\r\n')).toBe(true);
    expect(check('{}')).toBe(true);
    expect(check('[1,2]')).toBe(false);
    expect(check('"text"')).toBe(false);
    expect(check('<html></html>')).toBe(false);
    expect(check('{')).toBe(false);
    expect(check('')).toBe(false);
    expect(check('   ')).toBe(false);
    expect(isJsonObjectText([])).toBe(false);
  });

  it('accepts every JSON token form', () => {
    for (const text of [
      '{"a":[],"b":{},"c":[[]],"d":[{}],"e":[ ]}',
      '{"n":[0,-0,1,-12,0.5,-0.25e10,1E+2,3e-7,10.0]}',
      '{"t":true,"f":false,"z":null,"l":[true,false,null]}',
      '{"s":"\\" \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00","é":"Zoë 日本"}',
      '{"} ] [ , :":"{\\"}\\"}"}',
    ]) {
      expect(check(text), text).toBe(true);
      expect(() => JSON.parse(text), text).not.toThrow();
    }
  });

  it('refuses what is not JSON, and anything after the object', () => {
    for (const text of [
      '{"id":"x"}},"injected":true,"y":{}',
      '{"id":"x"} {"id":"y"}',
      '{"a":1,}',
      '{"a":[1,]}',
      '{,"a":1}',
      '{"a" 1}',
      '{"a":1 "b":2}',
      '{a:1}',
      "{'a':1}",
      '{"a":01}',
      '{"a":-}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":1e}',
      '{"a":+1}',
      '{"a":tru}',
      '{"a":nul}',
      '{"a":True}',
      '{"a":"\\x"}',
      '{"a":"\\u12g4"}',
      '{"a":"tab\there"}',
      '{"a":[1}',
      '{"a":{]}',
      '{"a":"unclosed}',
      '{"a":1}]',
    ]) {
      expect(check(text), text).toBe(false);
      expect(() => JSON.parse(text), text).toThrow();
    }
  });

  it('reads the body the same wherever the chunks are cut', () => {
    const text = '{"s":"a\\"b\\u00e9","n":-12.5e+3,"t":true,"a":[{"x":null},[]]}';
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      expect(isJsonObjectText([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toBe(true);
    }
    const broken = Buffer.from('{"s":"ab","n":12}}');
    for (let cut = 0; cut <= broken.length; cut += 1) {
      expect(isJsonObjectText([broken.subarray(0, cut), broken.subarray(cut)]), `cut at ${cut}`).toBe(false);
    }
  });
});
