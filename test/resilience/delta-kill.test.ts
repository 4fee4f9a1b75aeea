import { describe, expect, it } from 'vitest';
import { runKillSweep } from '../../scripts/delta-kill-rounds.js';
import { TEST_REDIS_URL } from '../helpers/redis-test-server.js';

/**
 * A small kill sweep (npm run kill-sweep runs 50 per store): the service is killed with SIGKILL
 * during default-mode Query User Changes calls, restarted on the same store, and drained. No user
 * may be missing from the answers the caller received in full.
 */
describe.each(['sqlite', 'redis'] as const)('kill -9 during a default-mode delta call on %s', (store) => {
  it('never skips a change', { timeout: 120_000 }, async () => {
    const result = await runKillSweep({ store, kills: 4, redisUrl: TEST_REDIS_URL });
    expect(result.usersCreated).toBeGreaterThan(100);
    expect(result.neverDelivered).toBe(0);
  });
});
