import { GraphError } from '../../graph/graph-error.js';

/**
 * Whether Graph said the delta token can no longer be used: 410 Gone, or the sync-state codes
 * (reference/graph-api.md 5.5: "on any 410, or a 400/404 mentioning delta/sync token ... start over").
 */
export function isExpiredDeltaToken(error: unknown): error is GraphError {
  if (!(error instanceof GraphError)) return false;
  if (error.status === 410) return true;
  if (/^(syncStateNotFound|resyncRequired)$/i.test(error.code)) return true;
  return (
    (error.status === 400 || error.status === 404) && /(delta|sync)\s*(token|state)/i.test(error.graphMessage)
  );
}
