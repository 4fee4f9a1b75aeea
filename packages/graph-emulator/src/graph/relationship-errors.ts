// The wording of Graph's refusals around a user's relationships (manager, `$expand`) and OData
// casts on relationship lists, in one place. docs/emulator-fidelity.md lists the ones that are best
// guesses: change them here when better evidence turns up.

import { GraphError, graphErrors } from './graph-error.js';

export const managerErrors = {
  self: () => graphErrors.badRequest('A user cannot be assigned as their own manager.'),
  cycle: () =>
    graphErrors.badRequest(
      'The manager assignment would create a circular reference in the management chain.',
    ),
  notAUser: () =>
    graphErrors.badRequest("The referenced object cannot be the value of the property 'manager'."),
};

export const expandErrors = {
  syntax: (raw: string) => new GraphError(400, 'BadRequest', `Syntax error at position 0 in '${raw}'.`),
  tooManyItems: () =>
    new GraphError(
      400,
      'BadRequest',
      'The result of parsing $expand contained at least 2 items, but the maximum allowed is 1.',
    ),
  notNavigation: (property: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Property '${property}' on type 'microsoft.graph.user' is not a navigation property or complex property. Only navigation properties can be expanded.`,
    ),
  nestedOption: (option: string) =>
    new GraphError(400, 'BadRequest', `The query option '${option}' is not supported inside $expand.`),
  invalidLevels: (value: string) =>
    new GraphError(
      400,
      'BadRequest',
      `The value '${value}' is not valid for $levels: use a number from 1 to 1000 or max.`,
    ),
  levelsOnCollection: () =>
    graphErrors.unsupportedQuery('$levels inside $expand is supported on a single user only.'),
  withAdvancedQuery: () =>
    graphErrors.unsupportedQuery('$expand is not supported together with advanced query parameters.'),
};

export const castErrors = {
  notAMemberType: (type: string, relationship: string) =>
    graphErrors.unsupportedQuery(
      `The type '${type}' is not a supported type for the '${relationship}' relationship.`,
    ),
};
