import fs from "node:fs";
import path from "node:path";

/**
 * What runs per key press, from Chromium's sampling CPU profile (CDP `Profiler`): self time
 * per function and per source module, mapped back through the build's source maps to the
 * original file, line and code (the shipped bundle is minified).
 */

/** The parts of a CDP `Profiler.Profile` read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time of one place in the code, in ms over the whole profile. */
export interface SelfTime {
  /** `client/src/editor/saver.ts:97` or `prosemirror-view:1234`, or `(garbage collector)`. */
  where: string;
  /** The module it belongs to: an npm package, a client source file, or a V8 category. */
  module: string;
  /** The start of the function's source line, as written. */
  code: string;
  ms: number;
}

type Consumer = {
  originalPositionFor(position: { line: number; column: number }): { source: string | null; line: number | null; column: number | null };
  sourceContentFor(source: string, nullOnMissing: true): string | null;
};

/** Source-map consumers of a build's assets, opened once each. */
export class BundleMaps {
  private readonly consumers = new Map<string, Consumer | null>();
  private constructor(private readonly dist: string, private readonly SourceMapConsumer: (new (raw: unknown) => Consumer) | null) {}

  static async open(dist: string): Promise<BundleMaps> {
    try {
      // A dependency of Vite's (postcss), not of Redacta: without it the profile names minified code.
      const module = (await import("source-map-js")) as unknown as { SourceMapConsumer: new (raw: unknown) => Consumer };
      return new BundleMaps(dist, module.SourceMapConsumer);
    } catch {
      return new BundleMaps(dist, null);
    }
  }

  consumer(url: string): Consumer | null {
    const pathname = url.startsWith("http") ? new URL(url).pathname : url;
    if (this.consumers.has(pathname)) return this.consumers.get(pathname)!;
    const file = path.join(this.dist, `${pathname}.map`);
    const consumer = this.SourceMapConsumer && fs.existsSync(file) ? new this.SourceMapConsumer(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
    this.consumers.set(pathname, consumer);
    return consumer;
  }
}

/** `../../node_modules/.pnpm/x/node_modules/prosemirror-view/dist/index.js` → `prosemirror-view`; sources of the app stay paths. */
function moduleOf(source: string): { file: string; module: string } {
  const file = source.replace(/^(\.\.\/)+/, "").replace(/^\/?work\/[^/]+\//, "");
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (packaged) return { file: `${packaged[1]}/${packaged[2]}`, module: packaged[1]! };
  return { file, module: file };
}

function placeOf(frame: CpuProfile["nodes"][number]["callFrame"], maps: BundleMaps): Omit<SelfTime, "ms"> {
  const name = frame.functionName || "(anonymous)";
  if (!frame.url) {
    const category = /^\(.*\)$/.test(name) ? name : `(native) ${name}`;
    return { where: category, module: /^\(.*\)$/.test(name) ? name : "(V8 built-ins)", code: "" };
  }
  if (!/\/assets\//.test(frame.url)) return { where: `${frame.url}:${frame.lineNumber + 1}`, module: frame.url, code: name };
  const consumer = maps.consumer(frame.url);
  const original = consumer?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!consumer || !original?.source || original.line === null) {
    return { where: `${new URL(frame.url).pathname}:${frame.lineNumber + 1}:${frame.columnNumber}`, module: new URL(frame.url).pathname, code: name };
  }
  const { file, module } = moduleOf(original.source);
  const line = consumer.sourceContentFor(original.source, true)?.split("\n")[original.line - 1] ?? "";
  const code = line.slice(original.column ?? 0).trim().slice(0, 60) || line.trim().slice(0, 60);
  return { where: `${file}:${original.line}`, module, code };
}

/** Self time per place in the code; `(idle)` and `(program)` (outside JavaScript) are left out. */
export function selfTimes(profile: CpuProfile, maps: BundleMaps): SelfTime[] {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byNode = new Map<number, number>();
  for (let i = 0; i < samples.length; i++) {
    // A sample lasts until the next one (DevTools' convention).
    const duration = i + 1 < deltas.length ? deltas[i + 1]! : 0;
    byNode.set(samples[i]!, (byNode.get(samples[i]!) ?? 0) + duration / 1000);
  }
  const places = new Map<string, SelfTime>();
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id);
    if (!ms) continue;
    const place = placeOf(node.callFrame, maps);
    if (place.where === "(idle)" || place.where === "(program)") continue;
    const key = `${place.where}\u0000${place.code}`;
    const existing = places.get(key);
    if (existing) existing.ms += ms;
    else places.set(key, { ...place, ms });
  }
  return [...places.values()].sort((a, b) => b.ms - a.ms);
}

/** Self times summed by module (a package, a client file, the garbage collector). */
export function byModule(times: SelfTime[]): { module: string; ms: number }[] {
  const modules = new Map<string, number>();
  for (const time of times) modules.set(time.module, (modules.get(time.module) ?? 0) + time.ms);
  return [...modules.entries()].map(([module, ms]) => ({ module, ms })).sort((a, b) => b.ms - a.ms);
}
