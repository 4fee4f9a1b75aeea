// How /users/delta behaves in this emulator instance: page size, token lifetime, the status of
// an expired token, and the robustness faults (empty pages, repeated items). Changed at run
// time through EmulatorState / the admin API; every request reads the current values.
// https://learn.microsoft.com/graph/delta-query-overview

export interface DeltaSettings {
  /** Items per delta page. Graph chooses its own size ($top is refused); 100 like /users. */
  pageSize: number;
  /** Tokens older than this are expired. Graph: 7 days for directory objects. */
  tokenMaxAgeSeconds: number;
  /**
   * Status of an expired token. Microsoft's 2020 post on the 7-day lifetime says
   * "BadRequest ... syncStateNotFound"; the delta overview describes `410 Gone` with a
   * `Location` for a reset. We default to 410 (what clients must handle anyway); 400 is a knob.
   */
  expiredStatus: 400 | 410;
  /** Precede every page that carries items with an empty page that still has a nextLink. */
  emptyPages: boolean;
  /** Start every page after the first with the last item of the previous page again. */
  repeatItems: boolean;
}

export const DEFAULT_DELTA_SETTINGS: Readonly<DeltaSettings> = {
  pageSize: 100,
  tokenMaxAgeSeconds: 7 * 24 * 3600,
  expiredStatus: 410,
  emptyPages: false,
  repeatItems: false,
};

/** Checks a partial settings object (admin API input); returns a message when it is invalid. */
export function validateDeltaSettings(input: unknown): Partial<DeltaSettings> | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return 'body must be a JSON object';
  const out: Partial<DeltaSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'pageSize':
        if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 999)
          return 'pageSize must be an integer in 1..999';
        out.pageSize = value as number;
        break;
      case 'tokenMaxAgeSeconds':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
          return 'tokenMaxAgeSeconds must be a non-negative number';
        out.tokenMaxAgeSeconds = value;
        break;
      case 'expiredStatus':
        if (value !== 400 && value !== 410) return 'expiredStatus must be 400 or 410';
        out.expiredStatus = value;
        break;
      case 'emptyPages':
      case 'repeatItems':
        if (typeof value !== 'boolean') return `${key} must be a boolean`;
        out[key] = value;
        break;
      default:
        return `unknown delta setting '${key}'`;
    }
  }
  return out;
}

export class DeltaPolicy {
  readonly settings: DeltaSettings;
  /** Milliseconds since the epoch; injectable so expiry tests need no waiting. */
  readonly now: () => number;
  #globalGeneration = 0;
  readonly #tenantGenerations = new Map<string, number>();

  constructor(settings: Partial<DeltaSettings> = {}, now: () => number = Date.now) {
    const checked = validateDeltaSettings(settings);
    if (typeof checked === 'string') throw new TypeError(checked);
    this.settings = { ...DEFAULT_DELTA_SETTINGS, ...checked };
    this.now = now;
  }

  update(changes: Partial<DeltaSettings>): DeltaSettings {
    const checked = validateDeltaSettings(changes);
    if (typeof checked === 'string') throw new TypeError(checked);
    Object.assign(this.settings, checked);
    return { ...this.settings };
  }

  /**
   * Tokens carry the generation they were issued in; bumping it expires every token issued so
   * far (one tenant's, or all) without waiting for their age to run out.
   */
  generation(tenantId: string): number {
    return this.#globalGeneration + (this.#tenantGenerations.get(tenantId.toLowerCase()) ?? 0);
  }

  expireTokens(tenantId?: string): void {
    if (tenantId === undefined) {
      this.#globalGeneration += 1;
      return;
    }
    const key = tenantId.toLowerCase();
    this.#tenantGenerations.set(key, (this.#tenantGenerations.get(key) ?? 0) + 1);
  }

  isExpired(token: { issuedAt: number; generation: number }, tenantId: string): boolean {
    if (token.generation < this.generation(tenantId)) return true;
    return this.now() - token.issuedAt >= this.settings.tokenMaxAgeSeconds * 1000;
  }
}
