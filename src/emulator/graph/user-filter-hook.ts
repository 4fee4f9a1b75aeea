// The seam where the OData `$filter` engine (src/emulator/odata/, being written separately)
// plugs in. buildEmulator accepts a `compileUserFilter`; until one is given, the emulator
// understands only `<property> eq <literal>` and answers anything else with 501.

import { findUserProperty } from '../directory/user-properties.js';
import type { UserProperties } from '../directory/user-record.js';
import { GraphError, graphErrors } from './graph-error.js';

export type UserPredicate = (user: UserProperties) => boolean;

/**
 * Compiles a `$filter` value (already percent-decoded) into a predicate, or throws a
 * GraphError or an odata ODataError (400 Request_UnsupportedQuery...) for filters Graph would
 * refuse; both become Graph's error envelope.
 */
export type UserFilterCompiler = (
  filter: string,
  context: { consistencyLevelEventual: boolean },
) => UserPredicate;

const SIMPLE_EQ = /^\s*([A-Za-z]+)\s+eq\s+('(?:[^']|'')*'|true|false|[0-9a-fA-F-]{36})\s*$/;

/** The stop-gap compiler: a single `eq` on one property; strings compare case-insensitively. */
export const compileSimpleEqFilter: UserFilterCompiler = (filter) => {
  const match = SIMPLE_EQ.exec(filter);
  if (!match) {
    throw new GraphError(
      501,
      'NotImplemented',
      "This emulator's $filter supports only '<property> eq <literal>' for now.",
    );
  }
  const spec = findUserProperty(match[1]!);
  if (!spec)
    throw graphErrors.badRequest(
      `Could not find a property named '${match[1]}' on type 'microsoft.graph.user'.`,
    );
  const literal = match[2]!;
  if (literal === 'true' || literal === 'false') {
    const wanted = literal === 'true';
    return (user) => user[spec.name] === wanted;
  }
  const wanted = (literal.startsWith("'") ? literal.slice(1, -1).replace(/''/g, "'") : literal).toLowerCase();
  return (user) => {
    const value = user[spec.name];
    return typeof value === 'string' && value.toLowerCase() === wanted;
  };
};
