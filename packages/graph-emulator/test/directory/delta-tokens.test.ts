import { describe, expect, it } from 'vitest';
import { DeltaPolicy } from '../../src/directory/delta-policy.js';
import { decodeStateToken, encodeStateToken, type StateToken } from '../../src/directory/delta-tokens.js';

const common = {
  tenantId: 't1',
  issuedAt: 1_700_000_000_000,
  generation: 2,
  select: ['displayName'],
  ids: null,
};

describe('delta state tokens', () => {
  it('round-trip skip and delta tokens as base64url', () => {
    const tokens: StateToken[] = [
      { kind: 'delta', after: 42, ...common },
      {
        kind: 'skip',
        phase: 'changes',
        after: 3,
        upTo: 9,
        cursor: 200,
        emptyServed: true,
        ...common,
        ids: ['x'],
      },
      {
        kind: 'skip',
        phase: 'initial',
        after: 0,
        upTo: 0,
        cursor: 17,
        emptyServed: false,
        ...common,
        select: null,
      },
    ];
    for (const token of tokens) {
      const text = encodeStateToken(token);
      expect(text).toMatch(/^[\w-]+$/);
      expect(decodeStateToken(text)).toEqual(token);
    }
  });

  it('rejects garbage and tokens with missing or mistyped fields', () => {
    const bad = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    for (const text of [
      '',
      'garbage!',
      bad({}),
      bad({ v: 1, k: 'd', t: 't', i: 1, g: 0, s: null, f: null, a: -1 }),
      bad({ v: 1, k: 's', t: 't', i: 1, g: 0, s: null, f: null, a: 1, ph: 'i' }),
    ]) {
      expect(decodeStateToken(text)).toBeUndefined();
    }
  });
});

describe('DeltaPolicy', () => {
  it('expires tokens by age and by generation, per tenant or globally', () => {
    let now = 1_000_000;
    const policy = new DeltaPolicy({ tokenMaxAgeSeconds: 60 }, () => now);
    const token = { issuedAt: now, generation: policy.generation('T1') };
    expect(policy.isExpired(token, 't1')).toBe(false);
    now += 59_999;
    expect(policy.isExpired(token, 't1')).toBe(false);
    now += 1;
    expect(policy.isExpired(token, 't1')).toBe(true);

    const fresh = { issuedAt: now, generation: policy.generation('t1') };
    policy.expireTokens('t2');
    expect(policy.isExpired(fresh, 't1')).toBe(false);
    policy.expireTokens('T1');
    expect(policy.isExpired(fresh, 't1')).toBe(true);
    const other = { issuedAt: now, generation: policy.generation('t2') };
    policy.expireTokens();
    expect(policy.isExpired(other, 't2')).toBe(true);
  });

  it('validates settings', () => {
    expect(() => new DeltaPolicy({ pageSize: 1000 })).toThrow(TypeError);
    const policy = new DeltaPolicy();
    expect(policy.settings).toMatchObject({ pageSize: 100, tokenMaxAgeSeconds: 604_800, expiredStatus: 410 });
    expect(() => policy.update({ expiredStatus: 404 as 410 })).toThrow(TypeError);
    expect(policy.update({ emptyPages: true }).emptyPages).toBe(true);
  });
});
