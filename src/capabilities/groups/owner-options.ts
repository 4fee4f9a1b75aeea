import { Type } from '@sinclair/typebox';

/** Extra output field of add-group-owner and remove-group-owner. */
export const OWNER_CHANGED_FIELD = {
  changed: Type.Boolean({
    description:
      "true when the ownership changed (also when Graph's answer to it was lost and a retry found the change made); false when it already was as asked and the ifAlreadyOwner/ifNotOwner option turned Graph's refusal into success (statusCode then holds Graph's refusal status).",
  }),
};
