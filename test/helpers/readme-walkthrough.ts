/**
 * The README's "Try it against the sandbox" block, read as the shell would: the `post` function it
 * defines and each `post <capability> '<json>'` command, with shell quoting undone.
 */

export interface WalkthroughCall {
  capability: string;
  body: unknown;
  /** The command as the README shows it, for failure messages. */
  source: string;
}

/** The first ```sh block after `heading`. */
export function shellBlockAfter(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(markdown.slice(start));
  if (!block?.[1]) throw new Error(`no sh block after "${heading}"`);
  return block[1];
}

/** Commands (as word lists) of a shell script using only quoting, comments and newlines. */
export function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) throw new Error('unterminated single quote');
      word = (word ?? '') + script.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (script[j] !== '"') {
        if (j >= script.length) throw new Error('unterminated double quote');
        if (script[j] === '\\' && '"\\$`'.includes(script[j + 1] ?? '')) j += 1;
        text += script[j];
        j += 1;
      }
      word = (word ?? '') + text;
      i = j + 1;
    } else if (c === '#' && word === undefined) {
      while (i < script.length && script[i] !== '\n') i += 1;
    } else if (c === '\n' || c === ';') {
      endCommand();
      i += 1;
    } else if (c === ' ' || c === '\t') {
      endWord();
      i += 1;
    } else {
      word = (word ?? '') + c;
      i += 1;
    }
  }
  endCommand();
  return commands;
}

/** The `post` calls of the walk-through; fails on a command the test would not know how to run. */
export function walkthroughCalls(block: string): WalkthroughCall[] {
  const [definition, ...rest] = block.split('\n');
  // The helper every line uses: POST to /capabilities/<first argument> with the JSON body.
  if (!definition?.startsWith('post() {') || !definition.includes('/capabilities/$1')) {
    throw new Error(`the walk-through no longer starts with its post() helper: ${definition}`);
  }
  return shellCommands(rest.join('\n')).map((words) => {
    const source = words.join(' ');
    if (words[0] !== 'post' || words.length !== 3) throw new Error(`not a post call: ${source}`);
    return { capability: words[1]!, body: JSON.parse(words[2]!), source };
  });
}
