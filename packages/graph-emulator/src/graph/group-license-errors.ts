// The wording of Graph's membership and license refusals, in one place. docs/emulator-fidelity.md
// lists the ones that are best guesses: change them here when better evidence turns up.

import { GraphError, graphErrors } from './graph-error.js';

export const membershipErrors = {
  alreadyMember: () =>
    graphErrors.badRequest(
      "One or more added object references already exist for the following modified properties: 'members'.",
    ),
  alreadyOwner: () =>
    graphErrors.badRequest(
      "One or more added object references already exist for the following modified properties: 'owners'.",
    ),
  // https://learn.microsoft.com/graph/api/group-delete-owners documents the rule; the text is Graph's.
  lastOwner: () =>
    graphErrors.badRequest('The group must have at least one owner, hence this owner cannot be removed.'),
  ownerTypeNotAllowed: (groupId: string) =>
    graphErrors.badRequest(`An object of this type cannot be added as an owner of group '${groupId}'.`),
  tooManyLinkChanges: (limit: number) =>
    graphErrors.badRequest(`A resource cannot contain more than ${limit} link changes`),
  bindNotAnArray: (annotation: string) =>
    graphErrors.badRequest(`The value of '${annotation}' must be an array of URLs of directory objects.`),
  notAnObject: () => new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.'),
  exchangeMastered: () =>
    graphErrors.badRequest('Cannot Update a mail-enabled security groups and or distribution list.'),
  onPremisesSynced: () =>
    graphErrors.badRequest(
      'Unable to update the specified properties for objects that have originated within an external service.',
    ),
  // Microsoft documents the refusal, not its wording.
  dynamic: () =>
    graphErrors.badRequest(
      'Members of a group with dynamic membership cannot be added or removed manually; the membership rule manages them.',
    ),
  memberTypeNotAllowed: (groupId: string) =>
    graphErrors.badRequest(`A group of this type cannot be added as a member of group '${groupId}'.`),
  missingReference: () =>
    graphErrors.badRequest("The request body must contain an '@odata.id' reference to a directory object."),
  invalidReference: (ref: string) =>
    graphErrors.badRequest(`Invalid URL format specified in @odata.id: '${ref}'.`),
  invalidObjectId: (id: string) => graphErrors.badRequest(`Invalid object identifier '${id}'.`),
  deleteMemberDenied: () =>
    new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  memberGroupsLimit: (limit: number) =>
    new GraphError(
      400,
      'Directory_ResultSizeLimitExceeded',
      `Request cannot be processed because the result exceeds the limit of ${limit} objects. Use transitiveMemberOf instead.`,
    ),
  // Action parameters that are missing or of the wrong type.
  parameterRequired: (name: string, type: string) =>
    graphErrors.badRequest(`The parameter '${name}' is required and must be ${type}.`),
  tooManyGroupIds: (limit: number) =>
    graphErrors.badRequest(`The number of group ids cannot exceed ${limit}.`),
};

export const licenseErrors = {
  usageLocation: () =>
    graphErrors.badRequest('License assignment cannot be done for user with invalid usage location.'),
  unknownSku: (skuId: string) =>
    graphErrors.badRequest(`License ${skuId} does not correspond to a valid company License.`),
  foreignPlan: (planId: string, skuId: string) =>
    graphErrors.badRequest(
      `The service plan ${planId} is not a service plan of license ${skuId} and cannot be disabled.`,
    ),
  // MSOnline's text for the same refusal.
  inheritedFromGroup: () =>
    graphErrors.badRequest(
      'User license is inherited from a group membership and it cannot be removed directly from the user.',
    ),
  notAssigned: () => graphErrors.badRequest('User does not have a corresponding license.'),
  noSeats: (skuId: string) =>
    graphErrors.badRequest(`Subscription with SKU ${skuId} does not have any available licenses.`),
  // The message Graph gives for a non-GUID skuId.
  notAGuid: () =>
    new GraphError(
      400,
      'BadRequest',
      "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details",
    ),
};
