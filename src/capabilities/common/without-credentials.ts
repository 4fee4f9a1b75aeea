import type { Static } from '@sinclair/typebox';
import type { CapabilityInput, CapabilityInputSchema } from '../capability.js';
import { CREDENTIAL_FIELDS } from './common-schemas.js';

const CREDENTIAL_KEYS = new Set(Object.keys(CREDENTIAL_FIELDS));

/** A validated body without the connection fields, which chose the connection: what `run` gets. */
export function withoutCredentials(
  body: Static<CapabilityInputSchema>,
): CapabilityInput<CapabilityInputSchema> {
  const fields: Record<string, unknown> = body;
  const input: Record<string, unknown> = {};
  for (const key in fields) {
    if (!CREDENTIAL_KEYS.has(key)) input[key] = fields[key];
  }
  return input;
}
