import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withPermissionsTable } from '../../scripts/permissions-table.js';
import { CAPABILITY_PERMISSIONS, WORKFLOW_CAPABILITIES } from '../../src/capabilities/permissions.js';
import { CAPABILITIES } from '../../src/capabilities/registry.js';

describe('permissions table', () => {
  it('is in the README as generated (run `npm run docs:permissions` after a change)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withPermissionsTable(readme));
  });

  it('has an entry for every capability of the registry, and no other', () => {
    expect(Object.keys(CAPABILITY_PERMISSIONS).sort()).toEqual(CAPABILITIES.map((c) => c.id).sort());
  });

  it("lists for each workflow exactly the capabilities its plan's steps run", async () => {
    const registered = new Set(CAPABILITIES.map((c) => c.id));
    for (const [workflow, listed] of Object.entries(WORKFLOW_CAPABILITIES)) {
      const source = await readFile(
        new URL(`../../src/workflows/plan-${workflow}.ts`, import.meta.url),
        'utf8',
      );
      // Step helpers take (id, capability, ...): every quoted capability id in the plan is a step's.
      const named = new Set([...source.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)].map((m) => m[1]!));
      const used = [...named].filter((id) => registered.has(id)).sort();
      expect([...listed].sort(), workflow).toEqual(used);
    }
  });
});
