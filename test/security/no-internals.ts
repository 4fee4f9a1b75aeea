import { expect } from 'vitest';

/** Fails when a response body shows how the service is built: stack frames, file paths, module names. */
export function expectNoInternals(text: string, label = ''): void {
  expect(text, `${label}: stack frame`).not.toMatch(/\bat\s+(?:async\s+)?[\w$.<>]*\s*\(?[^\s()]*:\d+:\d+\)?/);
  expect(text, `${label}: stack frame`).not.toMatch(/\n\s+at\s/);
  // /app is the image's working directory; the others are where a source tree or Node usually lives.
  expect(text, `${label}: file path`).not.toMatch(
    /(?:\/app\/|\/home\/|\/usr\/|node_modules|file:\/\/|[\w-]+\.[cm]?[jt]s:\d+)/,
  );
  expect(text, `${label}: error class`).not.toMatch(/\b(?:TypeError|ReferenceError|RangeError|SyntaxError):/);
}
