import type { Connection } from './connection.js';

/** How a connection proves itself to the token authority; only client secrets exist today. */
export function connectionKind(_connection: Connection): 'clientSecret' {
  return 'clientSecret';
}
