import type { Connection } from './connection.js';

/** How a connection proves itself to the token authority; public (GET /connections reports it). */
export type ConnectionKind = 'clientSecret' | 'clientCertificate' | 'workloadIdentity' | 'managedIdentity';

export const CONNECTION_KINDS: readonly ConnectionKind[] = [
  'clientSecret',
  'clientCertificate',
  'workloadIdentity',
  'managedIdentity',
];

export function connectionKind(connection: Connection): ConnectionKind {
  return connection.kind ?? 'clientSecret';
}
