import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/net/deadline.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Deadline', () => {
  it('counts down and expires without anyone asking for a signal', async () => {
    const deadline = new Deadline(40);
    expect(deadline.remainingMs()).toBeGreaterThan(30);
    expect(deadline.expired).toBe(false);
    expect(deadline.existingSignal).toBeUndefined();
    await wait(60);
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired).toBe(true);
    expect(deadline.existingSignal).toBeUndefined();
  });

  it('makes its signal on first use, once, and fires it at the deadline', async () => {
    const deadline = new Deadline(30);
    const signal = deadline.signal;
    expect(deadline.signal).toBe(signal);
    expect(deadline.existingSignal).toBe(signal);
    expect(signal.aborted).toBe(false);
    await wait(60);
    expect(signal.aborted).toBe(true);
  });

  it('runs a whenExpired callback once at the deadline, and never after cancel', async () => {
    let fired = 0;
    let cancelledFired = 0;
    new Deadline(20).whenExpired(() => {
      fired += 1;
    });
    const cancel = new Deadline(20).whenExpired(() => {
      cancelledFired += 1;
    });
    cancel();
    await wait(60);
    expect(fired).toBe(1);
    expect(cancelledFired).toBe(0);
  });

  it('treats an aborted caller signal as the deadline having passed, for waits and the clock alike', async () => {
    const controller = new AbortController();
    const deadline = new Deadline(60_000, controller.signal);
    let fired = 0;
    deadline.whenExpired(() => {
      fired += 1;
    });
    expect(deadline.existingSignal).toBe(controller.signal);
    controller.abort();
    expect(deadline.expired).toBe(true);
    expect(fired).toBe(1);
    await wait(10);
    expect(fired).toBe(1);
  });

  it('races work against the deadline, and hands a late result to onLate', async () => {
    const late: string[] = [];
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve('slow'), 60));
    const lost = new Deadline(20).race(slow, (value) => late.push(value));
    await expect(lost).rejects.toMatchObject({ name: 'TimeoutError' });
    await wait(60);
    expect(late).toEqual(['slow']);

    const won = new Deadline(1_000).race(Promise.resolve('fast'), (value) => late.push(value));
    await expect(won).resolves.toBe('fast');
    await expect(new Deadline(1_000).race(Promise.reject(new Error('boom')), () => {})).rejects.toThrow(
      'boom',
    );
    expect(late).toEqual(['slow']);
  });
});
