// The shape of a userPrincipalName: `alias@domain`, ASCII only, alias characters limited to
// letters, digits and ' . - _ ! # ^ ~ (plus `$`, which Graph's own docs use in examples).
// https://learn.microsoft.com/graph/api/user-post-users

const ALIAS = /^[A-Za-z0-9'._!#^~$-]{1,64}$/;
const DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export interface ParsedUpn {
  alias: string;
  domain: string;
}

export function parseUpn(upn: string): ParsedUpn | undefined {
  if (upn.length > 113) return undefined;
  const at = upn.lastIndexOf('@');
  if (at <= 0) return undefined;
  const alias = upn.slice(0, at);
  const domain = upn.slice(at + 1);
  if (!ALIAS.test(alias) || !DOMAIN.test(domain)) return undefined;
  if (alias.startsWith('.') || alias.endsWith('.') || alias.includes('..')) return undefined;
  return { alias, domain };
}

/** A loose SMTP address check for `mail` (Graph refuses accents and missing domains). */
export function isSmtpAddress(value: string): boolean {
  return /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value);
}
