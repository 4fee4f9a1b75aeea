/**
 * Request validation whose cost a caller cannot blow up. Ajv with `allErrors` reports every bad
 * field at once, which callers want, but it also checks every item of an array far longer than its
 * `maxItems` allows: 300,000 bad items in a 600 KB body took over a second of event loop and made
 * 300,000 errors. So each schema gets two validators from Fastify's own Ajv compiler:
 *   1. first-error mode, always: stops at the first problem (an oversized array fails on
 *      `maxItems` before any item is looked at), so its cost is bounded by the body's size;
 *   2. all-errors mode, only for a body that failed and holds at most ALL_ERRORS_NODE_LIMIT values,
 *      so listing every problem stays cheap. A larger failing body is answered with its first problem.
 */
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

/** Values (objects, arrays and scalars) a failing body may hold and still get every problem listed. */
export const ALL_ERRORS_NODE_LIMIT = 2_000;

/**
 * Reject rather than strip unknown fields, never coerce types (a "true" string is a mistake, not a
 * boolean), apply schema defaults.
 */
const AJV_OPTIONS = { removeAdditional: false, coerceTypes: false, useDefaults: true } as const;

/** What the compilers return; this service's schemas are never `$async`, so validation is synchronous. */
type AjvValidate = ReturnType<ReturnType<ValidatorFactory>>;
type Validate = ((data: unknown, context?: never) => boolean) & Pick<AjvValidate, 'errors'>;

/** Fastify's `schemaController.compilersFactory.buildValidator`. */
export function boundedValidatorFactory(): ValidatorFactory {
  const pool = AjvCompiler();
  return (externalSchemas, options) => {
    // Ajv's options are this module's alone; Fastify's `ajv.plugins` (none today) still apply.
    const withErrors = (allErrors: boolean) =>
      pool(externalSchemas, {
        ...(options?.plugins ? { plugins: options.plugins } : {}),
        customOptions: { ...AJV_OPTIONS, allErrors },
      });
    const firstErrorCompiler = withErrors(false);
    const allErrorsCompiler = withErrors(true);
    return (route) => {
      const firstError = firstErrorCompiler(route);
      let allErrors: Validate | undefined;
      const check = firstError as Validate;
      const validate: Validate = (data, context) => {
        if (check(data, context)) return true;
        if (holdsMoreValuesThan(data, ALL_ERRORS_NODE_LIMIT)) {
          validate.errors = check.errors;
          return false;
        }
        // Compiled on the first failure only: most routes never need it, and start-up stays fast.
        allErrors ??= allErrorsCompiler(route) as Validate;
        allErrors(data, context);
        validate.errors = allErrors.errors;
        return false;
      };
      // Fastify hands Ajv's own functions the request as parent data (so root defaults apply); the
      // wrapper keeps the markers that make it do so, and passes that context on.
      return Object.assign(validate, {
        schema: firstError.schema,
        schemaEnv: firstError.schemaEnv,
      }) as AjvValidate;
    };
  };
}

/** Whether `value` holds more than `limit` values, counting nested ones; stops counting at the limit. */
export function holdsMoreValuesThan(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  let count = 0;
  while (pending.length > 0) {
    const next = pending.pop();
    count += 1;
    if (count > limit) return true;
    if (typeof next === 'object' && next !== null) {
      const children = Array.isArray(next) ? next : Object.values(next);
      if (count + pending.length + children.length > limit) return true;
      for (const child of children) pending.push(child);
    }
  }
  return false;
}
