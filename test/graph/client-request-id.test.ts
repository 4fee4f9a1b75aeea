import { describe, expect, it } from 'vitest';
import { clientRequestIdFor, isUuid } from '../../src/graph/client-request-id.js';

describe('clientRequestIdFor', () => {
  it('uses a UUID request id as is (lower-cased)', () => {
    expect(clientRequestIdFor('2BE83E05-649E-2508-BCD9-62E666168FC8')).toBe(
      '2be83e05-649e-2508-bcd9-62e666168fc8',
    );
  });

  it('derives a stable version-5 UUID from any other id', () => {
    const a = clientRequestIdFor('req-1');
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(a[19]);
    expect(clientRequestIdFor('req-1')).toBe(a);
    expect(clientRequestIdFor('req-2')).not.toBe(a);
  });
});
