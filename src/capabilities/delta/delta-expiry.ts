import { GraphError } from '../../graph/graph-error.js';

/**
 * Whether Graph said the delta token can no longer be used: 410 Gone, or the sync-state codes
 * (syncStateNotFound, resyncRequired) and a 400/404 naming the delta or sync token. Either way the
 * client must start over with a full synchronization.
 * @see https://learn.microsoft.com/graph/delta-query-overview
 */
export function isExpiredDeltaToken(error: unknown): error is GraphError {
  if (!(error instanceof GraphError)) return false;
  if (error.status === 410) return true;
  if (/^(syncStateNotFound|resyncRequired)$/i.test(error.code)) return true;
  return (
    (error.status === 400 || error.status === 404) && /(delta|sync)\s*(token|state)/i.test(error.graphMessage)
  );
}
