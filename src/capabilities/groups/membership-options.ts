import { Type } from '@sinclair/typebox';
import { GUID_PATTERN } from '../common/common-schemas.js';

/** `fail` (default) or `succeed`: how to answer when the membership is already as asked. */
export const IdempotencyOptionSchema = (description: string) =>
  Type.Optional(
    Type.Unsafe<'fail' | 'succeed'>({
      type: 'string',
      enum: ['fail', 'succeed'],
      default: 'fail',
      description,
    }),
  );

export const GroupIdSchema = Type.String({
  pattern: GUID_PATTERN,
  description: 'The object id of the group, e.g. "b2c7e1a0-0009-4b2c-9000-00000000b009".',
  examples: ['b2c7e1a0-0009-4b2c-9000-00000000b009'],
});

/** Extra output fields of the membership capabilities. */
export const CHANGED_FIELD = {
  changed: Type.Boolean({
    description:
      "true when the membership changed (also when Graph's answer to it was lost and a retry found the change made: statusCode then holds the retry's answer); false when it already was as asked and the ifAlreadyMember/ifNotMember option turned Graph's refusal into success (statusCode then holds Graph's refusal status).",
  }),
};
