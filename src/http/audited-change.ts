import type { Capability, CapabilityOutput } from '../capabilities/capability.js';
import {
  type AuditEntry,
  type AuditLogs,
  type AuditSink,
  auditFields,
  auditObjectId,
  recordAudit,
} from '../observability/audit-log.js';
import { toProblem } from './problem/to-problem.js';

/** Who made a change, and where its audit record goes. */
export interface AuditContext {
  logs: AuditLogs;
  store: AuditSink;
  /** The caller's id (callerId), never the API key. */
  who: string;
}

/**
 * Runs one change (a mutating capability call, alone or as a batch item) and writes its audit
 * record whatever the outcome: the same record either way, so the trail does not depend on the
 * route a change came through.
 */
export async function auditedChange(
  audit: AuditContext,
  capability: Pick<Capability, 'id' | 'notFoundCode'>,
  connection: { tenantId: string; clientId: string },
  input: Record<string, unknown>,
  run: () => Promise<CapabilityOutput>,
): Promise<CapabilityOutput> {
  let output: CapabilityOutput;
  try {
    output = await run();
  } catch (error) {
    const problem = toProblem(error, capability.notFoundCode);
    await recordAudit(
      audit.logs,
      audit.store,
      audit.who,
      entryOf(capability.id, connection, input, problem.code, problem.extra.graph?.requestId),
    );
    throw error;
  }
  await recordAudit(
    audit.logs,
    audit.store,
    audit.who,
    entryOf(capability.id, connection, input, undefined, output.headers['request-id']),
  );
  return output;
}

/** A success when `code` is undefined, else a failure with that problem code. */
function entryOf(
  action: string,
  connection: { tenantId: string; clientId: string },
  input: Record<string, unknown>,
  code: string | undefined,
  graphRequestId: string | undefined,
): AuditEntry {
  const entry: AuditEntry = {
    action,
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    fields: auditFields(input),
    outcome: code === undefined ? 'success' : 'failure',
  };
  const objectId = auditObjectId(input);
  if (objectId !== undefined) entry.objectId = objectId;
  if (code !== undefined) entry.code = code;
  if (graphRequestId) entry.graphRequestIds = [graphRequestId];
  return entry;
}
