// What a Graph handler knows about the call: version, caller's tenant, the decoded path
// segments, the query options and the body. Built once per request by the Graph plugin.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { GraphVersion } from './graph-version.js';
import type { QueryOptions } from './query-options.js';

export interface GraphContext {
  readonly version: GraphVersion;
  /** e.g. http://127.0.0.1:4000; @odata.context and nextLinks are built from it. */
  readonly origin: string;
  /** The tenant of the bearer token: every call acts inside it. */
  readonly tenant: TenantDirectory;
  /** The client id of the app the token was issued to (its `appid`). */
  readonly appId: string;
  /** Path segments after the version, still percent-encoded (decoding is per segment). */
  readonly rawSegments: readonly string[];
  readonly query: QueryOptions;
  readonly method: string;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export function metadataUrl(ctx: GraphContext, fragment: string): string {
  return `${ctx.origin}/${ctx.version}/$metadata#${fragment}`;
}
