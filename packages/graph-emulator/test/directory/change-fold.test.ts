import { describe, expect, it } from 'vitest';
import { foldChanges } from '../../src/directory/change-fold.js';
import { ChangeLog } from '../../src/directory/change-log.js';

const TRACKED = new Set(['id', 'displayName', 'jobTitle']);

function log(): ChangeLog {
  const l = new ChangeLog();
  l.record('a', 'created', ['id', 'displayName']); // 1
  l.record('b', 'updated', ['city']); // 2: untracked
  l.record('c', 'updated', ['jobTitle', 'city']); // 3
  l.record('a', 'updated', ['displayName']); // 4
  l.record('b', 'updated', ['displayName']); // 5
  l.record('d', 'softDeleted', []); // 6
  l.record('d', 'restored', []); // 7
  return l;
}

describe('foldChanges', () => {
  it('folds a range into one change per user, in order of first relevant change', () => {
    const folded = foldChanges(log().between(0, 7), TRACKED);
    expect(folded.map((c) => c.userId)).toEqual(['a', 'c', 'b', 'd']);
    expect(folded[0]).toMatchObject({ created: true, restored: false, changed: new Set(['displayName']) });
    expect(folded[1]!.changed).toEqual(new Set(['jobTitle']));
    expect(folded[3]).toMatchObject({ created: false, restored: true });
  });

  it('ignores updates that touch only untracked properties', () => {
    const folded = foldChanges(log().between(1, 3), TRACKED);
    expect(folded.map((c) => c.userId)).toEqual(['c']);
  });

  it('follows only the given ids', () => {
    const folded = foldChanges(log().between(0, 7), TRACKED, new Set(['b', 'd']));
    expect(folded.map((c) => c.userId)).toEqual(['b', 'd']);
  });
});

describe('ChangeLog.between', () => {
  it('yields (after, upTo] and stops at the end of the log', () => {
    const l = log();
    expect([...l.between(2, 4)].map((e) => e.seq)).toEqual([3, 4]);
    expect([...l.between(5, 99)].map((e) => e.seq)).toEqual([6, 7]);
    expect([...l.between(7, 7)]).toEqual([]);
  });
});
