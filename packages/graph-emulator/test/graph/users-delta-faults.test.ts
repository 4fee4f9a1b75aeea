// /users/delta token expiry and robustness faults over real HTTP, driven through the admin
// API and EmulatorOptions: 410 + Location, empty pages with nextLinks, repeated items, and
// tokens that belong to another tenant or were tampered with.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELTA_SETTINGS } from '../../src/directory/delta-policy.js';
import { graphCall, type Harness, send, startHarness, tokenFor } from '../emulator-harness.js';
import { deltaRound } from './delta-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 45, delta: { pageSize: 10 } });
});
afterAll(() => h.emulator.close());
afterEach(() => {
  h.emulator.state.delta.update({ ...DEFAULT_DELTA_SETTINGS, pageSize: 10 });
});

const url = (path: string) => `${h.emulator.origin}${path}`;

function admin(path: string, method: string, body?: unknown) {
  return send(url(path), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('page size', () => {
  it('follows EmulatorOptions.delta and the admin settings', async () => {
    const round = await deltaRound(h.token, url('/v1.0/users/delta?$select=id'));
    expect(round.pages.map((p) => p.value.length)).toEqual([10, 10, 10, 10, 5]);
    const patched = await admin('/_emulator/delta/settings', 'PATCH', { pageSize: 20 });
    expect(patched.json).toMatchObject({ pageSize: 20, tokenMaxAgeSeconds: 7 * 24 * 3600 });
    const bigger = await deltaRound(h.token, url('/v1.0/users/delta?$select=id'));
    expect(bigger.pages.map((p) => p.value.length)).toEqual([20, 20, 5]);
  });

  it('refuses invalid settings', async () => {
    for (const body of [{ pageSize: 0 }, { tokenMaxAgeSeconds: -1 }, { emptyPages: 'yes' }, { nope: 1 }]) {
      expect((await admin('/_emulator/delta/settings', 'PATCH', body)).status).toBe(400);
    }
  });
});

describe('token expiry', () => {
  it('answers 410 syncStateNotFound with the initial query in Location after expire-tokens', async () => {
    const round = await deltaRound(h.token, url('/v1.0/users/delta?$select=displayName'));
    expect((await admin('/_emulator/delta/expire-tokens', 'POST', {})).status).toBe(204);
    const expired = await graphCall('', h.token, round.deltaLink);
    expect(expired.status).toBe(410);
    expect(expired.json.error).toMatchObject({
      code: 'syncStateNotFound',
      message:
        'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    });
    expect(expired.headers['location']).toBe(url('/v1.0/users/delta?$deltatoken=&$select=displayName'));
    // The Location restarts a full round with the same selection.
    const restarted = await deltaRound(h.token, expired.headers['location'] as string);
    expect(restarted.items.length).toBe(45);
    expect(Object.keys(restarted.items[0]!).sort()).toEqual(['displayName', 'id']);
  });

  it('expires tokens of one tenant only when asked for that tenant', async () => {
    const round = await deltaRound(h.token, url('/v1.0/users/delta?$deltatoken=latest'));
    await admin('/_emulator/delta/expire-tokens', 'POST', {
      tenantId: '00000000-0000-4000-8000-000000000000',
    });
    expect((await graphCall('', h.token, round.deltaLink)).status).toBe(200);
    await admin('/_emulator/delta/expire-tokens', 'POST', { tenantId: h.emulator.demo.tenantId });
    expect((await graphCall('', h.token, round.deltaLink)).status).toBe(410);
  });

  it('expires tokens older than tokenMaxAgeSeconds, mid-round skiptokens included', async () => {
    const first = await h.graph('/v1.0/users/delta');
    const latest = await h.graph('/v1.0/users/delta?$deltatoken=latest');
    await admin('/_emulator/delta/settings', 'PATCH', { tokenMaxAgeSeconds: 0 });
    const skip = await graphCall('', h.token, first.json['@odata.nextLink']);
    expect(skip.status).toBe(410);
    expect(skip.headers['location']).toBe(url('/v1.0/users/delta?$deltatoken='));
    expect((await graphCall('', h.token, latest.json['@odata.deltaLink'])).status).toBe(410);
    await admin('/_emulator/delta/settings', 'PATCH', { tokenMaxAgeSeconds: 3600 });
    expect((await graphCall('', h.token, latest.json['@odata.deltaLink'])).status).toBe(200);
  });

  it('can answer 400 instead of 410 (the status Microsoft announced in 2020)', async () => {
    const latest = await h.graph('/v1.0/users/delta?$deltatoken=latest');
    h.emulator.state.delta.update({ expiredStatus: 400 });
    h.emulator.state.delta.expireTokens();
    const res = await graphCall('', h.token, latest.json['@odata.deltaLink']);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('syncStateNotFound');
  });
});

describe('robustness faults', () => {
  it('emptyPages: empty pages that still carry a nextLink, and no user lost', async () => {
    await admin('/_emulator/delta/settings', 'PATCH', { emptyPages: true });
    const round = await deltaRound(h.token, url('/v1.0/users/delta?$select=id'));
    expect(round.pages.map((p) => p.value.length)).toEqual([0, 10, 0, 10, 0, 10, 0, 10, 0, 5]);
    expect(round.pages.filter((p) => p.value.length === 0).every((p) => p.nextLink !== undefined)).toBe(true);
    expect(new Set(round.items.map((i) => i.id)).size).toBe(45);
    const quiet = await deltaRound(h.token, round.deltaLink);
    expect(quiet.pages.map((p) => p.value.length)).toEqual([0, 0]);
  });

  it('repeatItems: the last user of each page comes again at the start of the next', async () => {
    await admin('/_emulator/delta/settings', 'PATCH', { repeatItems: true });
    const round = await deltaRound(h.token, url('/v1.0/users/delta?$select=id'));
    const ids = round.items.map((i) => i.id);
    expect(ids.length).toBe(45 + 4);
    expect(new Set(ids).size).toBe(45);
    expect(round.pages[1]!.value[0]!.id).toBe(round.pages[0]!.value[9]!.id);
  });

  it('repeatItems applies to change rounds too', async () => {
    const latest = await h.graph('/v1.0/users/delta?$deltatoken=latest&$select=displayName');
    const tenant = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
    const targets = [...tenant.activeUsersAfter(0)].slice(0, 15).map((u) => u.props.id);
    for (const id of targets) {
      await h.graph(`/v1.0/users/${id}`, {
        method: 'PATCH',
        body: { displayName: `Repeat ${id.slice(0, 4)}` },
      });
    }
    await admin('/_emulator/delta/settings', 'PATCH', { repeatItems: true });
    const round = await deltaRound(h.token, latest.json['@odata.deltaLink']);
    expect(round.items.length).toBe(16);
    expect(new Set(round.items.map((i) => i.id))).toEqual(new Set(targets));
  });
});

describe('foreign and tampered tokens', () => {
  it('refuses a deltaLink of another tenant', async () => {
    const other = h.emulator.state.addTenant({ domains: ['delta-other.example.com'], seedUsers: 3 });
    const otherToken = await tokenFor(h.emulator.origin, other);
    const mine = await deltaRound(h.token, url('/v1.0/users/delta?$deltatoken=latest'));
    const res = await graphCall('', otherToken, mine.deltaLink);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_BadRequest');
    const theirs = await deltaRound(otherToken, url('/v1.0/users/delta'));
    expect(theirs.items.length).toBe(3);
  });

  it('refuses tampered tokens and a deltatoken passed as a skiptoken', async () => {
    expect((await h.graph('/v1.0/users/delta?$deltatoken=garbage')).status).toBe(400);
    expect((await h.graph('/v1.0/users/delta?$skiptoken=e30')).status).toBe(400);
    const latest = await h.graph('/v1.0/users/delta?$deltatoken=latest');
    const token = new URL(latest.json['@odata.deltaLink']).searchParams.get('$deltatoken');
    expect((await h.graph(`/v1.0/users/delta?$skiptoken=${token}`)).status).toBe(400);
  });
});
