import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

/** Helpers of the reliability tests: the real server as a child process, as `npm start` runs it. */

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const STARTUP_TIMEOUT_MS = 120_000;

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function temporaryDirectory(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `redacta-${prefix}-`));
}

/**
 * A DATA_DIR whose PGlite files are the seeded test template (demo users,
 * templates, example bulletins), so a child server skips initdb and seeding.
 */
export function seededDataDir(prefix: string): string {
  const dataDir = temporaryDirectory(prefix);
  const pgliteDir = path.join(dataDir, "pglite");
  fs.mkdirSync(pgliteDir);
  const result = spawnSync("tar", ["-xf", inject("pgliteSeeded"), "-C", pgliteDir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar: ${result.stderr}`);
  return dataDir;
}

export interface ChildOptions {
  port: number;
  /** PGlite files (DATA_DIR); ignored when databaseUrl is given. */
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<ChildExit>;
  /** stdout + stderr so far. */
  output(): string;
  /** Sends a signal to this process only (by pid). */
  kill(signal: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();

/** Spawns `node --import tsx server/index.ts` without waiting for it. */
export function spawnServer(options: ChildOptions): ChildServer {
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(options.port), REDACTA_NO_CLIENT: "1", ...options.env };
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    delete env.DATA_DIR;
  } else {
    delete env.DATABASE_URL;
    env.DATA_DIR = options.dataDir;
  }
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    process: child,
    exited,
    output: () => output,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    },
  };
}

/** Spawns the server and waits until /api/health answers 200. */
export async function startServerProcess(options: ChildOptions): Promise<ChildServer> {
  const server = spawnServer(options);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exit: ChildExit | null = null;
  void server.exited.then((value) => (exit = value));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`El servidor terminó al arrancar (${JSON.stringify(exit)}):\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  server.kill("SIGKILL");
  throw new Error(`El servidor no arrancó en ${STARTUP_TIMEOUT_MS / 1000} s:\n${server.output()}`);
}

/** Kills (SIGKILL) every child server this file started that is still running. */
export async function killAllServers(): Promise<void> {
  const children = [...running];
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
  }
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)))));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`Se agotó el tiempo esperando: ${what}`);
}

/** True when the error is a refused/reset connection (server down or going down). */
export function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, name } = current as { code?: string; name?: string };
    if (code && ["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"].includes(code)) return true;
    if (name === "TimeoutError" || name === "AbortError") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return /fetch failed|socket hang up|other side closed/i.test(String((error as Error)?.message ?? error));
}
