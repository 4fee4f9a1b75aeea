// POST /groups for the two kinds Graph creates: security groups and Microsoft 365 groups with
// assigned membership. Required: displayName, mailEnabled, mailNickname, securityEnabled; Graph
// refuses to create mail-enabled groups other than Microsoft 365 ones. Dynamic groups, owners and
// members at creation (`owners@odata.bind`, `members@odata.bind`) and the other writable
// properties answer 501. https://learn.microsoft.com/graph/api/group-post-groups

import { randomUUID } from 'node:crypto';
import type { GroupProperties } from '../directory/group-record.js';
import { GROUP_PROPERTY_NAMES } from '../odata/group-properties.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { GraphError, graphErrors } from './graph-error.js';
import { sendOData } from './graph-response.js';
import { projectGroup } from './group-representation.js';

const SUPPORTED = new Set([
  'displayName',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'groupTypes',
  'description',
]);
/** What mailNickname may not contain (Create group): @ () \ [] " ; : . <> , and space; ASCII only. */
const NICKNAME = /^[\x21-\x7e]{1,64}$/;
const NICKNAME_FORBIDDEN = /[@()\\[\]";:.<>,]/;

const invalid = (property: string) =>
  graphErrors.badRequest(`Invalid value specified for property '${property}' of resource 'Group'.`);

export function createGroup(ctx: GraphContext) {
  const body = ctx.request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  }
  const input = body as Record<string, unknown>;
  for (const name of Object.keys(input)) {
    if (name.startsWith('@odata.type')) continue;
    if (SUPPORTED.has(name)) continue;
    if (GROUP_PROPERTY_NAMES.includes(name) || name.endsWith('@odata.bind'))
      throw graphErrors.notImplemented();
    throw graphErrors.badRequest(
      `Property '${name}' does not exist as a declared property or extension property.`,
    );
  }
  const { displayName, mailEnabled, mailNickname, securityEnabled, description } = input;
  if (typeof displayName !== 'string' || displayName.trim() === '' || displayName.length > 256)
    throw invalid('displayName');
  if (typeof mailEnabled !== 'boolean') throw invalid('mailEnabled');
  if (typeof securityEnabled !== 'boolean') throw invalid('securityEnabled');
  if (
    typeof mailNickname !== 'string' ||
    !NICKNAME.test(mailNickname) ||
    NICKNAME_FORBIDDEN.test(mailNickname)
  )
    throw invalid('mailNickname');
  if (description !== undefined && description !== null && typeof description !== 'string')
    throw invalid('description');
  const groupTypes = readGroupTypes(input['groupTypes']);
  const unified = groupTypes.includes('Unified');
  if (mailEnabled && !unified) {
    throw graphErrors.badRequest(
      'The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset or set to false.',
    );
  }
  const domain = ctx.tenant.domains[0]!;
  const mail = unified ? `${mailNickname}@${domain}` : undefined;
  if (
    mail &&
    ctx.tenant.groups.all().some((g) => String(g.props['mail'] ?? '').toLowerCase() === mail.toLowerCase())
  ) {
    throw graphErrors.badRequest(
      'Another object with the same value for property mailNickname already exists.',
      [{ code: 'ObjectConflict', target: 'mailNickname' }],
    );
  }
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const props: GroupProperties = {
    id: randomUUID(),
    displayName,
    groupTypes,
    mailEnabled,
    securityEnabled,
    mailNickname,
    createdDateTime: now,
    renewedDateTime: now,
    ...(typeof description === 'string' ? { description } : {}),
    ...(mail ? { mail, proxyAddresses: [`SMTP:${mail}`], visibility: 'Public' } : {}),
  };
  const group = ctx.tenant.groups.create(props);
  // The answer carries the group; other reads miss it while the replication lag lasts.
  ctx.tenant.replication.created(group.props.id);
  return sendOData(ctx.reply, 201, {
    '@odata.context': metadataUrl(ctx, 'groups/$entity'),
    ...projectGroup(group, undefined),
  });
}

/** `[]` (security) or `["Unified"]`; dynamic membership is not emulated on creation. */
function readGroupTypes(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((type) => typeof type === 'string')) throw invalid('groupTypes');
  if (value.some((type) => type.toLowerCase() === 'dynamicmembership')) throw graphErrors.notImplemented();
  if (value.some((type) => type.toLowerCase() !== 'unified')) throw invalid('groupTypes');
  return value.length > 0 ? ['Unified'] : [];
}
