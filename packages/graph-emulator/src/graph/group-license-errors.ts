// The wording of Graph's membership and license refusals, in one place. Entries marked
// UNCONFIRMED are best guesses (reference/graph-api.md sections 9-12): change them here.

import { GraphError, graphErrors } from './graph-error.js';

export const membershipErrors = {
  alreadyMember: () =>
    graphErrors.badRequest(
      "One or more added object references already exist for the following modified properties: 'members'.",
    ),
  exchangeMastered: () =>
    graphErrors.badRequest('Cannot Update a mail-enabled security groups and or distribution list.'),
  onPremisesSynced: () =>
    graphErrors.badRequest(
      'Unable to update the specified properties for objects that have originated within an external service.',
    ),
  // UNCONFIRMED: docs only say dynamic members cannot be changed manually.
  dynamic: () =>
    graphErrors.badRequest(
      'Members of a group with dynamic membership cannot be added or removed manually; the membership rule manages them.',
    ),
  // UNCONFIRMED wording (reference 11.1 member-type table).
  memberTypeNotAllowed: (groupId: string) =>
    graphErrors.badRequest(`A group of this type cannot be added as a member of group '${groupId}'.`),
  // UNCONFIRMED wording for a missing or unparsable reference.
  missingReference: () =>
    graphErrors.badRequest("The request body must contain an '@odata.id' reference to a directory object."),
  invalidReference: (ref: string) =>
    graphErrors.badRequest(`Invalid URL format specified in @odata.id: '${ref}'.`),
  invalidObjectId: (id: string) => graphErrors.badRequest(`Invalid object identifier '${id}'.`),
  deleteMemberDenied: () =>
    new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  // Code spelling and message UNCONFIRMED (reference 10.2).
  memberGroupsLimit: (limit: number) =>
    new GraphError(
      400,
      'Directory_ResultSizeLimitExceeded',
      `Request cannot be processed because the result exceeds the limit of ${limit} objects. Use transitiveMemberOf instead.`,
    ),
  // UNCONFIRMED wording for action parameters that are missing or of the wrong type.
  parameterRequired: (name: string, type: string) =>
    graphErrors.badRequest(`The parameter '${name}' is required and must be ${type}.`),
  // UNCONFIRMED wording for more than 20 ids (reference 10.3).
  tooManyGroupIds: (limit: number) =>
    graphErrors.badRequest(`The number of group ids cannot exceed ${limit}.`),
};

export const licenseErrors = {
  usageLocation: () =>
    graphErrors.badRequest('License assignment cannot be done for user with invalid usage location.'),
  unknownSku: (skuId: string) =>
    graphErrors.badRequest(`License ${skuId} does not correspond to a valid company License.`),
  // UNCONFIRMED wording.
  foreignPlan: (planId: string, skuId: string) =>
    graphErrors.badRequest(
      `The service plan ${planId} is not a service plan of license ${skuId} and cannot be disabled.`,
    ),
  // UNCONFIRMED for Graph: MSOnline's text for the same refusal.
  inheritedFromGroup: () =>
    graphErrors.badRequest(
      'User license is inherited from a group membership and it cannot be removed directly from the user.',
    ),
  notAssigned: () => graphErrors.badRequest('User does not have a corresponding license.'),
  // Prefix UNCONFIRMED ("... does not have any available licenses" is confirmed).
  noSeats: (skuId: string) =>
    graphErrors.badRequest(`Subscription with SKU ${skuId} does not have any available licenses.`),
  // Code UNCONFIRMED; message as seen for a non-GUID skuId.
  notAGuid: () =>
    new GraphError(
      400,
      'BadRequest',
      "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details",
    ),
};
