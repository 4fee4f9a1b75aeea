/**
 * An undici interceptor that reports the status of every HTTP attempt the Graph client makes,
 * retries included (the client's own loop only shows the final outcome). This is how throttling
 * (each 429 Graph sent) is counted without touching the client's retry loop.
 */
import type { Dispatcher } from 'undici';

export type AttemptListener = (status: number) => void;

/** The dispatcher with every final response status reported; closing it closes the original. */
export function observeAttempts(dispatcher: Dispatcher, listener: AttemptListener): Dispatcher {
  return dispatcher.compose(
    (dispatch) => (options, handler) => dispatch(options, reporting(handler, listener)),
  );
}

/**
 * The handler as it is, except that the response status is reported first. undici 7 hands
 * interceptors either handler style (onResponseStart, or the older onHeaders), so both are
 * caught; 1xx interim answers are not attempts' outcomes and are skipped.
 */
function reporting(
  handler: Dispatcher.DispatchHandler,
  listener: AttemptListener,
): Dispatcher.DispatchHandler {
  const report = (status: unknown) => {
    if (typeof status === 'number' && status >= 200) listener(status);
  };
  return new Proxy(handler, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'onResponseStart') {
        return (controller: unknown, status: unknown, ...rest: unknown[]) => {
          report(status);
          return value.call(target, controller, status, ...rest);
        };
      }
      if (key === 'onHeaders') {
        return (status: unknown, ...rest: unknown[]) => {
          report(status);
          return value.call(target, status, ...rest);
        };
      }
      return value.bind(target);
    },
  });
}
