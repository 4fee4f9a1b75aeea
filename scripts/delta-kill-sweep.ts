/**
 * npm run kill-sweep: kills the service (SIGKILL) during Query User Changes calls in the default
 * mode, KILL_SWEEP_KILLS times (50) per store in KILL_SWEEP_STORES (sqlite,redis), at instants
 * spread over the call, and counts the users never delivered (must be 0). See
 * delta-kill-rounds.ts. Redis at KILL_SWEEP_REDIS_URL (redis://127.0.0.1:6379). Exits 1 when a
 * user was never delivered.
 */
import { type KillSweepResult, runKillSweep } from './delta-kill-rounds.js';

const KILLS = Number(process.env['KILL_SWEEP_KILLS'] ?? 50);
const STORES = (process.env['KILL_SWEEP_STORES'] ?? 'sqlite,redis').split(',') as Array<'sqlite' | 'redis'>;

const results: KillSweepResult[] = [];
for (const store of STORES) {
  results.push(
    await runKillSweep({
      store,
      kills: KILLS,
      redisUrl: process.env['KILL_SWEEP_REDIS_URL'],
      onProgress: (line) => process.stdout.write(`${line}\n`),
    }),
  );
}
const lines = [
  '| store | kills | before the answer | after it | call length | users created | never delivered | delivered again |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.store} | ${r.kills} | ${r.killedBeforeAnswer} | ${r.killedAfterAnswer} | ${r.callMs} ms | ${r.usersCreated} | ${r.neverDelivered} | ${r.deliveredAgain} |`,
  ),
];
process.stdout.write(`\n${lines.join('\n')}\n`);
process.exitCode = results.some((r) => r.neverDelivered > 0) ? 1 : 0;
