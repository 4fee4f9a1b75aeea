import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SeriesCounter, SeriesHistogram } from '../../src/observability/series-metrics.js';

const BUCKETS = [0.005, 0.01, 0.1, 1];
const OBSERVATIONS: Array<[string, number]> = [
  ['read-user', 0.004],
  ['read-user', 0.005],
  ['read-user', 0.05],
  ['create-user', 2],
  ['read-user', 0.0101],
  ['create-user', 0.1],
];

describe('series metrics', () => {
  it("write the same exposition as prom-client's own histogram for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const config = { name: 'latency_seconds', help: 'Latency.', labelNames: ['capability'] as const };
    const series = new SeriesHistogram({ ...config, buckets: BUCKETS, registers: [ours] });
    const reference = new Histogram({ ...config, buckets: BUCKETS, registers: [theirs] });
    for (const [capability, value] of OBSERVATIONS) {
      series.observe({ capability }, value);
      reference.observe({ capability }, value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it("write the same exposition as prom-client's own counter, across scrapes", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const config = { name: 'calls_total', help: 'Calls.', labelNames: ['method', 'outcome'] as const };
    const series = new SeriesCounter({ ...config, registers: [ours] });
    const reference = new Counter({ ...config, registers: [theirs] });
    const calls: Array<[string, string, number]> = [
      ['GET', '200', 1],
      ['GET', '200', 1],
      ['POST', '201', 1],
      ['GET', '404', 2],
    ];
    for (const [method, outcome, by] of calls.slice(0, 2)) {
      series.inc({ method, outcome }, by);
      reference.inc({ method, outcome }, by);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    for (const [method, outcome, by] of calls.slice(2)) {
      series.inc({ method, outcome }, by);
      reference.inc({ method, outcome }, by);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('keeps label sets apart even when their values run together', async () => {
    const registry = new Registry();
    const counter = new SeriesCounter({
      name: 'pairs_total',
      help: 'Pairs.',
      labelNames: ['a', 'b'] as const,
      registers: [registry],
    });
    counter.inc({ a: 'x', b: 'yz' });
    counter.inc({ a: 'xy', b: 'z' });
    const text = await registry.metrics();
    expect(text).toContain('pairs_total{a="x",b="yz"} 1');
    expect(text).toContain('pairs_total{a="xy",b="z"} 1');
  });

  it('a histogram without labels counts every observation, values on a bound included', async () => {
    const registry = new Registry();
    const histogram = new SeriesHistogram({
      name: 'wait_seconds',
      help: 'Wait.',
      labelNames: [],
      buckets: BUCKETS,
      registers: [registry],
    });
    for (const value of [0, 0.01, 0.01, 5]) histogram.observe({}, value);
    const text = await registry.metrics();
    expect(text).toContain('wait_seconds_bucket{le="0.01"} 3');
    expect(text).toContain('wait_seconds_bucket{le="+Inf"} 4');
    expect(text).toContain('wait_seconds_count 4');
  });
});
