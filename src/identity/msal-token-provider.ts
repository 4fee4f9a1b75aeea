/**
 * TokenProvider on MSAL Node. One MSAL application (msal-token-sources.ts: client secret,
 * certificate, workload identity or managed identity) per (authority host, tenant, client id,
 * credential hash) in a bounded LRU, so cache lookups stay O(1) per tenant and a wrong credential
 * can never be served a token another caller's right credential got.
 * MSAL owns token expiry; this class adds what MSAL lacks: single-flight acquisition, timeouts
 * (via the network client), clean errors, and throttling that ends when Retry-After says so.
 */
import { createHash } from 'node:crypto';
import type { LogLevel } from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import type { Dispatcher } from 'undici';
import { type CloudEndpoints, type Connection, credentialMaterial, secretOf } from '../config/connection.js';
import type { Deadline } from '../net/deadline.js';
import type { LogSink } from '../observability/log-sink.js';
import { abandonOnAbort } from './abandon-on-abort.js';
import { IdentityError } from './identity-error.js';
import {
  emptyExchange,
  type TokenExchange,
  toIdentityError,
  triggersMsalThrottle,
} from './msal-error-mapping.js';
import { createMsalNetworkClient } from './msal-network-client.js';
import { createTokenSource } from './msal-token-sources.js';
import type { TokenProvider } from './token-provider.js';
import type { TokenSource } from './token-source.js';

export interface MsalTokenProviderOptions {
  dispatcher: Dispatcher;
  /** Fallback authority origin when a cloud does not name one. */
  authorityHost?: string;
  /** Per token-endpoint request (default 10 000). */
  timeoutMs?: number;
  /** Confidential clients kept (default 1000); the least recently used beyond that are dropped. */
  maxClients?: number;
  /** A client unused this long is dropped (default 1 hour, about one token lifetime). */
  idleTtlMs?: number;
  logger?: LogSink;
  msalLogLevel?: LogLevel;
}

interface EntryState {
  /** Reset before each acquisition; single-flight guarantees one acquisition per entry at a time. */
  exchange: TokenExchange;
  /** Our own Retry-After gate (MSAL's is removed after each throttling answer, see acquire). */
  blockedUntil: number;
  blockedBy?: IdentityError;
  /**
   * The last token MSAL gave us and when MSAL itself would stop serving it from its cache. Until
   * then the same answer comes back without entering MSAL, whose cache lookup rebuilds authority
   * and request objects on every call (about a sixth of the service's CPU per request in
   * bench/RESULTS.md). Past that point every call goes through MSAL again, so its renewal is kept.
   */
  memo?: { token: string; reuseUntil: number };
}

type ClientEntry = EntryState & { cca: TokenSource };

const TENANT_PATTERN = /^[a-z0-9][a-z0-9.-]{0,253}$/;

export class MsalTokenProvider implements TokenProvider {
  private readonly clients: LRUCache<string, ClientEntry>;
  private readonly inflight = new Map<string, Promise<string>>();
  /**
   * The cache key of a connection object seen before (a configured connection is the same object on
   * every call): hashing its secret on every call was a visible share of the service's CPU.
   */
  private readonly keys = new WeakMap<Connection, { cloud: CloudEndpoints; key: string }>();
  private readonly timeoutMs: number;
  private requestsSent = 0;
  private cacheHits = 0;

  constructor(private readonly options: MsalTokenProviderOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clients = new LRUCache({
      max: options.maxClients ?? 1000,
      ttl: options.idleTtlMs ?? 3_600_000,
      updateAgeOnGet: true,
    });
  }

  /** Token requests sent to the network since start (cache hits are not counted). */
  get networkTokenRequests(): number {
    return this.requestsSent;
  }

  /** Token requests answered without a call to the authority (our memo or MSAL's cache). */
  get tokenCacheHits(): number {
    return this.cacheHits;
  }

  /** Confidential clients currently held. */
  get clientCount(): number {
    return this.clients.size;
  }

  getToken(connection: Connection, cloud: CloudEndpoints, deadline?: Deadline): Promise<string> {
    let key: string;
    try {
      key = this.keyOf(connection, cloud);
    } catch (err) {
      return Promise.reject(err);
    }
    const memo = this.clients.get(key)?.memo;
    if (memo !== undefined && memo.reuseUntil > Date.now()) {
      this.cacheHits += 1;
      return Promise.resolve(memo.token);
    }
    let pending = this.inflight.get(key);
    if (pending === undefined) {
      // MSAL does not merge concurrent identical requests; a cold tenant under load would
      // otherwise send one token POST per waiting call.
      pending = this.acquire(key, connection, cloud).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    // A cache miss is a wait: only now does the deadline need a signal.
    return deadline === undefined ? pending : abandonOnAbort(pending, deadline.signal);
  }

  async invalidate(connection: Connection, cloud: CloudEndpoints): Promise<void> {
    const entry = this.clients.peek(this.keyOf(connection, cloud));
    if (entry === undefined) return;
    entry.memo = undefined;
    entry.cca.clearCache();
  }

  async close(): Promise<void> {
    // The dispatcher belongs to whoever passed it in (it is usually shared with Graph calls).
    this.clients.clear();
    this.inflight.clear();
  }

  private keyOf(connection: Connection, cloud: CloudEndpoints): string {
    const known = this.keys.get(connection);
    if (known?.cloud === cloud) return known.key;
    const key = this.computeKey(connection, cloud);
    this.keys.set(connection, { cloud, key });
    return key;
  }

  private computeKey(connection: Connection, cloud: CloudEndpoints): string {
    const tenant = connection.tenantId.trim().toLowerCase();
    if (!TENANT_PATTERN.test(tenant)) {
      throw new IdentityError(
        400,
        'invalid_request',
        [900023],
        `AADSTS900023: Specified tenant identifier '${tenant.slice(0, 64)}' is neither a valid DNS name, nor a valid external domain.`,
      );
    }
    const host = authorityHostName(this.authorityOrigin(cloud));
    // The kind and its material (secret, certificate, token file, identity) are in the hash.
    const credentialHash = createHash('sha256').update(credentialMaterial(connection)).digest('hex');
    return `${host}|${tenant}|${connection.clientId.toLowerCase()}|${credentialHash}`;
  }

  private authorityOrigin(cloud: CloudEndpoints): string {
    const origin = cloud.authorityHost || this.options.authorityHost;
    if (!origin) throw new TypeError('no authority host configured');
    return origin;
  }

  private async entryFor(key: string, connection: Connection, cloud: CloudEndpoints): Promise<ClientEntry> {
    const existing = this.clients.get(key);
    if (existing !== undefined) return existing;
    const origin = new URL(this.authorityOrigin(cloud));
    const state: EntryState = { exchange: emptyExchange(), blockedUntil: 0 };
    const networkClient = createMsalNetworkClient({
      dispatcher: this.options.dispatcher,
      authorityOrigin: origin.origin,
      timeoutMs: this.timeoutMs,
      observer: {
        onRequest: (method) => {
          state.exchange.requests += 1;
          if (method === 'POST') this.requestsSent += 1;
        },
        onResponse: (status, headers, body) => Object.assign(state.exchange, { status, headers, body }),
        onFailure: (failure) => {
          state.exchange.failure = failure;
        },
      },
    });
    const cca = await createTokenSource({
      connection,
      authorityHost: origin.host,
      tenantId: connection.tenantId.trim().toLowerCase(),
      networkClient,
      dispatcher: this.options.dispatcher,
      timeoutMs: this.timeoutMs,
      logger: this.options.logger,
      msalLogLevel: this.options.msalLogLevel,
    });
    const entry: ClientEntry = Object.assign(state, { cca });
    this.clients.set(key, entry);
    return entry;
  }

  private async acquire(key: string, connection: Connection, cloud: CloudEndpoints): Promise<string> {
    const entry = await this.entryFor(key, connection, cloud);
    const now = Date.now();
    if (entry.blockedBy !== undefined && entry.blockedUntil > now) {
      // The authority asked us to wait; answering from memory spares it (and us) a round trip.
      const e = entry.blockedBy;
      const left = Math.ceil((entry.blockedUntil - now) / 1000);
      throw new IdentityError(e.upstreamStatus, e.error, e.errorCodes, e.description, left);
    }
    const scope = `${cloud.graphBaseUrl.replace(/\/+$/, '')}/.default`;
    for (let attempt = 0; ; attempt++) {
      entry.exchange = emptyExchange();
      try {
        const result = await entry.cca.acquire(scope);
        if (!result?.accessToken) {
          throw new IdentityError(0, 'invalid_response', [], 'The token endpoint returned no access token.');
        }
        if (entry.exchange.requests === 0) this.cacheHits += 1;
        entry.memo = { token: result.accessToken, reuseUntil: reuseUntil(result) };
        return result.accessToken;
      } catch (err) {
        if (err instanceof IdentityError) throw err;
        const exchange = entry.exchange;
        if (exchange.requests === 0 && attempt === 0 && isServerError(err)) {
          // MSAL replayed a throttle entry of its own (default 60 s even without Retry-After).
          // Our own gate above decides throttling, so drop MSAL's and ask again.
          entry.cca.clearCache();
          continue;
        }
        const error = toIdentityError(err, exchange, secretOf(connection));
        if (triggersMsalThrottle(exchange)) {
          entry.cca.clearCache();
          if (error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0) {
            entry.blockedUntil = Date.now() + error.retryAfterSeconds * 1000;
            entry.blockedBy = error;
          }
        }
        this.options.logger?.debug(
          {
            tenantId: connection.tenantId,
            clientId: connection.clientId,
            error: error.error,
            codes: error.errorCodes,
          },
          'token acquisition failed',
        );
        throw error;
      }
    }
  }
}

/** MSAL renews a token 5 minutes before it expires, or at `refreshOn` when the authority set one. */
const MSAL_RENEWAL_OFFSET_MS = 300_000;

function reuseUntil(result: { expiresOn: Date | null; refreshOn?: Date }): number {
  const expiry = (result.expiresOn?.getTime() ?? 0) - MSAL_RENEWAL_OFFSET_MS;
  return result.refreshOn ? Math.min(expiry, result.refreshOn.getTime()) : expiry;
}

function isServerError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ServerError';
}

/** Authority origins come from configuration, so a handful at most: parse each once, not per call. */
const hostNames = new Map<string, string>();
function authorityHostName(origin: string): string {
  let host = hostNames.get(origin);
  if (host === undefined) {
    host = new URL(origin).host;
    if (hostNames.size < 64) hostNames.set(origin, host);
  }
  return host;
}
