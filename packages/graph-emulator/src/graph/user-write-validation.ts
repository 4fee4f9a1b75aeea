// Validates the body of POST /users (no `existing`) or PATCH /users/{id} (with `existing`)
// and returns the changes to store, with canonical names. The password is checked, then
// dropped: it is never stored or echoed.
// https://learn.microsoft.com/graph/api/user-post-users, https://learn.microsoft.com/graph/api/user-update

import { isPasswordComplexEnough } from '../directory/password-policy.js';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import { parseUpn } from '../directory/upn-format.js';
import { findUserProperty, REQUIRED_ON_CREATE } from '../directory/user-properties.js';
import type { UserRecord } from '../directory/user-record.js';
import { GraphError, graphErrors } from './graph-error.js';
import { checkPropertyValue, isPlainObject } from './user-property-value.js';

export interface UserWrite {
  changes: Record<string, unknown>;
  passwordChanged: boolean;
}

const PASSWORD_MESSAGE =
  'The specified password does not comply with password complexity requirements. Please provide a different password.';

export function validateUserWrite(body: unknown, tenant: TenantDirectory, existing?: UserRecord): UserWrite {
  if (!isPlainObject(body)) throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const changes: Record<string, unknown> = {};
  let password: string | undefined;
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@')) continue; // OData annotations such as @odata.type
    const spec = findUserProperty(name);
    if (!spec)
      throw graphErrors.badRequest(
        `Property '${name}' does not exist as a declared property or extension property.`,
      );
    if (spec.readOnly)
      throw graphErrors.badRequest(`Property '${spec.name}' is read-only and cannot be set.`);
    if (spec.name === 'passwordProfile') {
      const profile = checkPasswordProfile(value, existing === undefined);
      if (profile.password !== undefined) password = profile.password;
      changes['passwordProfile'] = profile.stored;
      continue;
    }
    const checked = checkPropertyValue(spec, value);
    if (existing === undefined && checked === null) continue; // null on create means "not set"
    changes[spec.name] = checked;
  }
  if (existing === undefined) {
    for (const required of REQUIRED_ON_CREATE) {
      if (changes[required] === undefined) throw graphErrors.invalidValue(required);
    }
  }
  checkUpn(changes['userPrincipalName'], tenant, existing);
  if (password !== undefined) {
    const policies = String(changes['passwordPolicies'] ?? existing?.props['passwordPolicies'] ?? '');
    if (!isPasswordComplexEnough(password, /DisableStrongPassword/i.test(policies))) {
      throw graphErrors.badRequest(PASSWORD_MESSAGE);
    }
  }
  return { changes, passwordChanged: password !== undefined };
}

function checkPasswordProfile(value: unknown, creating: boolean): { password?: string; stored: unknown } {
  const invalid = graphErrors.invalidValue('passwordProfile');
  if (!isPlainObject(value)) throw invalid;
  const stored: Record<string, boolean> = {};
  let password: string | undefined;
  for (const [key, field] of Object.entries(value)) {
    if (key === 'password') {
      if (field === null && !creating) continue;
      if (typeof field !== 'string' || field.length === 0) throw invalid;
      password = field;
    } else if (key === 'forceChangePasswordNextSignIn' || key === 'forceChangePasswordNextSignInWithMfa') {
      if (typeof field !== 'boolean') throw invalid;
      stored[key] = field;
    } else {
      throw invalid;
    }
  }
  if (creating && password === undefined) throw invalid;
  return { password, stored };
}

function checkUpn(upn: unknown, tenant: TenantDirectory, existing: UserRecord | undefined): void {
  if (upn === undefined) return;
  const parsed = typeof upn === 'string' ? parseUpn(upn) : undefined;
  if (!parsed) throw graphErrors.badRequest('Property userPrincipalName is invalid.');
  if (!tenant.isVerifiedDomain(parsed.domain)) {
    throw graphErrors.badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  }
  if (tenant.isUpnTaken(upn as string, existing?.props.id)) {
    throw graphErrors.badRequest(
      'Another object with the same value for property userPrincipalName already exists.',
      [
        {
          code: 'ObjectConflict',
          message: 'Another object with the same value for property userPrincipalName already exists.',
          target: 'userPrincipalName',
        },
      ],
    );
  }
}
