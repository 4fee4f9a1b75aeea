import { describe, expect, it } from 'vitest';
import { pageMember, splitCollectionPage } from '../../src/graph/collection-page-text.js';
import { JsonText } from '../../src/graph/json-text.js';

/** The page as a JsonText whose bytes arrived cut at the given offsets. */
function pageCutAt(text: string, cuts: number[]): JsonText {
  const bytes = Buffer.from(text);
  const bounds = [0, ...cuts, bytes.length];
  const chunks = bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
  const page = JsonText.ofObject(chunks);
  if (!page) throw new Error('not a JSON object');
  return page;
}

const itemsText = (items: Buffer[]) => Buffer.concat(items).toString();

// Strings that look like structure: brackets, commas, escaped quotes and backslashes, a key named
// "value" inside an item, non-ASCII text.
const ITEMS =
  '{"id":"a","displayName":"x ] , } \\" [ {","value":[1,2]} , {"id":"b\\\\","n":-1.5e3,"t":true,"z":null,"s":"Zoë 日本"}';
const PAGE = ` {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users" , "@odata.nextLink":"https://graph.microsoft.com/v1.0/users/delta?$skiptoken=a%5Db\\"c",\n "value": [ ${ITEMS} ] ,"@odata.count":2 } `;

describe('splitCollectionPage', () => {
  it("hands on the items as Graph's bytes and the other members as their text, however the bytes were cut", () => {
    const length = Buffer.byteLength(PAGE);
    for (let cut = 1; cut < length; cut += 1) {
      const page = splitCollectionPage(pageCutAt(PAGE, [cut]));
      expect(itemsText(page.items)).toBe(ITEMS);
      expect(page.members.map((m) => m.key)).toEqual(['@odata.context', '@odata.nextLink', '@odata.count']);
      expect(pageMember(page, '@odata.nextLink')).toBe(
        'https://graph.microsoft.com/v1.0/users/delta?$skiptoken=a%5Db"c',
      );
      expect(pageMember(page, '@odata.count')).toBe(2);
    }
    // Cut into single bytes: every state crosses a chunk boundary.
    const everyByte = Array.from({ length: length - 1 }, (_, i) => i + 1);
    expect(itemsText(splitCollectionPage(pageCutAt(PAGE, everyByte)).items)).toBe(ITEMS);
  });

  it('spliced items make the same array as the page itself', () => {
    const page = splitCollectionPage(pageCutAt(PAGE, []));
    expect(JSON.parse(`[${itemsText(page.items)}]`)).toEqual(JSON.parse(PAGE).value);
  });

  it('has no items for an empty or missing value, and keeps escaped keys', () => {
    expect(splitCollectionPage(pageCutAt('{"value":[ ]}', [])).items).toEqual([]);
    const page = splitCollectionPage(pageCutAt('{"a\\u0062":{"value":[1]}}', []));
    expect(page.items).toEqual([]);
    expect(page.members).toEqual([{ key: 'ab', text: '{"value":[1]}' }]);
  });
});
