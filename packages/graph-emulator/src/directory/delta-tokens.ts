// The opaque state tokens of /users/delta: a base64url blob of JSON that carries the round's
// position in the tenant's change log, the tracked $select, the id filter, and when (and in
// which expiry generation) it was issued. `$skiptoken` (mid-round) and `$deltatoken` (between
// rounds) are distinct kinds, so one cannot be passed as the other.
// https://learn.microsoft.com/graph/delta-query-overview#state-tokens

interface TokenCommon {
  tenantId: string;
  issuedAt: number;
  generation: number;
  /** Canonical $select names, or null for the default properties. */
  select: string[] | null;
  /** Lower-cased ids of `$filter=id eq '...' or ...`, or null for all users. */
  ids: string[] | null;
}

/** Between rounds: the next round reports changes with seq > `after`. */
export interface DeltaToken extends TokenCommon {
  kind: 'delta';
  after: number;
}

/**
 * Mid-round. `initial`: enumerating current users by creation ordinal (`cursor` = last ordinal
 * served), the round's deltaLink will resume after `after`. `changes`: the folded range
 * (`after`, `upTo`] of the log, `cursor` = how many folded changes were served.
 */
export interface SkipToken extends TokenCommon {
  kind: 'skip';
  phase: 'initial' | 'changes';
  after: number;
  upTo: number;
  cursor: number;
  /** The empty page of the `emptyPages` fault was already served for this cursor. */
  emptyServed: boolean;
}

export type StateToken = DeltaToken | SkipToken;

// Short keys keep links short; `v` lets a later format be told apart.
interface Wire {
  v: 1;
  k: 'd' | 's';
  t: string;
  i: number;
  g: number;
  s: string[] | null;
  f: string[] | null;
  a: number;
  ph?: 'i' | 'c';
  u?: number;
  c?: number;
  z?: 1;
}

export function encodeStateToken(token: StateToken): string {
  const wire: Wire = {
    v: 1,
    k: token.kind === 'delta' ? 'd' : 's',
    t: token.tenantId,
    i: token.issuedAt,
    g: token.generation,
    s: token.select,
    f: token.ids,
    a: token.after,
  };
  if (token.kind === 'skip') {
    wire.ph = token.phase === 'initial' ? 'i' : 'c';
    wire.u = token.upTo;
    wire.c = token.cursor;
    if (token.emptyServed) wire.z = 1;
  }
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isNames = (x: unknown): x is string[] | null =>
  x === null || (Array.isArray(x) && x.every((s) => typeof s === 'string'));

/** The token, or undefined when the text is not one of ours (tampered, truncated, foreign). */
export function decodeStateToken(text: string): StateToken | undefined {
  let wire: Partial<Wire>;
  try {
    wire = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Wire>;
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null || wire.v !== 1 || typeof wire.t !== 'string')
    return undefined;
  if (!isCount(wire.i) || !isCount(wire.g) || !isCount(wire.a) || !isNames(wire.s) || !isNames(wire.f))
    return undefined;
  const common = {
    tenantId: wire.t,
    issuedAt: wire.i,
    generation: wire.g,
    select: wire.s,
    ids: wire.f,
    after: wire.a,
  };
  if (wire.k === 'd') return { kind: 'delta', ...common };
  if (wire.k !== 's' || (wire.ph !== 'i' && wire.ph !== 'c') || !isCount(wire.u) || !isCount(wire.c))
    return undefined;
  return {
    kind: 'skip',
    ...common,
    phase: wire.ph === 'i' ? 'initial' : 'changes',
    upTo: wire.u,
    cursor: wire.c,
    emptyServed: wire.z === 1,
  };
}
