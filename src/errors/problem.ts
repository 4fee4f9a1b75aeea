import {
  type BadRequestCode,
  type FixedStatusCode,
  type PassThroughCode,
  type ProblemCode,
  problemDefinition,
} from './error-catalogue.js';
import { type FieldProblem, type ProblemExtra, ServiceError } from './service-error.js';

/**
 * The problem for `code`, its status, title, source and hint taken from the error catalogue; a
 * call site gives what only it knows (the detail, upstream details, a more specific hint). Codes
 * that pass on another party's status (GRAPH_REQUEST_FAILED, ...) must be given that status.
 */
export function problem(code: FixedStatusCode, detail: string, extra?: ProblemExtra): ServiceError;
export function problem(
  code: PassThroughCode,
  detail: string,
  extra: ProblemExtra & { status: number },
): ServiceError;
export function problem(
  code: ProblemCode,
  detail: string,
  { status, hint, ...extra }: ProblemExtra & { status?: number } = {},
): ServiceError {
  const definition = problemDefinition(code);
  const fixed = typeof definition.status === 'number' ? definition.status : undefined;
  const chosenHint = hint ?? definition.hint;
  return new ServiceError(
    // The overloads make `status` present exactly when the catalogue has none; 500 is a bug's last resort.
    fixed ?? status ?? 500,
    code,
    definition.title,
    detail,
    definition.source,
    chosenHint ? { ...extra, hint: chosenHint } : extra,
  );
}

/** 400 for a body that is well-formed JSON but asks for something invalid. */
export function badRequest(code: BadRequestCode, detail: string, errors?: FieldProblem[]): ServiceError {
  return problem(code, detail, errors ? { errors } : {});
}
