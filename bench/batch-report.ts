/**
 * The bulk section of bench/RESULTS.md, kept between its own markers so that a run of this section
 * alone (BENCH_SECTIONS=batch) replaces it without touching the other sections, and a run without
 * it keeps it.
 */
import { BATCH_CREATES, type BatchRun, THROTTLE_RULE } from './batch-section.js';

export const BATCH_BEGIN = '<!-- batch:begin (written by the bench batch section; do not edit by hand) -->';
export const BATCH_END = '<!-- batch:end -->';

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function renderBatchSection(runs: BatchRun[], command: string, startedAt: string): string {
  const find = (mode: BatchRun['mode'], throttled: boolean) =>
    runs.find((run) => run.mode === mode && run.throttled === throttled);
  const calm = find('batch', false);
  const stormy = find('batch', true);
  const singleStormy = find('single', true);
  const targets = [
    calm && [
      `${BATCH_CREATES} creates through /batch: Graph HTTP requests at most ${BATCH_CREATES / 20} plus retries`,
      calm.graphRequests <= BATCH_CREATES / 20 + calm.retries,
      `${calm.graphRequests} requests, ${calm.retries} retried items`,
    ],
    stormy && [
      'throttled /batch: 0 duplicated users',
      stormy.duplicatedUsers === 0,
      `${stormy.duplicatedUsers} duplicated`,
    ],
    stormy && [
      'throttled /batch: 0 retries before Retry-After',
      stormy.earlyRetries === 0,
      `${stormy.earlyRetries} early (smallest margin ${stormy.minRetryMarginMs} ms)`,
    ],
    stormy && [
      'throttled /batch: every item accounted for',
      stormy.unaccounted === 0,
      `${stormy.succeeded} created, ${stormy.failed} with a problem, ${stormy.unaccounted} missing`,
    ],
    singleStormy && [
      'throttled single calls: 0 duplicated users, 0 retries before Retry-After',
      singleStormy.duplicatedUsers === 0 && singleStormy.earlyRetries === 0,
      `${singleStormy.duplicatedUsers} duplicated, ${singleStormy.earlyRetries} early`,
    ],
  ].filter((row): row is [string, boolean, string] => Array.isArray(row));
  return [
    BATCH_BEGIN,
    '## Bulk: POST /batch against single calls (issue 16)',
    '',
    `Run ${startedAt} with \`${command}\`. Each row: a fresh service process (\`node dist/server.js\`, live mode, the bench settings above, BATCH_GRAPH_CONCURRENCY and GRAPH_TENANT_CONCURRENCY at their defaults) and a fresh empty emulator tenant; ${BATCH_CREATES} \`create-user\` calls with distinct UPNs, either as one \`POST /batch\` or as single calls from 16 connections. Graph requests: the service's \`graph_responses_total\` (HTTP answers from Graph, retries included); retries: its \`graph_retries_total\` (single calls repeated, or batch items sent again); CPU: the service process's utime + stime over the run. Throttled rows: the emulator's throttling model on, and the fault rule \`${JSON.stringify(THROTTLE_RULE)}\` (on batch items for /batch, on single requests for single calls); duplicated users are counted by listing the tenant, early retries by the emulator's Retry-After check.`,
    '',
    '| run | created | with a problem | missing | Graph HTTP requests | retries | 429s injected | wall ms | service CPU ms | duplicated users | retries before Retry-After |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (run) =>
        `| ${run.mode === 'batch' ? 'one /batch' : '16 connections of single calls'}${run.throttled ? ', throttled' : ''} | ${run.succeeded} | ${run.failed} | ${run.unaccounted} | ${run.graphRequests} | ${run.retries} | ${run.injected429 ?? '-'} | ${f(run.wallMs)} | ${f(run.cpuMs)} | ${run.duplicatedUsers ?? '-'} | ${run.earlyRetries ?? '-'} |`,
    ),
    '',
    '| target | met | measured |',
    '| --- | --- | --- |',
    ...targets.map(([target, met, detail]) => `| ${target} | ${met ? 'met' : '**not met**'} | ${detail} |`),
    '',
    BATCH_END,
  ].join('\n');
}

/** `file`'s text with its batch block replaced by `block` (or `block` added at the end). */
export function withBatchBlock(current: string, block: string): string {
  const begin = current.indexOf(BATCH_BEGIN);
  const end = current.indexOf(BATCH_END);
  if (begin >= 0 && end > begin)
    return `${current.slice(0, begin)}${block}${current.slice(end + BATCH_END.length)}`;
  return `${current.trimEnd()}\n\n${block}\n`;
}

/** The batch block of `current`, to keep when a run does not measure it. */
export function keptBatchBlock(current: string): string {
  const begin = current.indexOf(BATCH_BEGIN);
  const end = current.indexOf(BATCH_END);
  return begin >= 0 && end > begin ? `${current.slice(begin, end + BATCH_END.length)}\n\n` : '';
}
