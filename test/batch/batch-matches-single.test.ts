/**
 * The done-when of the bulk issue: a 1,000-item mixed batch in the sandbox ends with every item's
 * outcome equal to what the single capability gives for the same input. The batch runs on one
 * sandbox; the same inputs run one by one through `POST /capabilities/<id>` on a second, fresh
 * sandbox seeded alike, in dependency order; the outcomes are compared item by item.
 */
import { DEMO_SKU_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallResult, startTestService, type TestService } from '../helpers/test-service.js';
import { chainOf, comparable, type MixedItem, mixedBatch, sortedKeys } from './mixed-batch.js';

const ITEMS = 1000;

describe('POST /batch with 1,000 mixed items', () => {
  let batched: TestService;
  let single: TestService;

  beforeAll(async () => {
    // Two sandboxes from the same seed: the batch changes one, the single calls the other.
    [batched, single] = await Promise.all([
      startTestService({ env: { LOG_LEVEL: 'warn' } }),
      // 1,000 single calls in a few seconds: beyond the default per-caller limit.
      startTestService({ env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([batched?.close(), single?.close()]);
  });

  it("gives every item the single capability's outcome for the same input", async () => {
    const skus = await single.call('list-subscribed-skus', {});
    const office = (skus.body.output.skus as { skuId: string; seats: { free: number } }[]).find(
      (sku) => sku.skuId === DEMO_SKU_IDS.officeE3,
    );
    const items = mixedBatch(batched.emulator.demo.domain, ITEMS, Math.max(0, (office?.seats.free ?? 0) - 2));
    const graphBefore = graphRequestsMade(await batched.http('GET', '/metrics'));

    const answer = await batched.http('POST', '/batch', { requests: items });
    expect(answer.status).toBe(200);
    const results = answer.body.responses as BatchResult[];
    expect(results.map((result) => result.id)).toEqual(items.map((item) => item.id));

    const expected = await singleOutcomes(single, items);
    const origins = { batched: batched.emulator.origin, single: single.emulator.origin };
    const mismatches: string[] = [];
    items.forEach((item, at) => {
      const theirs = expected[at]!;
      const full = comparable(results[at]!, origins.batched);
      // A code only a batch answers is compared by status and code; everything else in full.
      const code = (full.problem as { code?: string } | undefined)?.code;
      const mine = isBatchOnly(theirs) ? { status: full.status, problem: { code, batchOnly: true } } : full;
      if (JSON.stringify(sortedKeys(mine)) !== JSON.stringify(sortedKeys(theirs))) {
        mismatches.push(
          `${item.id} ${item.capability}: ${JSON.stringify(mine)} != ${JSON.stringify(theirs)}`,
        );
      }
    });
    expect(mismatches.slice(0, 5)).toEqual([]);

    // The mix really covers successes, Graph's refusals and the batch's own codes.
    const codes = new Set(results.map((result) => result.problem?.code ?? `ok ${result.status}`));
    for (const code of [
      'ok 200',
      'USER_NOT_FOUND',
      'USER_ALREADY_EXISTS',
      'UPN_DOMAIN_NOT_VERIFIED',
      'GROUP_MEMBERSHIP_READ_ONLY',
      'NOT_A_MEMBER',
      'MANAGER_NOT_SET',
      'USAGE_LOCATION_REQUIRED',
      'LICENSE_NOT_ASSIGNED',
      'VALIDATION_FAILED',
      'BATCH_CAPABILITY_REFUSED',
      'BATCH_UNKNOWN_CAPABILITY',
      'SKIPPED_DEPENDENCY_FAILED',
    ]) {
      expect(codes, code).toContain(code);
    }
    // One Graph HTTP request carried many items: far fewer requests than items.
    const graphRequests = graphRequestsMade(await batched.http('GET', '/metrics')) - graphBefore;
    expect(graphRequests).toBeGreaterThan(0);
    expect(graphRequests).toBeLessThan(ITEMS / 4);
  }, 180_000);
});

interface BatchResult {
  id: string;
  status: number;
  output?: unknown;
  problem?: { code: string };
}

/**
 * Each item's expected outcome: its single call on the other sandbox, chains side by side and each
 * chain in order. An item whose dependency failed is expected skipped; an item no single call can
 * stand for (unknown capability, paging refused) is expected with the batch's own code.
 */
async function singleOutcomes(service: TestService, items: MixedItem[]) {
  const outcomes: ReturnType<typeof comparable>[] = new Array(items.length);
  const failed = new Set<string>();
  const chains = new Map<string, number[]>();
  items.forEach((item, at) => {
    const chain = chains.get(chainOf(item)) ?? [];
    chain.push(at);
    chains.set(chainOf(item), chain);
  });
  const queue = [...chains.values()];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift()) {
        for (const at of chain) {
          const item = items[at]!;
          const outcome = await expectedOutcome(service, item, failed);
          if (outcome.status >= 400) failed.add(item.id);
          outcomes[at] = comparable(outcome, service.emulator.origin);
        }
      }
    }),
  );
  return outcomes;
}

async function expectedOutcome(service: TestService, item: MixedItem, failed: Set<string>) {
  const failedDependency = item.dependsOn?.find((id) => failed.has(id));
  if (failedDependency !== undefined) return batchOnly(424, 'SKIPPED_DEPENDENCY_FAILED');
  if (item.capability === 'make-coffee') return batchOnly(400, 'BATCH_UNKNOWN_CAPABILITY');
  if (item.input?.['maxPages'] === 2 || item.capability === 'query-user-changes') {
    return batchOnly(400, 'BATCH_CAPABILITY_REFUSED');
  }
  const answer: CallResult = await service.call(item.capability, item.input ?? {});
  return answer.status === 200
    ? { status: 200, output: answer.body.output }
    : { status: answer.status, problem: answer.body };
}

/** Codes only a batch answers: compared by code and status (their wording is checked elsewhere). */
function batchOnly(status: number, code: string) {
  return { status, problem: { code, batchOnly: true } };
}

function isBatchOnly(outcome: ReturnType<typeof comparable>): boolean {
  return (outcome.problem as { batchOnly?: boolean } | undefined)?.batchOnly === true;
}

function graphRequestsMade(metrics: CallResult): number {
  let total = 0;
  for (const line of String(metrics.body).split('\n')) {
    const match = /^graph_responses_total\{[^}]*\} (\d+)/.exec(line);
    if (match) total += Number(match[1]);
  }
  return total;
}
