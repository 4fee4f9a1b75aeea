// The emulator's public entry: the only module the service, its tests, the bench and the soak may
// import. Everything else under src/ is internal and may change without notice.

export type { AppGrants, AppGrantsInput } from './directory/app-grants.js';
export { DEFAULT_APP_PERMISSIONS, DIRECTORY_ROLE_IDS } from './directory/app-grants.js';
export type { ReplicationSettings } from './directory/replication-lag.js';
export {
  buildEmulator,
  type DemoCredentials,
  type EmulatorOptions,
  type EmulatorTlsOptions,
  type RunningEmulator,
  startEmulator,
} from './emulator-app.js';
export type { EmulatorState, TenantCredentials, TenantInput } from './emulator-state.js';
export type { FaultRuleInput, FaultStatus } from './faults/fault-rule.js';
export { DEMO_GROUP_IDS } from './seed/demo-groups.js';
export { DEMO_PLAN_IDS, DEMO_SKU_IDS } from './seed/demo-skus.js';
export { DEMO_TENANT, FIXTURE_IDS, FIXTURE_UPNS } from './seed/demo-tenant.js';
