import type { CloudEndpoints, Connection } from '../auth/connection.js';

/** The validated, typed configuration handed to buildApp. Only load-config.ts builds it from the environment. */
export interface AppConfig {
  host: string;
  port: number;
  mode: 'sandbox' | 'live';
  cloud: CloudEndpoints;
  graphApiVersion: 'v1.0' | 'beta';
  /** Used when a request names no connection. */
  defaultConnection?: Connection;
  /** Named connections from CONNECTIONS_FILE. */
  connections: Record<string, Connection>;
  allowRequestCredentials: boolean;
  apiKeys: string[];
  authDisabled: boolean;
  stateStoreUrl: string;
  logLevel: string;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  tokenTimeoutMs: number;
  graphConnectTimeoutMs: number;
  graphResponseTimeoutMs: number;
  graphMaxConnections: number;
  shutdownGraceMs: number;
  sandboxSeedUsers: number;
}
