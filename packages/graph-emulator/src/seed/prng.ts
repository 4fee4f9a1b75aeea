// A tiny seeded PRNG (mulberry32) so seed data is identical on every run and every machine.

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped GUID built from the stream (deterministic, not random). */
  guid(): string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const guid = (): string => {
    const bytes: string[] = [];
    for (let word = 0; word < 4; word += 1) {
      const n = nextUint32();
      bytes.push(HEX[n >>> 24]!, HEX[(n >>> 16) & 0xff]!, HEX[(n >>> 8) & 0xff]!, HEX[n & 0xff]!);
    }
    bytes[6] = HEX[(Number.parseInt(bytes[6]!, 16) & 0x0f) | 0x40]!; // version 4
    bytes[8] = HEX[(Number.parseInt(bytes[8]!, 16) & 0x3f) | 0x80]!; // RFC 4122 variant
    bytes.splice(10, 0, '-');
    bytes.splice(8, 0, '-');
    bytes.splice(6, 0, '-');
    bytes.splice(4, 0, '-');
    // join() yields one flat string: cheaper to keep around for 100,000 users than a rope.
    return bytes.join('');
  };
  return {
    next: () => nextUint32() / 4294967296,
    int: (maxExclusive) => Math.floor((nextUint32() / 4294967296) * maxExclusive),
    pick: (items) => items[Math.floor((nextUint32() / 4294967296) * items.length)]!,
    guid,
  };
}

/** FNV-1a: turns a tenant id (or any string) into a PRNG seed. */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
