import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * PGlite is one process's database. Its DATA_DIR is held by a Unix domain socket
 * that the holder listens on: the kernel closes it the instant the holder dies
 * (kill -9, zombie, crash), so a restart never waits for a PID to disappear and a
 * reused PID never blocks it. A second process that can connect knows the
 * directory is in use; ECONNREFUSED means the socket file is a dead holder's.
 */

const SOCKET_NAME = "redacta.sock";
/** The PID file of earlier versions: a PID proves nothing (zombies, reuse), so it is ignored and removed. */
const LEGACY_LOCK_NAME = "redacta.lock";
/** sun_path holds 108 bytes on Linux, 104 on macOS. */
const MAX_SOCKET_PATH_BYTES = 100;
const PROBE_TIMEOUT_MS = 1_000;

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number | null) {
    super(
      `La base de datos embebida en ${dataDir} ya está en uso por otro proceso${pid ? ` (pid ${pid})` : ""}. ` +
        "Detén ese servidor, usa otro DATA_DIR o configura DATABASE_URL con un servidor PostgreSQL.",
    );
  }
}

/** The socket file that holds a DATA_DIR (tests look at it). */
export function dataDirSocketPath(dataDir: string): string {
  return path.join(dataDir, SOCKET_NAME);
}

/**
 * Takes DATA_DIR for this process, or throws DataDirLockedError when a live
 * process holds it. Returns the release function (idempotent, synchronous).
 */
export async function lockDataDir(dataDir: string): Promise<() => void> {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, LEGACY_LOCK_NAME), { force: true });
  const socketFile = dataDirSocketPath(dataDir);
  const address = socketAddress(dataDir, socketFile);
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      const server = await listen(address.path);
      if (server) {
        let released = false;
        return () => {
          if (released) return;
          released = true;
          // Closing a Unix socket server unlinks its file (libuv), through the short link when there is one.
          server.close();
          address.cleanup();
        };
      }
      const inode = inodeOf(socketFile);
      const probe = await connect(address.path);
      if (probe.alive) throw new DataDirLockedError(dataDir, probe.pid);
      if (inode !== null && process.platform !== "win32") removeDeadSocket(socketFile, inode);
    }
    throw new DataDirLockedError(dataDir, null);
  } catch (error) {
    address.cleanup();
    throw error;
  }
}

interface SocketAddress {
  path: string;
  cleanup(): void;
}

/**
 * Where to listen. A DATA_DIR too deep for sun_path is reached through a private
 * short symlink to it (the socket file itself still lands in DATA_DIR). Windows:
 * a named pipe per directory, which also dies with its holder.
 */
function socketAddress(dataDir: string, socketFile: string): SocketAddress {
  if (process.platform === "win32") {
    const id = createHash("sha256").update(fs.realpathSync(dataDir).toLowerCase()).digest("hex").slice(0, 32);
    return { path: `\\\\?\\pipe\\redacta-${id}`, cleanup: () => {} };
  }
  if (Buffer.byteLength(socketFile) <= MAX_SOCKET_PATH_BYTES) return { path: socketFile, cleanup: () => {} };
  const linkDir = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-"));
  const link = path.join(linkDir, "d");
  fs.symlinkSync(fs.realpathSync(dataDir), link);
  return { path: path.join(link, SOCKET_NAME), cleanup: () => fs.rmSync(linkDir, { recursive: true, force: true }) };
}

/** Listens on the socket path; null when something is already there. */
function listen(socketPath: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on("error", () => {});
      socket.end(`${JSON.stringify({ pid: process.pid })}\n`);
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(null);
      else reject(error);
    });
    server.listen(socketPath, () => {
      // The lock must never keep the process alive by itself.
      server.unref();
      resolve(server);
    });
  });
}

/** Connects to the holder: alive (with its pid when it answers in time) or dead. */
function connect(socketPath: string): Promise<{ alive: true; pid: number | null } | { alive: false }> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let connected = false;
    let answer = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const pid = Number((/"pid":(\d+)/.exec(answer) ?? [])[1]);
      resolve({ alive: true, pid: pid || null });
    };
    // A holder stopped with SIGSTOP accepts (the kernel does) but never answers: still alive.
    const timer = setTimeout(done, PROBE_TIMEOUT_MS);
    socket.on("connect", () => (connected = true));
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
    socket.on("end", done);
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (connected) return done();
      clearTimeout(timer);
      socket.destroy();
      // ECONNREFUSED: nobody listens (the holder died); ENOENT: the file went away meanwhile.
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT" || error.code === "ENOTSOCK") resolve({ alive: false });
      else resolve({ alive: true, pid: null });
    });
  });
}

function inodeOf(file: string): number | null {
  try {
    return fs.lstatSync(file).ino;
  } catch {
    return null;
  }
}

/**
 * Removes the socket file found dead, and only that one: it is first renamed
 * aside, so a live socket another starting process bound in the meantime is
 * recognised by its inode and put back.
 */
function removeDeadSocket(socketFile: string, deadInode: number): void {
  const aside = `${socketFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(socketFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (inodeOf(aside) !== deadInode) {
    try {
      fs.linkSync(aside, socketFile);
    } catch {
      // Someone else holds the path now; the next attempt finds out who.
    }
  }
  fs.rmSync(aside, { force: true });
}
