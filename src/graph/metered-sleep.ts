/**
 * The Graph client's wait between retries, reporting each wait as it ends: how long it really
 * lasted, and whether the retry goes ahead (false when the caller's deadline cut the wait).
 * Injected through GraphClient's `sleep` option, so retries are counted without changing the loop.
 */
import { abortableSleep, type Sleep } from '../net/sleep.js';

export type RetryWaitListener = (waitedMs: number, retried: boolean) => void;

export function meteredSleep(listener: RetryWaitListener, sleep: Sleep = abortableSleep): Sleep {
  return async (ms, signal) => {
    const started = performance.now();
    let retried = false;
    try {
      await sleep(ms, signal);
      retried = true;
    } finally {
      listener(performance.now() - started, retried);
    }
  };
}
