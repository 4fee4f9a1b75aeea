// Both the token endpoint and Graph say when to come back in a Retry-After header.

/**
 * Retry-After in milliseconds from its three forms: integer seconds, fractional seconds (Graph
 * sends `2.128`) and an HTTP-date. Undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Dates must look like dates: Date.parse accepts odd strings such as "1" on some engines.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
