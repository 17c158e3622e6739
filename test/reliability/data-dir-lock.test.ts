import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, dataDirSocketPath, lockDataDir } from "../../server/db/data-dir-lock";
import { TEST_DATABASE_URL } from "../db";
import { freePort, killAllServers, ROOT, seededDataDir, startServerProcess, temporaryDirectory, waitFor } from "./child-server";

/**
 * The DATA_DIR lock dies with its holder: a server killed with kill -9 is
 * replaced at once on the same directory, even while the dead process is still
 * a zombie or its PID belongs to someone else now; a live holder, even a stopped
 * one, still keeps a second process out with the Spanish message.
 */

const others = new Set<ChildProcess>();
const directories: string[] = [];

function track<T extends string>(directory: T): T {
  directories.push(directory);
  return directory;
}

/** Kills by pid what this file spawned besides servers (holders, sleepers). */
function killOthers(): void {
  for (const child of others) {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, "SIGCONT");
      process.kill(child.pid!, "SIGKILL");
    }
  }
  others.clear();
}

/** `ps` state letter of a process (Z: zombie), or null when it is gone. */
function processState(pid: number): string | null {
  try {
    return /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Starts a process that holds `dataDir` and resolves once it does. */
async function holdDataDir(dataDir: string): Promise<ChildProcess> {
  const holder = spawn(process.execPath, ["--import", "tsx", "test/reliability/hold-data-dir.ts", dataDir], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  others.add(holder);
  let output = "";
  holder.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await waitFor(() => output.includes("held") || holder.exitCode !== null, 60_000, "el proceso que toma DATA_DIR");
  expect(output).toContain("held");
  return holder;
}

afterEach(() => killOthers());

afterAll(async () => {
  killOthers();
  await killAllServers();
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(Boolean(TEST_DATABASE_URL))("the DATA_DIR lock dies with its holder", () => {
  it("a server killed with kill -9 and left a zombie (nobody reaps it) is replaced at once on the same DATA_DIR", { timeout: 180_000 }, async () => {
    const dataDir = track(seededDataDir("zombie"));
    const port = await freePort();
    // sh starts the server in the background and becomes `sleep`, which never reaps it: after kill -9 it stays a zombie.
    const parent = spawn("sh", ["-c", `"$0" --import tsx server/index.ts & echo "pid $!"; exec sleep 600`, process.execPath], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, REDACTA_NO_CLIENT: "1", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    others.add(parent);
    let output = "";
    parent.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    parent.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    await waitFor(() => /pid \d+/.test(output), 10_000, "el pid del servidor");
    const pid = Number(/pid (\d+)/.exec(output)![1]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.status, () => 0)) === 200, 120_000, `el primer servidor\n${output}`);

    process.kill(pid, "SIGKILL");
    await waitFor(() => processState(pid) === "Z", 10_000, "el servidor muerto como zombi");
    expect(fs.existsSync(dataDirSocketPath(dataDir))).toBe(true);
    // No wait: the very next start takes the directory while the old PID still exists (as a zombie).
    const startedAt = Date.now();
    const second = await startServerProcess({ port: await freePort(), dataDir });
    expect(processState(pid)).toBe("Z");
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    console.log(`data-dir-lock: restart over a zombie holder (pid ${pid}) up in ${Date.now() - startedAt} ms`);
  });

  it("a lock file of an earlier version naming a live, unrelated process (a reused PID) does not stop the start", { timeout: 120_000 }, async () => {
    const dataDir = track(seededDataDir("reused-pid"));
    const unrelated = spawn("sleep", ["600"], { stdio: "ignore" });
    others.add(unrelated);
    fs.writeFileSync(path.join(dataDir, "redacta.lock"), String(unrelated.pid));
    const server = await startServerProcess({ port: await freePort(), dataDir });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(processState(unrelated.pid!)).not.toBeNull();
  });

  it("a live holder keeps a second process out with the message and its pid, even stopped with SIGSTOP; once it dies, the directory is free", { timeout: 120_000 }, async () => {
    const dataDir = track(temporaryDirectory("held"));
    const holder = await holdDataDir(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toThrow(new DataDirLockedError(dataDir, holder.pid!).message);

    process.kill(holder.pid!, "SIGSTOP");
    const refused = await lockDataDir(dataDir).then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toMatch(/ya está en uso por otro proceso\. Detén ese servidor/);

    process.kill(holder.pid!, "SIGKILL");
    await new Promise((resolve) => (holder.exitCode !== null || holder.signalCode !== null ? resolve(null) : holder.once("exit", resolve)));
    const release = await lockDataDir(dataDir);
    release();
    expect(fs.existsSync(dataDirSocketPath(dataDir))).toBe(false);
  });

  it("works on a DATA_DIR deeper than a socket address can name", async () => {
    const base = track(temporaryDirectory("deep"));
    const dataDir = path.join(base, "una-carpeta-con-un-nombre-largo".repeat(3), "datos-de-redacta-en-el-servidor");
    expect(Buffer.byteLength(dataDirSocketPath(dataDir))).toBeGreaterThan(108);
    const release = await lockDataDir(dataDir);
    expect(fs.existsSync(dataDirSocketPath(dataDir))).toBe(true);
    await expect(lockDataDir(dataDir)).rejects.toThrow(`(pid ${process.pid})`);
    release();
    expect(fs.existsSync(dataDirSocketPath(dataDir))).toBe(false);
    (await lockDataDir(dataDir))();
  });
});
