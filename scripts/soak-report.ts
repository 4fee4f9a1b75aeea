/**
 * Renders the soak's results as the "Soak" section of bench/RESULTS.md. Only the text between
 * the soak markers is replaced (or appended when absent): the rest of the file belongs to the
 * benchmark harness.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const SOAK_BEGIN = '<!-- soak:begin (written by npm run soak; do not edit by hand) -->';
export const SOAK_END = '<!-- soak:end -->';

export interface SoakResult {
  startedAt: string;
  durationS: number;
  planned: number;
  sent: number;
  concurrency: number;
  profile: string[];
  succeeded: number;
  failuresByCode: Record<string, number>;
  unexpected: string[];
  byCapability: Record<string, Record<string, number>>;
  graphRequests: number;
  faultHits: Array<{ rule: string; hits: number; share: string }>;
  creates: {
    succeeded: number;
    recovered: number;
    ambiguous: number;
    unlearned: number;
    usersInEmulator: number;
    duplicates: number;
  };
  /** Owner adds and removals, each on a group of its own. */
  ownership: GroupChangeFigures;
  /** Member adds and removals, each on a group of its own. */
  membership: GroupChangeFigures;
  retryTiming: { answered: number; retriesSeen: number; early: number; minMarginMs: number | null };
  memory: { start: MemoryFigures; end: MemoryFigures };
  verdict: string[];
}

export interface GroupChangeFigures {
  changes: number;
  ambiguous: number;
  duplicated: number;
  mismatched: number;
}

export interface MemoryFigures {
  rssMiB: number;
  heapUsedMiB: number;
}

export function renderSoak(r: SoakResult): string {
  const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  const lines = [
    '## Soak',
    '',
    `Run ${r.startedAt}: ${r.sent} of ${r.planned} planned capability calls in ${r.durationS.toFixed(1)} s, ${r.concurrency} at a time, ` +
      'from this script to the service process (its own process, live mode) to the emulator, all on loopback.',
    '',
    'Fault profile armed on the emulator (deterministic, seeded):',
    ...r.profile.map((rule) => `- ${rule}`),
    '',
    row(['figure', 'value']),
    row(['---', '---']),
    row(['calls that succeeded (200)', r.succeeded]),
    ...Object.entries(r.failuresByCode).map(([code, n]) => row([`failed: ${code}`, n])),
    row(['failures without a documented problem', r.unexpected.length]),
    row(['Graph requests the emulator received', r.graphRequests]),
    ...r.faultHits.map((hit) =>
      row([`fault hits: ${hit.rule}`, `${hit.hits} (${hit.share} of Graph requests)`]),
    ),
    row(['creates that succeeded', r.creates.succeeded]),
    row(['creates whose lost answer was learned by a UPN lookup (`recovered: true`)', r.creates.recovered]),
    row(['creates failed as GRAPH_UNREACHABLE', r.creates.ambiguous]),
    row(['**of which the user exists (an outcome not learned)**', `**${r.creates.unlearned}**`]),
    row(['soak users in the emulator', r.creates.usersInEmulator]),
    row(['**duplicated creates**', `**${r.creates.duplicates}**`]),
    row(['owner changes (add-group-owner, remove-group-owner)', r.ownership.changes]),
    row(['owner changes failed without knowing the outcome', r.ownership.ambiguous]),
    row(['**duplicated owner changes**', `**${r.ownership.duplicated}**`]),
    row(['**owner changes reported done but not made**', `**${r.ownership.mismatched}**`]),
    row(['member changes (add-user-to-group, remove-user-from-group)', r.membership.changes]),
    row(['member changes failed without knowing the outcome', r.membership.ambiguous]),
    row(['**duplicated member changes**', `**${r.membership.duplicated}**`]),
    row(['**member changes reported done but not made**', `**${r.membership.mismatched}**`]),
    row([
      'answers with Retry-After / retries that came back',
      `${r.retryTiming.answered} / ${r.retryTiming.retriesSeen}`,
    ]),
    row(['**retries before Retry-After**', `**${r.retryTiming.early}**`]),
    row(['smallest margin after Retry-After (ms)', r.retryTiming.minMarginMs ?? 'n/a']),
    row([
      'service memory at start (RSS / heap used, MiB)',
      `${r.memory.start.rssMiB} / ${r.memory.start.heapUsedMiB}`,
    ]),
    row([
      'service memory at end (RSS / heap used, MiB)',
      `${r.memory.end.rssMiB} / ${r.memory.end.heapUsedMiB}`,
    ]),
    '',
    'Outcomes per capability (HTTP status: count):',
    '',
    ...Object.entries(r.byCapability).map(
      ([capability, statuses]) =>
        `- ${capability}: ${Object.entries(statuses)
          .map(([status, n]) => `${status}: ${n}`)
          .join(', ')}`,
    ),
    '',
    'Duplicated creates = create calls answered USER_ALREADY_EXISTS (every create uses a principal name of its own, so ' +
      'only a repeated create can conflict) plus soak users in the emulator beyond the creates that succeeded or ' +
      'failed ambiguously. Early retries are measured by the emulator: each answer with Retry-After is remembered ' +
      'under its client-request-id, and the gap to the next request with that id is checked (1 ms timer tolerance).',
    '',
    ...r.verdict.map((line) => `- ${line}`),
    ...(r.unexpected.length > 0
      ? ['', 'Unexpected failures (first 10):', ...r.unexpected.slice(0, 10).map((u) => `- ${u}`)]
      : []),
  ];
  return lines.join('\n');
}

/** Replaces the soak section of `file` (or appends it), leaving everything else as it was. */
export function writeSoakSection(file: string, section: string): void {
  const block = `${SOAK_BEGIN}\n${section}\n${SOAK_END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const begin = current.indexOf(SOAK_BEGIN);
  const end = current.indexOf(SOAK_END);
  const next =
    begin >= 0 && end > begin
      ? `${current.slice(0, begin)}${block}${current.slice(end + SOAK_END.length)}`
      : `${current.trimEnd()}${current ? '\n\n' : ''}${block}\n`;
  writeFileSync(file, next);
}
