import { createHash } from 'node:crypto';
import { problem } from '../../errors/problem.js';

/** Printable ASCII, as the key is echoed in nothing but compared byte for byte. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/**
 * The `Idempotency-Key` header's value (IETF httpapi draft): a Structured Fields string, so
 * `"abc"`; the bare `abc` that most clients send is accepted too. Undefined when absent.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) {
    throw problem('INVALID_IDEMPOTENCY_KEY', 'Send one Idempotency-Key header, not several.');
  }
  const trimmed = header.trim();
  const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(trimmed);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : trimmed;
  if (!KEY_PATTERN.test(key) || key.trim() === '') {
    throw problem(
      'INVALID_IDEMPOTENCY_KEY',
      'The Idempotency-Key header must hold 1 to 255 printable ASCII characters.',
    );
  }
  return key;
}

/**
 * Where a key's record is filed: keys are per caller (the API key presented) and per tenant and
 * application, so two callers, or one caller's two tenants, never see each other's outcomes. Only
 * digests are kept: no API key reaches the store.
 */
export function idempotencyRecordKey(parts: {
  apiKey: string | undefined;
  tenantId: string;
  clientId: string;
  idempotencyKey: string;
}): string {
  return sha256(
    JSON.stringify([sha256(parts.apiKey ?? ''), parts.tenantId, parts.clientId, parts.idempotencyKey]),
  );
}

/**
 * What makes two requests "the same": the capability and the body, with object keys in a fixed
 * order so that a client serializing its fields differently is not told it changed the request.
 */
export function requestFingerprint(capabilityId: string, body: unknown): string {
  return sha256(`${capabilityId}\n${canonicalJson(body)}`);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * The id of the workflow run a key starts: derived from the key's record (so per caller, tenant
 * and app), shaped as a UUID like the ids of runs started without a key. A repeat finds the run
 * under this id however long the first request ran (see WorkflowEngine.start).
 */
export function workflowRunIdFor(recordKey: string): string {
  const hex = sha256(`workflow-run:${recordKey}`);
  // Version 8 (RFC 9562: "custom"), variant 10.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
