/**
 * A counter and a histogram whose per-request cost is one Map lookup and an addition. prom-client's
 * own inc/observe validate and hash the label object on every call, several microseconds per
 * request across the six instruments a call touches (bench/RESULTS.md). These keep running totals
 * per label set and hand them to the prom-client registry when it is scraped, so /metrics reads
 * exactly as before.
 */
import { Counter, type Histogram, type Registry } from 'prom-client';

type Labels<L extends string> = Record<L, string>;

interface MetricConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  registers: Registry[];
}

/** One key per label set: the values in labelNames order (label values never hold \u0000). */
function seriesKey<L extends string>(labelNames: readonly L[], labels: Labels<L>): string {
  if (labelNames.length === 1) return labels[labelNames[0]!];
  let key = '';
  for (const name of labelNames) key += `${labels[name]}\u0000`;
  return key;
}

export class SeriesCounter<L extends string = never> {
  readonly #labelNames: readonly L[];
  readonly #totals = new Map<string, { labels: Labels<L>; value: number }>();

  constructor(config: MetricConfig<L>) {
    this.#labelNames = config.labelNames;
    const totals = this.#totals;
    new Counter({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames,
      registers: config.registers,
      collect() {
        this.reset();
        for (const { labels, value } of totals.values()) this.inc(labels, value);
      },
    });
  }

  inc(labels: Labels<L>, by = 1): void {
    const key = seriesKey(this.#labelNames, labels);
    const total = this.#totals.get(key);
    if (total) total.value += by;
    else this.#totals.set(key, { labels: { ...labels }, value: by });
  }
}

interface HistogramSeries<L extends string> {
  labels: Labels<L>;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

type Sample = { metricName: string; labels: Record<string, string | number>; value: number };

/**
 * Registered with the registry as a metric of its own: the registry asks it for its samples
 * (`get`) at scrape time and writes them in the text format as it does for its own histograms.
 */
export class SeriesHistogram<L extends string = never> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly #labelNames: readonly L[];
  readonly #bounds: readonly number[];
  /** As prom-client's own metrics expose them (the README's metrics table reads them). */
  get labelNames(): readonly string[] {
    return this.#labelNames;
  }
  #series = new Map<string, HistogramSeries<L>>();

  constructor(config: MetricConfig<L> & { buckets: readonly number[] }) {
    this.name = config.name;
    this.help = config.help;
    this.#labelNames = config.labelNames;
    this.#bounds = [...config.buckets].sort((a, b) => a - b);
    // The registry accepts any object with a name and get(); its typings list only its own classes.
    for (const registry of config.registers) registry.registerMetric(this as unknown as Histogram);
  }

  observe(labels: Labels<L>, value: number): void {
    if (!Number.isFinite(value)) return;
    const key = seriesKey(this.#labelNames, labels);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = {
        labels: { ...labels },
        counts: new Array(this.#bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.#series.set(key, series);
    }
    let bucket = 0;
    while (bucket < this.#bounds.length && value > this.#bounds[bucket]!) bucket += 1;
    series.counts[bucket]! += 1;
    series.sum += value;
    series.count += 1;
  }

  reset(): void {
    this.#series = new Map();
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, counts, sum, count } of this.#series.values()) {
      let cumulative = 0;
      counts.forEach((inBucket, index) => {
        cumulative += inBucket;
        const le = index < this.#bounds.length ? this.#bounds[index]! : '+Inf';
        values.push({ metricName: `${this.name}_bucket`, labels: { le, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
