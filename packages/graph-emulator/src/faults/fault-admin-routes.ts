// Admin API of the fault rules and the throttling model (emulator only, like all of /_emulator):
//   POST   /_emulator/faults       arm one rule, an array of rules, or {rules: [...]}
//   GET    /_emulator/faults       the rules with their match/hit counters, and Retry-After timing
//   DELETE /_emulator/faults       disarm every rule and reset the counters
//   GET    /_emulator/throttling   the throttling model's settings
//   PUT    /_emulator/throttling   change them (partial), which also starts every budget afresh

import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../emulator-state.js';
import type { ThrottlingSettings } from '../throttling/throttle-model.js';
import { type FaultRuleInput, validateFaultRule } from './fault-rule.js';

export function registerFaultAdminRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/_emulator/faults', async (request, reply) => {
    const body = request.body as unknown;
    const list = Array.isArray(body)
      ? body
      : isObject(body) && Array.isArray(body['rules'])
        ? body['rules']
        : [body];
    const rules: FaultRuleInput[] = [];
    for (const [index, input] of list.entries()) {
      const rule = validateFaultRule(input);
      if (typeof rule === 'string') return reply.code(400).send({ error: `rule ${index}: ${rule}` });
      rules.push(rule);
    }
    return reply.code(201).send({ rules: state.faults.arm(rules) });
  });

  app.get('/_emulator/faults', async () => ({
    rules: state.faults.list(),
    retryTiming: state.retryTiming.report(),
  }));

  app.delete('/_emulator/faults', async (_request, reply) => {
    state.faults.clear();
    state.retryTiming.reset();
    return reply.code(204).send();
  });

  app.get('/_emulator/throttling', async () => state.throttling.settings);

  app.put('/_emulator/throttling', async (request, reply) => {
    const changes = validateThrottling(request.body);
    if (typeof changes === 'string') return reply.code(400).send({ error: changes });
    return reply.send(state.throttling.update(changes));
  });
}

function validateThrottling(body: unknown): Partial<ThrottlingSettings> | string {
  if (!isObject(body)) return 'body must be a JSON object';
  const changes: Partial<ThrottlingSettings> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'enabled') {
      if (typeof value !== 'boolean') return 'enabled must be a boolean';
      changes.enabled = value;
    } else if (key === 'resourceUnits') {
      if (value !== null && !isPositiveInteger(value))
        return 'resourceUnits must be a positive integer or null';
      changes.resourceUnits = value as number | null;
    } else if (key === 'windowMs' || key === 'writeWindowMs' || key === 'writeLimit') {
      if (!isPositiveInteger(value)) return `${key} must be a positive integer`;
      changes[key] = value;
    } else {
      return `unknown field '${key}'`;
    }
  }
  return changes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}
