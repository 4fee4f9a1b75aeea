/**
 * Wraps a state store (cursors, idempotency records, workflow runs, audit) so that every
 * asynchronous method reports how long it took and whether it failed, whatever the store's
 * interface: the four stores and their three back ends are measured by this one wrapper instead of
 * twelve copies of the same lines. `close` is not measured. A compare-and-set conflict is an
 * answer, not a failure of the store, so it is not counted as an error.
 */
import { CursorConflictError } from './store-errors.js';

export type StoreOperationListener = (
  store: string,
  operation: string,
  durationMs: number,
  failed: boolean,
) => void;

export function meteredStore<S extends object>(store: S, name: string, listener: StoreOperationListener): S {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      let wrapper = wrappers.get(property);
      if (wrapper === undefined) {
        const operation = String(property);
        // The store's own `this` for every method: its private fields are not reachable through the proxy.
        wrapper =
          property === 'close'
            ? value.bind(target)
            : (...args: unknown[]) => {
                const started = performance.now();
                const result: unknown = value.apply(target, args);
                if (!(result instanceof Promise)) return result;
                return result.then(
                  (answer) => {
                    listener(name, operation, performance.now() - started, false);
                    return answer;
                  },
                  (error: unknown) => {
                    listener(
                      name,
                      operation,
                      performance.now() - started,
                      !(error instanceof CursorConflictError),
                    );
                    throw error;
                  },
                );
              };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
