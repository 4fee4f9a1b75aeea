import { problem } from '../../errors/problem.js';
import { userPath } from '../../graph/user-path.js';
import type { CapabilityContext, CapabilityOutput } from '../capability.js';
import { followPages } from '../common/follow-pages.js';

/** Enough pages of 999 for any real user (Graph caps memberships far below a million). */
const MAX_PAGES = 1000;

interface DirectoryObject {
  '@odata.type'?: string;
  id?: unknown;
  securityEnabled?: unknown;
}

/**
 * getMemberGroups' answer rebuilt from `transitiveMemberOf` pages, for users above its 11,000
 * cap (Graph then answers 400 Directory_ResultSizeLimitExceeded and points at transitiveMemberOf,
 * https://learn.microsoft.com/graph/api/directoryobject-getmembergroups): groups only (no directory roles or administrative units), security
 * groups only when asked, in the same `Collection(Edm.String)` shape.
 */
export async function groupIdsFromTransitiveMemberOf(
  context: CapabilityContext,
  userId: string,
  securityEnabledOnly: boolean,
): Promise<CapabilityOutput> {
  const { items, response, lastPage } = await followPages(
    context,
    {
      path: `${userPath(userId)}/transitiveMemberOf`,
      query: new URLSearchParams({ $select: 'id,securityEnabled', $top: '999' }).toString(),
    },
    { maxPages: MAX_PAGES },
  );
  if (typeof lastPage['@odata.nextLink'] === 'string') {
    // Stop rather than answer with part of the list.
    throw problem(
      'GROUP_LIST_TOO_LARGE',
      `More than ${MAX_PAGES} pages of transitiveMemberOf; the list would be incomplete.`,
    );
  }
  const ids = (items as DirectoryObject[])
    .filter((item) => item['@odata.type'] === '#microsoft.graph.group' && typeof item.id === 'string')
    .filter((item) => !securityEnabledOnly || item.securityEnabled === true)
    .map((item) => item.id as string);
  const root = context.graph.cloud.graphBaseUrl.replace(/\/+$/, '');
  return {
    rawResponse: {
      '@odata.context': `${root}/${context.graphApiVersion}/$metadata#Collection(Edm.String)`,
      value: [...new Set(ids)],
    },
    statusCode: response.status,
    headers: response.headers,
    membershipSource: 'transitiveMemberOf',
  };
}
