/**
 * Checks a batch item's `input` against its capability's own schema with the same validator the
 * capability's route uses (bounded-validation.ts: no coercion, unknown fields refused, defaults
 * applied), so an item is refused with exactly the VALIDATION_FAILED problem the single call gets.
 */
import type { Capability } from '../../capabilities/capability.js';
import { problem } from '../../errors/problem.js';
import type { ServiceError } from '../../errors/service-error.js';
import { boundedValidatorFactory } from '../plugins/bounded-validation.js';
import { fieldList, validationProblems } from '../problem/validation-problems.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

export class ItemValidator {
  readonly #compile = boundedValidatorFactory()({}, {});
  /** Compiled on first use: a batch of creates needs one validator, not twenty. */
  readonly #compiled = new Map<string, Validate>();

  /** The problem with `input`, or undefined when it is valid (its defaults are then applied). */
  check(capability: Capability, input: unknown): ServiceError | undefined {
    let validate = this.#compiled.get(capability.id);
    if (validate === undefined) {
      validate = this.#compile({
        schema: capability.input,
        method: 'POST',
        url: `/capabilities/${capability.id}`,
        httpPart: 'body',
      }) as Validate;
      this.#compiled.set(capability.id, validate);
    }
    if (validate(input)) return undefined;
    const errors = validationProblems(validate.errors ?? [], 'body');
    return problem('VALIDATION_FAILED', `Invalid fields: ${fieldList(errors.map((e) => e.path))}`, {
      errors,
    });
  }
}
