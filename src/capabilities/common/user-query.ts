import { badRequest } from '../../errors/problem.js';

/** One OData system query option as the caller meant it (decoded), e.g. `$filter` = `startswith(givenName, 'J')`. */
export interface QueryOption {
  /** Lower-case canonical name with `$`, e.g. `$filter`. */
  name: string;
  value: string;
}

const SPLIT_BEFORE_OPTION = /&(?=[$%]?[A-Za-z0-9_.-]+=)/;

/**
 * Parses the "Query Parameters" text (`userQuery`) as the connector's documentation shows it: percent-encoded (`$filter=startswith(givenName%2C+'J')`)
 * or plain (`$filter=startswith(givenName, 'J')`), with or without a leading `?`. Both forms give the
 * same options. Anything that is not one of `allowed` is a 400 naming it.
 */
export function parseUserQuery(text: string | undefined, allowed: readonly string[]): QueryOption[] {
  const trimmed = (text ?? '').trim().replace(/^\?/, '');
  if (trimmed === '') return [];
  const options: QueryOption[] = [];
  // Split only before something shaped like `name=`, so a plain `&` inside a quoted literal survives.
  for (const part of trimmed.split(SPLIT_BEFORE_OPTION)) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const rawName = equals < 0 ? part : part.slice(0, equals);
    const name = decodeComponent(rawName).trim().toLowerCase();
    const value = equals < 0 ? '' : decodeComponent(part.slice(equals + 1));
    if (!allowed.includes(name)) {
      throw badRequest(
        'UNSUPPORTED_QUERY_OPTION',
        `'${rawName.slice(0, 50)}' is not allowed here. Allowed: ${allowed.join(', ')}.`,
        [{ path: '/userQuery', message: `unsupported option '${rawName.slice(0, 50)}'` }],
      );
    }
    if (options.some((option) => option.name === name)) {
      throw badRequest('DUPLICATE_QUERY_OPTION', `${name} appears more than once.`, [
        { path: '/userQuery', message: `duplicate option '${name}'` },
      ]);
    }
    if (value.trim() === '') {
      throw badRequest('EMPTY_QUERY_OPTION', `${name} has no value.`, [
        { path: '/userQuery', message: `'${name}' needs a value` },
      ]);
    }
    options.push({ name, value });
  }
  return options;
}

/** The options as one query string, each value percent-encoded exactly once. */
export function encodeUserQuery(options: readonly QueryOption[]): string {
  return options.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`).join('&');
}

export function optionValue(options: readonly QueryOption[], name: string): string | undefined {
  return options.find((option) => option.name === name)?.value;
}

/** `+` is a space in query strings; a value that is not valid percent-encoding was plain text all along. */
function decodeComponent(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
