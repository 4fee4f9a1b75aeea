import { IdentityError } from './identity-error.js';

/** The shared acquisition keeps running for other callers; only this caller stops waiting. */
export function abandonOnAbort(pending: Promise<string>, signal: AbortSignal): Promise<string> {
  const deadline = () =>
    new IdentityError(0, 'timeout', [], 'The caller stopped waiting before a token was obtained.');
  if (signal.aborted) return Promise.reject(deadline());
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => reject(deadline());
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (token) => {
        signal.removeEventListener('abort', onAbort);
        resolve(token);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
