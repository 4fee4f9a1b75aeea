import { describe, expect, it } from 'vitest';
import { ODataError } from '../../src/odata/odata-error.js';
import { parseSelect, projectSelected, resolveSelect } from '../../src/odata/select.js';

function failure(run: () => unknown): ODataError {
  try {
    run();
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('$select', () => {
  it('trims names and returns Graph spelling in request order without duplicates', () => {
    expect(resolveSelect(parseSelect(' ID ,displayname,accountEnabled,id'))).toEqual([
      'id',
      'displayName',
      'accountEnabled',
    ]);
  });

  it('validates against a caller-provided list', () => {
    expect(resolveSelect(['MAIL'], { known: ['id', 'mail'] })).toEqual(['mail']);
    expect(failure(() => resolveSelect(['city'], { known: ['id', 'mail'] })).message).toBe(
      "Could not find a property named 'city' on type 'microsoft.graph.user'.",
    );
  });

  it('answers 400 for an unknown property', () => {
    const error = failure(() => resolveSelect(['displayName', 'favouriteColour']));
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.",
    );
  });

  it('answers 501 for SharePoint-backed properties on a collection only', () => {
    expect(resolveSelect(['aboutMe'])).toEqual(['aboutMe']);
    const error = failure(() => resolveSelect(['id', 'aboutMe'], { collection: true }));
    expect([error.status, error.code]).toEqual([501, 'NotImplemented']);
  });

  it('rejects an empty item', () => {
    expect(failure(() => parseSelect('id,,mail')).status).toBe(400);
  });

  it('projects selected properties, with null for unset ones and no automatic id', () => {
    expect(projectSelected({ id: 'u1', displayName: 'A', mail: 'a@x' }, ['displayName', 'jobTitle'])).toEqual(
      {
        displayName: 'A',
        jobTitle: null,
      },
    );
  });
});
