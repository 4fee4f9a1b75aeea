import { Type } from '@sinclair/typebox';

/** "Other Attributes": any further Graph user properties, passed through as given. */
export const OtherAttributesSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_@.]{0,127}$' }),
  Type.Unknown(),
  {
    maxProperties: 100,
    description: 'More Graph user properties to set, e.g. {"usageLocation": "US", "jobTitle": "Analyst"}.',
  },
);
