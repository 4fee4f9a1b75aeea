import { ClientAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import {
  aadstsCodes,
  emptyExchange,
  stripTraceTail,
  toIdentityError,
  triggersMsalThrottle,
} from '../../src/identity/msal-error-mapping.js';

const SECRET = 'p@ss~word';

describe('stripTraceTail / aadstsCodes', () => {
  it('removes the Trace ID / Correlation ID / Timestamp tail Entra appends', () => {
    const d =
      "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: 2024-05-01 10:11:12Z";
    expect(stripTraceTail(d)).toBe(
      "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.",
    );
  });

  it('finds every distinct AADSTS number', () => {
    expect(aadstsCodes('AADSTS50196: a. AADSTS90002: b. AADSTS50196 again')).toEqual([50196, 90002]);
    expect(aadstsCodes('no codes')).toEqual([]);
  });
});

describe('toIdentityError', () => {
  it('prefers the observed token-endpoint body over MSAL’s folded message', () => {
    const exchange = {
      requests: 1,
      status: 400,
      headers: {},
      body: {
        error: 'invalid_request',
        error_description: 'AADSTS90002: Tenant not found.\r\nTrace ID: t',
        error_codes: [90002],
      },
    };
    const e = toIdentityError(
      new ServerError('invalid_request', 'c', 'Error(s): 90002 - ...'),
      exchange,
      SECRET,
    );
    expect(e).toMatchObject({
      upstreamStatus: 400,
      error: 'invalid_request',
      errorCodes: [90002],
      description: 'AADSTS90002: Tenant not found.',
    });
  });

  it('parses the codes from the description when error_codes is missing', () => {
    const exchange = {
      requests: 1,
      status: 401,
      headers: {},
      body: { error: 'invalid_client', error_description: 'AADSTS7000222: expired' },
    };
    expect(toIdentityError(undefined, exchange, SECRET).errorCodes).toEqual([7000222]);
  });

  it('falls back to MSAL’s ServerError message, extracting the description', () => {
    const msg =
      'Error(s): 7000215 - Timestamp: 2024 - Description: AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x - Correlation ID: y - Trace ID: z';
    const e = toIdentityError(new ServerError('invalid_client', 'c', msg), emptyExchange(), SECRET);
    expect(e).toMatchObject({
      upstreamStatus: 0,
      error: 'invalid_client',
      errorCodes: [7000215],
      description: 'AADSTS7000215: Invalid client secret provided.',
    });
  });

  it('names a replayed MSAL throttle entry temporarily_unavailable', () => {
    const e = toIdentityError(
      new ServerError('50196', 'c', 'AADSTS50196: loop detected'),
      emptyExchange(),
      SECRET,
    );
    expect(e.error).toBe('temporarily_unavailable');
    expect(e.errorCodes).toEqual([50196]);
  });

  it('maps transport failures to timeout / unreachable with status 0', () => {
    expect(toIdentityError(undefined, { requests: 1, failure: 'timeout' }, SECRET)).toMatchObject({
      upstreamStatus: 0,
      error: 'timeout',
    });
    expect(toIdentityError(undefined, { requests: 1, failure: 'connect-timeout' }, SECRET).error).toBe(
      'timeout',
    );
    expect(toIdentityError(undefined, { requests: 1, failure: 'refused' }, SECRET).error).toBe('unreachable');
  });

  it('redacts the secret wherever it shows up', () => {
    const e = toIdentityError(
      new ClientAuthError('network_error', `boom ${SECRET}`),
      emptyExchange(),
      SECRET,
    );
    expect(`${e.message}${e.description}${e.error}`).not.toContain(SECRET);
  });

  it('reads Retry-After seconds from the observed headers', () => {
    const exchange = {
      requests: 1,
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: 'temporarily_unavailable' },
    };
    expect(toIdentityError(undefined, exchange, SECRET).retryAfterSeconds).toBe(7);
  });
});

describe('triggersMsalThrottle', () => {
  it('matches MSAL’s rule: 429, 5xx, or any non-2xx with Retry-After', () => {
    expect(triggersMsalThrottle({ requests: 1, status: 429 })).toBe(true);
    expect(triggersMsalThrottle({ requests: 1, status: 503 })).toBe(true);
    expect(triggersMsalThrottle({ requests: 1, status: 400, headers: { 'retry-after': '1' } })).toBe(true);
    expect(triggersMsalThrottle({ requests: 1, status: 401, headers: {} })).toBe(false);
    expect(triggersMsalThrottle({ requests: 1, status: 200, headers: { 'retry-after': '1' } })).toBe(false);
    expect(triggersMsalThrottle(emptyExchange())).toBe(false);
  });
});
