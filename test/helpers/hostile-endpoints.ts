/**
 * `endpoint` values that try to move the custom call (and its token) off the Graph origin or out
 * of the version root. `DECOY` is replaced by the host:port of a local listener that counts what
 * reaches it. `expect: 'reject'` values must be refused by the service itself; `stay` values are
 * harmless paths that must reach Graph under the version root.
 */
export interface HostileEndpoint {
  value: string;
  expect: 'reject' | 'stay';
}

const reject = (value: string): HostileEndpoint => ({ value, expect: 'reject' });
const stay = (value: string): HostileEndpoint => ({ value, expect: 'stay' });

export const HOSTILE_ENDPOINTS: HostileEndpoint[] = [
  // absolute URLs and schemes
  reject('http://DECOY/v1.0/users'),
  reject('https://DECOY/users'),
  reject('HTTP://DECOY/users'),
  reject('http:DECOY/users'),
  reject('http:/DECOY/users'),
  reject('http:\\\\DECOY\\users'),
  reject('ws://DECOY/'),
  reject('file:///etc/passwd'),
  reject('javascript:alert(1)'),
  reject('data:text/plain,hi'),
  reject('localhost:1/users'),
  // protocol-relative and host-looking values
  reject('//DECOY/users'),
  reject('///DECOY/users'),
  reject('////DECOY'),
  reject('DECOY/users'),
  reject('?//DECOY'),
  // userinfo
  reject('@DECOY/users'),
  reject('user:pass@DECOY/users'),
  reject('graph.microsoft.com@DECOY/users'),
  // backslashes and look-alike slashes
  reject('\\\\DECOY\\users'),
  reject('/\\DECOY/users'),
  reject('\\/DECOY/users'),
  reject('/users\uff0fDECOY'),
  reject('/users\u2215..\u2215x'),
  reject('/%2F%2FDECOY/users'),
  reject('/%5C%5CDECOY/users'),
  reject('/users/%EF%BC%8F..%EF%BC%8Fx'),
  // control characters, whitespace, invisible characters
  reject('/users\r\nHost: DECOY'),
  reject('/users\nX: 1'),
  reject('\thttp://DECOY/'),
  reject(' http://DECOY/'),
  reject('/users\u0000http://DECOY'),
  reject('/users\u2028x'),
  reject('/users\u202e'),
  reject('/users\u200b/..'),
  reject('/ /DECOY'),
  reject('/users\u00a0'),
  reject('/users/%0d%0aHost:%20DECOY'),
  reject('/users/%00'),
  // dot segments, plain and encoded
  reject('/users/../../x'),
  reject('/../v1.0/users'),
  reject('/users/./x'),
  reject('/users/..'),
  reject('/users/...'),
  reject('/..;/x'),
  reject('/users/%2e%2e/%2e%2e/DECOY'),
  reject('/%2e%2e/%2e%2e/x'),
  reject('/users/%2e/x'),
  reject('/users/.%2e/x'),
  reject('/users/%2E%2E%3B/x'),
  reject('/..%2f..%2fx'),
  reject('/users/..%2F..%2F'),
  reject('/%252e%252e/x'),
  reject('/%25252e%25252e/x'),
  reject('/users/%c0%ae%c0%ae/x'),
  reject('/%ZZ'),
  // Unicode dots
  reject('/users/\u2024\u2024/x'),
  reject('/users/%E2%80%A4%E2%80%A4/x'),
  reject('/users/\uff0e\uff0e/x'),
  reject('/users/%EF%BC%8E%EF%BC%8E/x'),
  reject('/users/%E3%80%82%E3%80%82/x'),
  // fragments
  reject('/users?x=1#@DECOY'),
  reject('/users#//DECOY'),
  // version tricks
  reject('/v1.0/../beta/users'),
  reject('/beta/users'),
  reject('/v1.0/users'),
  // harmless: may look odd, but stay on Graph under the version root
  stay('/users@DECOY'),
  stay('/users?redirect=http://DECOY/'),
  stay('/users?x=..%2F..%2F'),
  stay('/users/a@DECOY'),
  stay('/?@DECOY'),
];
