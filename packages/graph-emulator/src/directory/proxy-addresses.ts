// When `mail` changes, Entra makes it the primary SMTP proxy address (`SMTP:`) and keeps the
// previous addresses as secondary (`smtp:`). https://learn.microsoft.com/graph/api/resources/user

export function withPrimarySmtp(current: unknown, mail: string): string[] {
  const existing = Array.isArray(current) ? current.filter((a): a is string => typeof a === 'string') : [];
  const others = existing
    .filter((address) => address.toLowerCase() !== `smtp:${mail.toLowerCase()}`)
    .map((address) => (address.startsWith('SMTP:') ? `smtp:${address.slice(5)}` : address));
  return [`SMTP:${mail}`, ...others];
}
