/** The version roots Graph serves; links and `@odata.context` are rooted at the one a request used. */
export type GraphVersion = 'v1.0' | 'beta';
