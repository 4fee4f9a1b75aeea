/**
 * One set of rules for turning configured fields into a connection of one kind, shared by the
 * default connection (AZURE_* variables) and CONNECTIONS_FILE entries; only the names used in
 * error messages differ. Errors name the field, never a secret's value.
 */
import { readClientCertificate } from './client-certificate.js';
import { type ConfiguredConnection, SYSTEM_ASSIGNED_IDENTITY, TENANT_PATTERN } from './connection.js';
import { CONNECTION_KINDS, type ConnectionKind } from './connection-kind.js';

export interface ConnectionSpec {
  kind?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  sendCertificateChain?: boolean;
  federatedTokenFile?: string;
  allowedTenants?: readonly string[];
}

/** What each field is called where it was configured (an environment variable or a JSON path). */
export type SpecFieldNames = Record<keyof ConnectionSpec, string>;

export class ConnectionSpecError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The credential field each kind needs; a managed identity has none (the platform holds it). */
const CREDENTIAL_FIELD = {
  clientSecret: 'clientSecret',
  clientCertificate: 'certificatePath',
  workloadIdentity: 'federatedTokenFile',
} as const;

export function connectionFromSpec(
  spec: ConnectionSpec,
  names: SpecFieldNames,
  readCertificate = readClientCertificate,
): ConfiguredConnection {
  const kind = kindOf(spec, names);
  const tenantId = required(spec, 'tenantId', names, kind);
  const allowedTenants = spec.allowedTenants?.length ? { allowedTenants: spec.allowedTenants } : {};
  const invalid = spec.allowedTenants?.find((tenant) => !new RegExp(TENANT_PATTERN).test(tenant));
  if (invalid !== undefined) {
    throw new ConnectionSpecError(
      names.allowedTenants,
      `${JSON.stringify(invalid.slice(0, 100))} is neither a tenant id nor a domain name`,
    );
  }
  switch (kind) {
    case 'managedIdentity': {
      if (spec.allowedTenants?.length) {
        throw new ConnectionSpecError(
          names.allowedTenants,
          'a managed identity acts only in its own tenant, so it cannot have allowed tenants',
        );
      }
      const clientId = spec.clientId;
      return clientId === undefined
        ? { kind, tenantId, clientId: SYSTEM_ASSIGNED_IDENTITY, userAssigned: false }
        : { kind, tenantId, clientId, userAssigned: true };
    }
    case 'clientCertificate': {
      const clientId = required(spec, 'clientId', names, kind);
      const path = required(spec, 'certificatePath', names, kind);
      const sendChain = spec.sendCertificateChain ?? false;
      let certificate: ReturnType<typeof readClientCertificate>;
      try {
        certificate = readCertificate(path, sendChain);
      } catch (error) {
        throw new ConnectionSpecError(names.certificatePath, (error as Error).message);
      }
      return {
        kind,
        tenantId,
        clientId,
        certificate,
        certificateFile: { path, sendChain },
        ...allowedTenants,
      };
    }
    case 'workloadIdentity': {
      const clientId = required(spec, 'clientId', names, kind);
      const federatedTokenFile = required(spec, 'federatedTokenFile', names, kind);
      return { kind, tenantId, clientId, federatedTokenFile, ...allowedTenants };
    }
    default: {
      const clientId = required(spec, 'clientId', names, kind);
      const clientSecret = required(spec, 'clientSecret', names, kind);
      return { tenantId, clientId, clientSecret, ...allowedTenants };
    }
  }
}

/**
 * The kind named, else the one whose credential field is set. A managed identity has no such field,
 * so it is always named. Two credentials and no kind is ambiguous: refused rather than guessed
 * (AKS injects AZURE_FEDERATED_TOKEN_FILE into pods that may also hold a secret).
 */
function kindOf(spec: ConnectionSpec, names: SpecFieldNames): ConnectionKind {
  if (spec.kind !== undefined) {
    if (!(CONNECTION_KINDS as readonly string[]).includes(spec.kind)) {
      throw new ConnectionSpecError(names.kind, `must be one of ${CONNECTION_KINDS.join(', ')}`);
    }
    return spec.kind as ConnectionKind;
  }
  const present = (Object.keys(CREDENTIAL_FIELD) as (keyof typeof CREDENTIAL_FIELD)[]).filter(
    (kind) => spec[CREDENTIAL_FIELD[kind]] !== undefined,
  );
  if (present.length > 1) {
    throw new ConnectionSpecError(
      names.kind,
      `is needed to choose between ${present.map((kind) => names[CREDENTIAL_FIELD[kind]]).join(' and ')}, which are both set`,
    );
  }
  return present[0] ?? 'clientSecret';
}

function required(
  spec: ConnectionSpec,
  field: 'tenantId' | 'clientId' | 'clientSecret' | 'certificatePath' | 'federatedTokenFile',
  names: SpecFieldNames,
  kind: ConnectionKind,
): string {
  const value = spec[field];
  if (value === undefined || value === '') {
    throw new ConnectionSpecError(names[field], `is required for a ${kind} connection`);
  }
  return value;
}
