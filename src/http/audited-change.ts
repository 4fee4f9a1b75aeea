import type { Capability, CapabilityOutput } from '../capabilities/capability.js';
import { type AuditSink, auditFields, auditObjectId, recordAudit } from '../observability/audit-log.js';
import type { LogSink } from '../observability/log-sink.js';
import { toProblem } from './problem/to-problem.js';

/** Who made a change, and where its audit record goes. */
export interface AuditContext {
  log: LogSink;
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
  const base = {
    action: capability.id,
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    fields: auditFields(input),
    ...(auditObjectId(input) ? { objectId: auditObjectId(input) } : {}),
  };
  try {
    const output = await run();
    const requestId = output.headers['request-id'];
    await recordAudit(audit.log, audit.store, audit.who, {
      ...base,
      outcome: 'success',
      ...(requestId ? { graphRequestIds: [requestId] } : {}),
    });
    return output;
  } catch (error) {
    const problem = toProblem(error, capability.notFoundCode);
    const requestId = problem.extra.graph?.requestId;
    await recordAudit(audit.log, audit.store, audit.who, {
      ...base,
      outcome: 'failure',
      code: problem.code,
      ...(requestId ? { graphRequestIds: [requestId] } : {}),
    });
    throw error;
  }
}
