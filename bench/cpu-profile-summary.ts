/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and says where the time went: self time
 * per function and per origin (a package, a service source file, Node internals, GC), optionally
 * only inside a time window so start-up and warm-up do not count.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  label: string;
  /** Milliseconds of self time inside the window. */
  ms: number;
}

export interface ProfileSummary {
  /** Sampled milliseconds inside the window, idle excluded. */
  busyMs: number;
  functions: SelfTime[];
  origins: SelfTime[];
}

/** `windowUs`: [start, end] in the profile's clock (CLOCK_MONOTONIC microseconds on Linux). */
export function summarizeProfile(path: string, windowUs?: [number, number]): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const perFunction = new Map<string, number>();
  const perOrigin = new Map<string, number>();
  let inWindow = 0;
  let busyUs = 0;
  let timestamp = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    timestamp += profile.timeDeltas[i] ?? 0;
    // A sample lasts until the next one is taken.
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (windowUs && (timestamp < windowUs[0] || timestamp > windowUs[1])) continue;
    inWindow += 1;
    const node = byId.get(profile.samples[i]!);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busyUs += duration;
    const origin = originOf(node.callFrame);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${locationOf(node.callFrame, origin)}`;
    perFunction.set(name, (perFunction.get(name) ?? 0) + duration);
    perOrigin.set(origin, (perOrigin.get(origin) ?? 0) + duration);
  }
  // The profiler's clock did not line up with ours: summarise the whole profile rather than nothing.
  if (windowUs && inWindow === 0) return summarizeProfile(path);
  return { busyMs: busyUs / 1000, functions: top(perFunction), origins: top(perOrigin) };
}

function top(totals: Map<string, number>): SelfTime[] {
  return [...totals.entries()].map(([label, us]) => ({ label, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
}

/** A short name for where a function lives. */
export function originOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(V8 builtins / native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    if (rest[0] === '.cache') return 'bench target';
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return `src/${url.slice(dist + '/dist/'.length).replace(/\.js$/, '.ts')}`;
  return url.replace(/^file:\/\//, '');
}

/** File and line; for service code the built file (dist/*.js), which is what the line refers to. */
function locationOf(frame: { url: string; lineNumber: number }, origin: string): string {
  if (!frame.url) return origin;
  const dist = frame.url.lastIndexOf('/dist/');
  const modules = frame.url.lastIndexOf('/node_modules/');
  let where = origin;
  if (dist >= 0) where = frame.url.slice(dist + 1);
  else if (modules >= 0) where = frame.url.slice(modules + '/node_modules/'.length);
  else if (frame.url.startsWith('node:')) where = frame.url;
  return `${where}:${frame.lineNumber + 1}`;
}
