/**
 * Imported first by server.ts, before anything allocates much. V8 lets the old generation grow
 * up to about four times what survived the last full collection before it collects again; under
 * 64 concurrent calls that made the peak RSS swing between about 160 and 265 MB from one run to
 * the next (bench/RESULTS.md, 1,000 tenants). Capping the growth factor at 2 kept every peak
 * near 165 MB, with the same throughput and CPU per request; at 1.5 the collector's threads
 * cost a fifth more CPU. Only the process entry sets it: tests and tools keep V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--heap-growing-percent=100');
