/**
 * The order a batch's items may run in: ids are unique, and `dependsOn` names only items before
 * the one that depends on them (as Graph's own `$batch` asks), so the dependencies can never form
 * a loop and a batch is refused whole when they are wrong: its shape is the caller's to fix.
 */
import type { FieldProblem } from '../errors/service-error.js';
import type { BatchItem } from './batch-schema.js';

export interface BatchPlan {
  /** For each item, the indices of the items it waits for. */
  dependencies: number[][];
  problems: FieldProblem[];
}

export function planBatch(items: readonly Pick<BatchItem, 'id' | 'dependsOn'>[]): BatchPlan {
  const indexOf = new Map<string, number>();
  const problems: FieldProblem[] = [];
  const dependencies = items.map((item, at) => {
    const waitsFor: number[] = [];
    (item.dependsOn ?? []).forEach((id, k) => {
      const earlier = indexOf.get(id);
      if (earlier === undefined) {
        problems.push({
          path: `/requests/${at}/dependsOn/${k}`,
          message: id === item.id ? 'names the item itself' : 'names no item before this one in the batch',
        });
      } else waitsFor.push(earlier);
    });
    const first = indexOf.get(item.id);
    if (first !== undefined) {
      problems.push({ path: `/requests/${at}/id`, message: `repeats the id of /requests/${first}` });
    } else indexOf.set(item.id, at);
    return waitsFor;
  });
  return { dependencies, problems };
}
