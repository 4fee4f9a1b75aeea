// Follows a /users/delta round the way a Graph client must: nextLinks verbatim (even past
// empty pages) until the deltaLink, checking that every page carries exactly one of the two.

import { expect } from 'vitest';
import { graphCall } from '../emulator-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: delta items are arbitrary Graph JSON
export type DeltaItem = Record<string, any> & { id: string };

export interface DeltaRound {
  pages: { value: DeltaItem[]; context: string; nextLink?: string }[];
  items: DeltaItem[];
  deltaLink: string;
}

export async function deltaRound(
  token: string,
  url: string,
  headers?: Record<string, string>,
  maxPages = 5000,
): Promise<DeltaRound> {
  const pages: DeltaRound['pages'] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    expect(pages.length).toBeLessThan(maxPages);
    const res = await graphCall('', token, next, { headers });
    expect(res.status, res.text).toBe(200);
    const nextLink = res.json['@odata.nextLink'] as string | undefined;
    const deltaLink = res.json['@odata.deltaLink'] as string | undefined;
    expect(nextLink === undefined, 'exactly one of nextLink / deltaLink').toBe(deltaLink !== undefined);
    pages.push({ value: res.json.value, context: res.json['@odata.context'], nextLink });
    if (deltaLink !== undefined) {
      return { pages, items: pages.flatMap((p) => p.value), deltaLink };
    }
    next = nextLink;
  }
  throw new Error('unreachable');
}

export const byId = (items: DeltaItem[]) => new Map(items.map((item) => [item.id, item]));
