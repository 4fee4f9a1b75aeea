import type { CapabilityContext } from '../capabilities/capability.js';
import type { RunStep } from '../stores/workflow-runs/workflow-run.js';

export type WorkflowName = 'onboard-user' | 'move-user' | 'offboard-user';

/** A step as a plan lists it: planned, or skipped with the reason. */
export type PlannedStep = Pick<RunStep, 'id' | 'capability' | 'description' | 'input' | 'reason'> & {
  status: 'planned' | 'skipped';
  /**
   * Problem codes that mean the step's change is already in place (e.g. LICENSE_NOT_ASSIGNED for a
   * removal repeated after a crash): the step is then done with `changed: false`.
   */
  alreadyDoneCodes?: string[];
};

export interface WorkflowPlan {
  /** Lower-cased names of the user the run is about (UPN, and object id when known). */
  subjects: string[];
  steps: PlannedStep[];
}

/** What a planner gets: a context for Graph reads, and the request's fields (credentials removed). */
export type Planner<Input> = (context: CapabilityContext, input: Input) => Promise<WorkflowPlan>;

export function planned(
  id: string,
  capability: string,
  description: string,
  input: Record<string, unknown>,
  alreadyDoneCodes?: string[],
): PlannedStep {
  return {
    id,
    capability,
    description,
    input,
    status: 'planned',
    ...(alreadyDoneCodes ? { alreadyDoneCodes } : {}),
  };
}

export function skipped(
  id: string,
  capability: string,
  description: string,
  input: Record<string, unknown>,
  reason: string,
): PlannedStep {
  return { id, capability, description, input, status: 'skipped', reason };
}

export function subjectsOf(...names: Array<string | undefined>): string[] {
  return [...new Set(names.filter((name): name is string => !!name).map((name) => name.toLowerCase()))];
}
