import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type DatabaseHandle } from "../../server/db/client";
import { temporaryDirectory } from "./child-server";

/**
 * An acknowledged save on the embedded database survives a power cut: PGlite
 * runs with fsync on, and a COMMIT returns only after the WAL file it wrote was
 * fsync'ed on the host (the system call itself: see README, "Durability").
 */

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

const originalFsync = fs.fsyncSync.bind(fs);

/** The host files fsync'ed while `work` ran (Linux: resolved through /proc/self/fd); each fsync still happens. */
async function fsyncedFiles(work: () => Promise<unknown>): Promise<string[]> {
  const files: string[] = [];
  const spy = vi.spyOn(fs, "fsyncSync").mockImplementation((descriptor: number) => {
    try {
      files.push(fs.readlinkSync(`/proc/self/fd/${descriptor}`));
    } catch {
      files.push(`fd ${descriptor}`);
    }
    originalFsync(descriptor);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return files;
}

describe.skipIf(process.platform !== "linux")("the embedded database on disk", () => {
  let handle: DatabaseHandle;

  // Two fresh PGlite instances (a few seconds each; much more on a busy machine): not a timed test.
  it("runs with fsync on, syncing the WAL through the host's fsync", { timeout: 120_000 }, async () => {
    const dataDir = path.join(directories[directories.push(temporaryDirectory("durable")) - 1]!, "pglite");
    handle = await openDatabase({ dataDir });
    const settings = await queryRows<{ fsync: string; wal_sync_method: string; synchronous_commit: string }>(
      handle.db,
      sql`SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS wal_sync_method, current_setting('synchronous_commit') AS synchronous_commit`,
    );
    expect(settings[0]).toEqual({ fsync: "on", wal_sync_method: "fsync", synchronous_commit: "on" });
    await handle.db.execute(sql`CREATE TABLE saves (id serial PRIMARY KEY, body text NOT NULL)`);

    const committed = await fsyncedFiles(() => handle.db.execute(sql`INSERT INTO saves (body) VALUES ('guardado confirmado')`));
    expect(committed.some((file) => file.startsWith(path.join(dataDir, "pg_wal")))).toBe(true);
    // A read writes nothing, so it waits for no disk.
    expect(await fsyncedFiles(() => handle.db.execute(sql`SELECT count(*) FROM saves`))).toEqual([]);

    await handle.close();
    handle = await openDatabase({ dataDir });
    expect(await queryRows<{ body: string }>(handle.db, sql`SELECT body FROM saves`)).toEqual([{ body: "guardado confirmado" }]);
    await handle.close();
  });
});
