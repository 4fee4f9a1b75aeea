import { describe, expect, it } from 'vitest';
import { searchTokens, tokensMatch } from '../../src/odata/search-tokens.js';

// Microsoft's examples: https://learn.microsoft.com/graph/search-query-parameter#using-search-on-directory-object-collections
describe('search tokens of displayName and description', () => {
  it.each<[string, string[]]>([
    ['hello world', ['hello', 'world']],
    ['HelloWorld', ['hello', 'world']],
    ['helloWORLD', ['hello', 'world']],
    ['HELLOworld', ['helloworld']],
    ['HelloWORld', ['hello', 'world']],
    ['hello.world', ['hello', '.', 'world', 'helloworld']],
    ['hello123world', ['hello', '123', 'world']],
    ['李四(David Li)', ['李四', '(', 'david', '李四david', 'li', ')']],
  ])('%s', (value, tokens) => {
    expect(searchTokens(value)).toEqual(tokens);
  });

  const matches = (value: string, search: string) => tokensMatch(searchTokens(value), searchTokens(search));

  it('finds a word joined across symbols, and camel-case parts in any order', () => {
    expect(matches('hello-world', 'helloworld')).toBe(true);
    expect(matches('hello.world', 'helloworld')).toBe(true);
    expect(matches('HelloWorld', 'world')).toBe(true);
    expect(matches('HelloWorld', 'world hello')).toBe(true);
    expect(matches('Hello World', 'HelloWorld')).toBe(true);
    expect(matches('HELLOworld', 'world')).toBe(false);
  });

  it('matches tokens from their start, whatever the case', () => {
    expect(matches('Conf Room Washington', 'WA')).toBe(true);
    expect(matches('Edward Smith', 'wa')).toBe(false);
    expect(matches('李四(David Li)', 'David)')).toBe(true);
    expect(matches('李四(David Li)', '(李四')).toBe(true);
    expect(matches('李四(David Li)', 'Li 李')).toBe(true);
  });

  it('matches nothing for a search without tokens', () => {
    expect(matches('anything', '   ')).toBe(false);
  });
});
