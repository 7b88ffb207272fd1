/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) a summary needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuProfileSummary {
  /** Sampled time in all, idle included, ms. */
  totalMs: number;
  idleMs: number;
  gcMs: number;
  /** Frames by self time, heaviest first. */
  frames: Array<{ frame: string; ms: number }>;
  /** Self time by npm package, workspace folder (apps/x, packages/y) or Node built-in. */
  owners: Array<{ owner: string; ms: number }>;
}

const PACKAGE = /node_modules\/(?:\.pnpm\/)?((?:@[^/+]+[/+])?[^/@]+)/;
const WORKSPACE = /\/((?:apps|packages|bench|e2e)\/[^/]+)\//;

/** Who a frame's code belongs to: a package name without its version, a workspace folder, or Node. */
export function ownerOf(url: string, functionName: string): string {
  const pkg = PACKAGE.exec(url);
  if (pkg?.[1]) return pkg[1].replace('+', '/');
  const workspace = WORKSPACE.exec(url);
  if (workspace?.[1]) return workspace[1];
  if (url.startsWith('node:')) return url;
  return url === '' ? `(${functionName.replace(/[()]/g, '') || 'native'})` : url;
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const where = frame.url
    .replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^file:\/\/.*?\/((?:apps|packages|bench)\/)/, '$1');
  return `${frame.functionName || '(anonymous)'}${where ? ` ${where}:${frame.lineNumber + 1}` : ''}`;
}

const add = <K>(map: Map<K, number>, key: K, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
const sorted = (map: Map<string, number>, limit: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, limit);

/** Self time per frame and per owner, from the sample timeline (not call counts). */
export function summarizeCpuProfile(profile: CpuProfile, limit = 30): CpuProfileSummary {
  const selfMs = new Map<number, number>();
  for (const [index, id] of profile.samples.entries())
    add(selfMs, id, (profile.timeDeltas[index] ?? 0) / 1000);
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let gcMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') idleMs += ms;
    if (functionName === '(garbage collector)') gcMs += ms;
    add(frames, frameName(node.callFrame), ms);
    add(owners, ownerOf(url, functionName), ms);
  }
  const round = (ms: number) => Math.round(ms);
  return {
    totalMs: round(totalMs),
    idleMs: round(idleMs),
    gcMs: round(gcMs),
    frames: sorted(frames, limit).map(([frame, ms]) => ({ frame, ms: round(ms) })),
    owners: sorted(owners, limit).map(([owner, ms]) => ({ owner, ms: round(ms) })),
  };
}
