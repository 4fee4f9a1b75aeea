// An app registration as the token endpoint sees it: a client id and its valid secrets.

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName: string;
  /** Several secrets may be valid at once (rotation). */
  readonly secrets: readonly string[];
}

export interface AppCredentialsInput {
  clientId: string;
  clientSecret: string;
  displayName?: string;
}
