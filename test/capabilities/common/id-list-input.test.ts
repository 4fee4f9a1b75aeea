import { describe, expect, it } from 'vitest';
import { parseIdList } from '../../../src/capabilities/common/id-list-input.js';

const A = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const B = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';

describe('parseIdList', () => {
  it.each([
    ['an array', [A, B]],
    ['a comma-separated string', `${A}, ${B}`],
    ['a string holding a JSON array', `["${A}","${B}"]`],
    ['a bracketed list without quotes', `[${A}, ${B}]`],
    ['upper case with duplicates and blanks', [A.toUpperCase(), '', B, ` ${A} `]],
  ])('reads %s', (_label, value) => {
    expect(parseIdList(value, 'removeLicenses')).toEqual({ ids: [A, B], errors: [] });
  });

  it.each([[['']], [''], ['[""]'], [undefined], [' , ']])(
    'reads the documented default %j as no ids',
    (value) => {
      expect(parseIdList(value as string | string[] | undefined, 'disabledPlans')).toEqual({
        ids: [],
        errors: [],
      });
    },
  );

  it('names each bad entry by its position', () => {
    const result = parseIdList(`${A},E3,,x`, 'removeLicenses');
    expect(result.ids).toEqual([A]);
    expect(result.errors.map((e) => e.path)).toEqual(['/removeLicenses/1', '/removeLicenses/3']);
  });
});
