/**
 * The query string of a custom call: the endpoint's own `?...` part, as the caller wrote it, then
 * each `customQueryParams` entry percent-encoded. `$` stays literal in names so the line reads as
 * OData (`$filter=...`); Graph accepts both forms.
 */

export interface QueryParam {
  key: string;
  value: string | number | boolean;
}

export function customQuery(endpointQuery: string, params: readonly QueryParam[]): string {
  const encoded = params.map(
    ({ key, value }) =>
      `${encodeURIComponent(key).replaceAll('%24', '$')}=${encodeURIComponent(String(value))}`,
  );
  return [endpointQuery, ...encoded].filter((part) => part !== '').join('&');
}
