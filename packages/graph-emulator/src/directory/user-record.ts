// A user as the directory stores it: Graph property values under their canonical names, plus
// the bookkeeping the emulator needs. The password is never stored (nothing can echo it).

export type UserProperties = Record<string, unknown> & { id: string; userPrincipalName: string };

export interface UserRecord {
  /** Graph-visible property values; unset properties are absent (projected as null). */
  props: UserProperties;
  /** Creation order; gives collections a stable order and skiptokens a cursor. */
  readonly ordinal: number;
  /** Set while the user sits in deletedItems (ISO timestamp). */
  deletedDateTime?: string;
}
