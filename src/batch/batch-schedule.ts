/**
 * Runs a batch's items as soon as what they depend on has succeeded: every item without
 * dependencies at once, the others when their last dependency succeeds. An item whose dependency
 * failed (or was itself skipped) is skipped without running, and so are its own dependents.
 */

export interface ScheduleHooks<Result> {
  /** Runs one item; must not reject (a failure is a Result). */
  run(index: number): Promise<Result>;
  failed(result: Result): boolean;
  /** The result of an item skipped because the item at `dependency` failed. */
  skip(index: number, dependency: number): Result;
  /** Told of each result as it comes, for streaming. */
  settled?(index: number, result: Result): void;
}

export function runScheduled<Result>(
  dependencies: readonly number[][],
  hooks: ScheduleHooks<Result>,
): Promise<Result[]> {
  const count = dependencies.length;
  const results: Result[] = new Array(count);
  const done = new Array<boolean>(count).fill(false);
  const waitingOn = dependencies.map((list) => list.length);
  const dependents: number[][] = Array.from({ length: count }, () => []);
  dependencies.forEach((list, index) => {
    for (const dependency of list) dependents[dependency]!.push(index);
  });

  return new Promise<Result[]>((resolve, reject) => {
    let finished = 0;
    const settle = (index: number, result: Result) => {
      if (done[index]) return;
      done[index] = true;
      results[index] = result;
      finished += 1;
      hooks.settled?.(index, result);
      const failed = hooks.failed(result);
      for (const dependent of dependents[index]!) {
        if (done[dependent]) continue;
        if (failed) settle(dependent, hooks.skip(dependent, index));
        else {
          waitingOn[dependent]! -= 1;
          if (waitingOn[dependent] === 0) start(dependent);
        }
      }
      if (finished === count) resolve(results);
    };
    const start = (index: number) => {
      hooks.run(index).then((result) => settle(index, result), reject);
    };
    if (count === 0) resolve(results);
    waitingOn.forEach((waiting, index) => {
      if (waiting === 0) start(index);
    });
  });
}
