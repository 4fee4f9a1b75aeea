import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, type InjectedService } from '../helpers/test-service.js';

const API_KEY = 'logged-urls-api-key-0123456789';
const MISPLACED = 'misplaced-credential-9876543210';

describe('logged request URLs carry no credential', () => {
  let service: InjectedService;

  beforeAll(async () => {
    service = await buildTestService({ env: { LOG_LEVEL: 'info', API_KEYS: API_KEY } });
    service.secrets.add(MISPLACED);
  });
  afterAll(() => service.close());

  it('keeps query values out of every log line, whatever the parameter is called', async () => {
    const auth = { authorization: `Bearer ${API_KEY}` };
    for (const query of [
      `api_key=${MISPLACED}`,
      `apikey=${MISPLACED}&x=1`,
      `token=${MISPLACED}`,
      `access_token=${MISPLACED}`,
      `code=${MISPLACED}`,
      `client_secret=${MISPLACED}`,
      `sig=${MISPLACED}`,
      `anything=${MISPLACED}`,
      `${MISPLACED}`,
      `a=1&b=${encodeURIComponent(MISPLACED)}`,
    ]) {
      await service.http('GET', `/metrics?${query}`, undefined, auth);
      await service.http('GET', `/metrics?${query}`); // refused: no key
      await service.http('GET', `/no-such-route?${query}`, undefined, auth);
      await service.http('POST', `/capabilities/read-user?${query}`, { userId: 'x' }, auth);
    }
    const text = service.logs.join('');
    expect(text).toContain('/metrics'); // the lines exist, and still say where each request went
    expect(text).toContain('api_key=');
    expect(text.includes(MISPLACED), 'a query value reached the logs').toBe(false);
    expect(text.includes(API_KEY), 'the API key reached the logs').toBe(false);
  });
});
