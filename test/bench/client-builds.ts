import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./util";

/** A production build of the client with source maps, for timing and profiling key presses. */
export interface ClientBuild {
  label: string;
  dist: string;
}

const CACHE = path.join(os.tmpdir(), "redacta-bench-cache");

/** Vite's production build of the client under `root` into `outDir`, with source maps beside the assets. */
async function buildWithMaps(root: string, outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    const { build } = await import("vite");
    await build({
      configFile: path.join(root, "client", "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, sourcemap: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** The client as committed at `revision` (a commit, a tag, `HEAD~3`), built once and cached by commit. */
async function baselineBuild(revision: string, log: (line: string) => void): Promise<ClientBuild> {
  const commit = execFileSync("git", ["rev-parse", "--verify", `${revision}^{commit}`], { cwd: ROOT, encoding: "utf8" }).trim();
  const root = path.join(CACHE, `client-${commit}`);
  const dist = path.join(root, "dist", "bench-client");
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    log(`building the baseline client at ${commit.slice(0, 10)} (git archive into ${root})…`);
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    const archive = execFileSync("git", ["archive", commit, "client", "shared", "templates"], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", root], { input: archive });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
    await buildWithMaps(root, dist);
  }
  return { label: `baseline ${commit.slice(0, 7)}`, dist };
}

/**
 * The builds whose key presses are measured: the working tree's client, and first the
 * one committed at BENCH_CLIENT_BASELINE when it is set, so before and after come from
 * the same run on the same machine load.
 */
export async function benchBuilds(log: (line: string) => void): Promise<ClientBuild[]> {
  const builds: ClientBuild[] = [];
  const baseline = process.env.BENCH_CLIENT_BASELINE;
  if (baseline) builds.push(await baselineBuild(baseline, log));
  const dist = path.join(CACHE, "client-working-tree");
  log("building the working tree's client with source maps (for the key-press profile)…");
  await buildWithMaps(ROOT, dist);
  builds.push({ label: "working tree", dist });
  return builds;
}
