import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedGraphService, startScriptedGraphService } from '../helpers/scripted-graph-service.js';
import type { Answer } from '../helpers/scripted-origin.js';

/** A 200 JSON answer with exactly these bytes as its body. */
const jsonBytes = (body: string): Answer => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});

/** Users whose Graph answer is hostile or broken, by the userId that reads them. */
const ANSWERS: Record<string, Answer> = {
  // Closes the user object early and goes on at the level of the service's own envelope.
  injected: jsonBytes('{"id":"x"}},"injected":true,"statusCode":1,"x":{"a":"b"}'),
  // Each begins with "{" and ends with "}", yet none is one JSON object.
  unclosed: jsonBytes('{"id":"x","displayName":"}'),
  trailingComma: jsonBytes('{"id":"x",}'),
  twoObjects: jsonBytes('{"id":"x"} {"id":"y"}'),
  bareWord: jsonBytes('{"id":x}'),
  badEscape: jsonBytes('{"id":"\\x"}'),
  controlInString: jsonBytes('{"id":"a\u0001b"}'),
  unbalanced: jsonBytes('{"a":[1,2}'),
  // Well-formed, with every character that could fool a naive scanner.
  tricky: jsonBytes(
    ' {"id":"u1","displayName":"a } \\" { ] [ , : \\\\","n":[-1.5e+3,0,true,false,null,{"x":{}}],"é":"\\ud83d\\ude00"} ',
  ),
};

describe('Graph answers are never trusted to keep our envelope intact', () => {
  let service: ScriptedGraphService;

  beforeAll(async () => {
    const script: Record<string, Answer> = {};
    for (const [name, answer] of Object.entries(ANSWERS)) {
      script[`GET /v1.0/users/${name}@contoso.com`] = answer;
    }
    script['GET /v1.0/users/moved@contoso.com'] = {
      status: 302,
      headers: { location: 'https://elsewhere.example/v1.0/users/moved@contoso.com' },
    };
    script['GET /v1.0/users/moved-json@contoso.com'] = {
      status: 307,
      headers: { location: 'https://elsewhere.example/' },
      json: { id: 'moved' },
    };
    script['DELETE /v1.0/users/moved@contoso.com'] = {
      status: 301,
      headers: { location: 'https://elsewhere.example/' },
    };
    script['GET /v1.0/users'] = jsonBytes('{"value":[{"id":"a"}]},"injected":{"value":[]}');
    service = await startScriptedGraphService(script);
  });
  afterAll(() => service.close());

  const readUser = (name: string) => service.call('read-user', { userId: `${name}@contoso.com` });

  it('answers 502 GRAPH_BAD_RESPONSE for a body that would add keys to the envelope', async () => {
    const response = await readUser('injected');
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('GRAPH_BAD_RESPONSE');
    expect(JSON.stringify(response.body)).not.toContain('injected');
  });

  it.each([
    'unclosed',
    'trailingComma',
    'twoObjects',
    'bareWord',
    'badEscape',
    'controlInString',
    'unbalanced',
  ])('answers 502 GRAPH_BAD_RESPONSE for a malformed body (%s), never an invalid 200', async (name) => {
    const response = await readUser(name);
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('GRAPH_BAD_RESPONSE');
  });

  it('passes a well-formed body on unchanged, however many brackets its strings hold', async () => {
    const response = await readUser('tricky');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['output']);
    expect(response.body.output.rawResponse).toEqual(JSON.parse((ANSWERS.tricky as { body: string }).body));
  });

  it('checks every verbatim page too (query-users)', async () => {
    const response = await service.call('query-users', { userQuery: '$top=1' });
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('GRAPH_BAD_RESPONSE');
  });

  it.each([
    ['read-user', 'moved'],
    ['read-user', 'moved-json'],
    ['delete-user', 'moved'],
  ])(
    'answers 502 GRAPH_BAD_RESPONSE when Graph redirects %s (%s), never a success',
    async (capability, name) => {
      const response = await service.call(capability, { userId: `${name}@contoso.com` });
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GRAPH_BAD_RESPONSE');
    },
  );
});
