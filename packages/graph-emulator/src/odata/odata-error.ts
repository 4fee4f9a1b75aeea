/**
 * Graph's answers to bad query options, in one catalogue so the strings are easy to correct when
 * better evidence turns up. The emulator route wraps an `ODataError` into Graph's error envelope
 * (`{"error": {code, message, innerError}}`).
 *
 * Where Microsoft documents a string it is used verbatim; docs/emulator-fidelity.md lists the ones
 * that are best guesses.
 * Messages that come from Microsoft.OData.Core (ODL) reuse its resource strings; positions are
 * zero-based character offsets into the text as ODL reports them.
 */
export class ODataError extends Error {
  override readonly name = 'ODataError';
  constructor(
    readonly status: number,
    /** Graph's `error.code`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const USER_RESOURCE = 'User';
const USER_ENTITY_TYPE = 'microsoft.graph.user';

function badRequest(message: string): ODataError {
  return new ODataError(400, 'BadRequest', message);
}

function unsupportedQuery(message: string): ODataError {
  return new ODataError(400, 'Request_UnsupportedQuery', message);
}

export const odataErrors = {
  /**
   * `$filter` syntax errors: code `BadRequest` and the `Invalid filter clause: <ODL text>` form
   * (msgraph-sdk-dotnet#1190, microsoft-graph-explorer-v4#3227).
   */
  invalidFilter: (detail: string) => badRequest(`Invalid filter clause: ${detail}`),

  /** ODL lexer text for a character it cannot start a token with. */
  invalidCharacter: (char: string, position: number, text: string) =>
    `Syntax error: character '${char}' is not valid at position ${position} in '${text}'.`,
  /** ODL: trailing or misplaced token ("Syntax error at position 17 in '...'."). */
  syntaxError: (position: number, text: string) => `Syntax error at position ${position} in '${text}'.`,
  /** ODL resource strings, consistent with the texts above. */
  unterminatedString: (position: number, text: string) =>
    `Unterminated string literal at position ${position} in '${text}'.`,
  expressionExpected: (position: number, text: string) =>
    `Expression expected at position ${position} in '${text}'.`,
  closeParenOrCommaExpected: (position: number, text: string) =>
    `')' or ',' expected at position ${position} in '${text}'.`,
  closeParenOrOperatorExpected: (position: number, text: string) =>
    `')' or operator expected at position ${position} in '${text}'.`,
  openParenExpected: (position: number, text: string) => `'(' expected at position ${position} in '${text}'.`,
  unknownFunction: (name: string) =>
    `An unknown function with name '${name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
  /** ODL binder text for `accountEnabled eq 'true'`; Graph wraps it as an invalid filter clause. */
  incompatibleTypes: (left: string, right: string, operator: string) =>
    `A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${operator}'.`,

  /** Unknown property in `$select`, `$filter` or `$orderby`. */
  unknownProperty: (name: string, entityType = USER_ENTITY_TYPE) =>
    badRequest(`Could not find a property named '${name}' on type '${entityType}'.`),

  /** SharePoint-backed property in a collection `$select`: https://learn.microsoft.com/graph/api/user-list */
  notImplementedOnCollection: () =>
    new ODataError(501, 'NotImplemented', 'This operation target is not yet supported.'),
  /** Empty item in `$select` (`id,,mail`): ODL text. */
  invalidSelect: (detail: string) => badRequest(detail),

  /** Property/operator not supported even with advanced queries: https://learn.microsoft.com/graph/aad-advanced-queries */
  unsupportedFilterProperty: (property: string, resource = USER_RESOURCE) =>
    unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
    ),
  /** Other unsupported filter shapes. */
  unsupportedQuery: () => unsupportedQuery('Unsupported Query.'),
  /** `all(...)` lambdas on user collections: 400 BadRequest (microsoft-graph-docs-contrib#2318). */
  filterNotSupported: () => badRequest('Filter not supported.'),

  /** `ne` without advanced parameters. */
  notEqualsNeedsAdvanced: () => unsupportedQuery("Filter operator 'NotEqualsMatch' is not supported."),
  /** `not` without advanced parameters (patterned on the `ne` text). */
  notNeedsAdvanced: () => unsupportedQuery("Filter operator 'Not' is not supported."),
  /** `endsWith` without advanced parameters: https://learn.microsoft.com/graph/aad-advanced-queries */
  endsWithNeedsAdvanced: () =>
    unsupportedQuery(
      "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    ),
  /** `$filter` on a relationship list (members, memberOf...) without both advanced parameters. */
  referenceFilterNeedsAdvanced: () =>
    unsupportedQuery('The specified filter to the reference property query is currently not supported.'),
  /** An OData cast on a relationship list without the advanced parameters (patterned on endsWith). */
  castNeedsAdvanced: (type: string) =>
    unsupportedQuery(
      `Cast to '${type}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
    ),
  /** `$filter` together with `$orderby` without advanced parameters. */
  sortingNeedsAdvanced: () => unsupportedQuery('Sorting not supported for current query.'),
  /** `$search` without `ConsistencyLevel: eventual`: https://learn.microsoft.com/graph/aad-advanced-queries */
  searchNeedsConsistencyLevel: () =>
    unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    ),
  /** `/users/$count` without the header (https://learn.microsoft.com/graph/aad-advanced-queries); reused for `/$count` inside a filter. */
  countNotSupported: () => new ODataError(400, 'Request_BadRequest', '$count is not currently supported.'),

  /** `$orderby` on a property sortable only in advanced mode, without it. */
  unsupportedSortProperty: (property: string, resource = USER_RESOURCE) =>
    unsupportedQuery(`Unsupported sort property '${property}' for '${resource}'.`),
  /** `$orderby` on a property never sortable (employeeHireDate, ...). */
  unsupportedProperty: () => unsupportedQuery('An unsupported property was specified.'),

  /** `$top` outside 1..999. */
  invalidPageSize: (raw: string) =>
    unsupportedQuery(`Invalid page size specified: '${raw}'. Must be between 1 and 999 inclusive.`),
  /** `$top` not an integer: ODL text. */
  invalidTop: (raw: string) =>
    badRequest(
      `Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
    ),
  /** `$count` other than true/false: ODL text. */
  invalidCount: (raw: string) => badRequest(`'${raw}' is not a valid count option.`),
  /** A `$`-option Graph does not know: ODL text. */
  unknownOption: (name: string) => badRequest(`The query parameter '${name}' is not supported.`),
  /** `$skip` on /users is not supported (https://learn.microsoft.com/graph/api/user-list). */
  skipNotSupported: () =>
    new ODataError(400, 'Request_BadRequest', "'$skip' is not supported by the service."),
  /** The same option twice: ODL text. */
  duplicateOption: (name: string) =>
    badRequest(`Query option '${name}' was specified more than once, but it must be specified at most once.`),
  /** `$orderby` syntax errors reuse ODL's lexer texts. */
  invalidOrderBy: (detail: string) => badRequest(`Invalid orderby clause: ${detail}`),
  /**
   * `$search` syntax errors: `Syntax error: character ':' is not valid at position 11 in
   * 'displayName:room'.` for an unquoted clause.
   */
  invalidSearch: (detail: string) => badRequest(detail),
  /** `$search` on a property that is not searchable, or a clause without `property:`. */
  unsupportedSearchProperty: (property: string, resource = USER_RESOURCE) =>
    unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
    ),
  searchClauseWithoutProperty: () => unsupportedQuery('Invalid search query: expected "property:value".'),
} as const;
