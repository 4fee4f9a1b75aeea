/**
 * The Microsoft clouds AZURE_CLOUD selects, and the rule that a service never pairs one cloud's
 * authority with another cloud's Graph: tokens of one cloud are not accepted by another, and a
 * token asked for one cloud's Graph must never be sent to another's.
 * @see https://learn.microsoft.com/graph/deployments
 */

import { ConfigError } from './config-error.js';
import type { CloudEndpoints } from './connection.js';

export const CLOUD_NAMES = ['public', 'usgov', 'usgov-dod', 'china'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export const CLOUD_PRESETS: Record<CloudName, CloudEndpoints> = {
  public: { authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us' },
  'usgov-dod': {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

/** Extra authority aliases MSAL knows for a cloud. */
const AUTHORITY_ALIASES: Record<string, CloudName[]> = {
  'login.partner.microsoftonline.cn': ['china'],
  'login.windows.net': ['public'],
  'login.microsoft.com': ['public'],
  'sts.windows.net': ['public'],
};

export interface CloudChoice {
  cloud?: CloudName;
  graphBaseUrl?: string;
  authorityHost?: string;
}

/**
 * The endpoints the service uses: the preset of `cloud` (public by default), with an explicit
 * GRAPH_BASE_URL / AUTHORITY_HOST taking precedence (test doubles, the emulator, proxies). Refuses a
 * mix of two Microsoft clouds, naming the variable; origins that are no Microsoft cloud are allowed.
 */
export function resolveCloud(choice: CloudChoice): CloudEndpoints {
  const preset = CLOUD_PRESETS[choice.cloud ?? 'public'];
  const graphBaseUrl = trimSlash(choice.graphBaseUrl ?? preset.graphBaseUrl);
  const authorityHost = trimSlash(choice.authorityHost ?? preset.authorityHost);
  const graphClouds = cloudsOfGraph(graphBaseUrl);
  const authorityClouds = cloudsOfAuthority(authorityHost);
  if (choice.cloud) {
    if (graphClouds.length > 0 && !graphClouds.includes(choice.cloud)) {
      throw mixed(
        'GRAPH_BASE_URL',
        `is the ${graphClouds.join('/')} cloud's Graph, not AZURE_CLOUD=${choice.cloud}'s`,
      );
    }
    if (authorityClouds.length > 0 && !authorityClouds.includes(choice.cloud)) {
      throw mixed(
        'AUTHORITY_HOST',
        `is the ${authorityClouds.join('/')} cloud's authority, not AZURE_CLOUD=${choice.cloud}'s`,
      );
    }
  }
  if (
    graphClouds.length > 0 &&
    authorityClouds.length > 0 &&
    !graphClouds.some((c) => authorityClouds.includes(c))
  ) {
    throw mixed(
      choice.graphBaseUrl ? 'GRAPH_BASE_URL' : 'AUTHORITY_HOST',
      `pairs the ${authorityClouds.join('/')} authority with the ${graphClouds.join('/')} Graph`,
    );
  }
  return { graphBaseUrl, authorityHost };
}

function cloudsOfGraph(url: string): CloudName[] {
  const host = hostOf(url);
  return CLOUD_NAMES.filter((name) => hostOf(CLOUD_PRESETS[name].graphBaseUrl) === host);
}

function cloudsOfAuthority(url: string): CloudName[] {
  const host = hostOf(url);
  const named = CLOUD_NAMES.filter((name) => hostOf(CLOUD_PRESETS[name].authorityHost) === host);
  return named.length > 0 ? named : (AUTHORITY_ALIASES[host] ?? []);
}

function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

function mixed(variable: string, problem: string): ConfigError {
  return new ConfigError(variable, `${problem}; tokens of one cloud are not accepted by another`);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
