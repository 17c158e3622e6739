import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../api-client";
import { TEST_DATABASE_URL } from "../db";
import { freePort, killAllServers, sleep, startServerProcess, temporaryDirectory, waitFor, type ChildServer } from "./child-server";

/**
 * PostgreSQL goes away under a running server and comes back: requests get a
 * 503 `database_unavailable` in Spanish meanwhile, nothing crashes, and the
 * server recovers by itself. The cluster is this file's own; the shared server
 * other tests use is never touched.
 */

const POSTGRES_BIN = "/usr/lib/postgresql/15/bin";
const haveBinaries = fs.existsSync(path.join(POSTGRES_BIN, "initdb")) && fs.existsSync(path.join(POSTGRES_BIN, "pg_ctl"));

if (!TEST_DATABASE_URL) {
  console.warn("\n⚠️  database-gone: se OMITE (solo con TEST_DATABASE_URL: prueba la caída de un servidor PostgreSQL propio).\n");
} else if (!haveBinaries && process.env.CI !== "true") {
  console.warn(`\n⚠️  database-gone: se OMITE, no están initdb/pg_ctl en ${POSTGRES_BIN}.\n`);
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root). */
function postgresTool(tool: string, args: string[]): string {
  const command = path.join(POSTGRES_BIN, tool);
  const result = process.getuid?.() === 0
    ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8", timeout: 60_000 })
    : spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} → ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe.skipIf(!TEST_DATABASE_URL || (!haveBinaries && process.env.CI !== "true"))("PostgreSQL stops and starts under a running server", () => {
  let clusterDir: string;
  let dataDir: string;
  let port: number;
  let server: ChildServer;

  const startPostgres = () => postgresTool("pg_ctl", ["-D", dataDir, "-o", `-p ${port} -k ${clusterDir} -c listen_addresses=127.0.0.1`, "-l", path.join(clusterDir, "log"), "-w", "-t", "60", "start"]);
  const stopPostgres = (mode = "fast") => postgresTool("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);

  beforeAll(async () => {
    if (!haveBinaries) throw new Error(`initdb/pg_ctl no están en ${POSTGRES_BIN}: esta prueba no puede correr en CI.`);
    clusterDir = temporaryDirectory("pg-gone");
    dataDir = path.join(clusterDir, "data");
    if (process.getuid?.() === 0) spawnSync("chown", ["-R", "postgres:postgres", clusterDir]);
    postgresTool("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
    port = await freePort();
    startPostgres();
    server = await startServerProcess({ port: await freePort(), databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres` });
  }, 180_000);

  afterAll(async () => {
    await killAllServers();
    if (dataDir && fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
      try {
        stopPostgres("immediate");
      } catch (error) {
        console.error(error);
      }
    }
    if (clusterDir) fs.rmSync(clusterDir, { recursive: true, force: true });
  });

  it("answers 503 database_unavailable while PostgreSQL is down and recovers without a restart", { timeout: 120_000 }, async () => {
    const admin = await new ApiClient(server.url).signIn("admin@redacta.local");
    expect((await admin.get("/health")).status).toBe(200);

    stopPostgres();
    const down: { path: string; status: number; code: string }[] = [];
    const expectUnavailable = async (label: string, call: () => Promise<{ status: number; body: any; headers: Headers }>) => {
      const response = await call();
      expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.body.error.code).toBe("database_unavailable");
      expect(response.body.error.message).toMatch(/base de datos/i);
      down.push({ path: label, status: response.status, code: response.body.error.code });
    };
    for (let round = 0; round < 3; round++) {
      await expectUnavailable("GET /api/health", () => admin.get("/health"));
      await expectUnavailable("GET /api/bulletins (signed in)", () => admin.get("/bulletins"));
      await expectUnavailable("POST /api/bulletins (signed in)", () => admin.post("/bulletins", { templateId: "general" }));
      await expectUnavailable("POST /api/session", () => new ApiClient(server.url).post("/session", { email: "autora@redacta.local", password: "redacta-demo" }));
      await sleep(300);
    }
    expect(server.process.exitCode).toBeNull();

    startPostgres();
    const startedAt = Date.now();
    await waitFor(async () => (await fetch(`${server.url}/api/health`)).status === 200, 60_000, "/api/health 200 tras volver PostgreSQL");
    const recoveredMs = Date.now() - startedAt;
    expect((await admin.get("/session")).status).toBe(200);
    const author = await new ApiClient(server.url).signIn("autora@redacta.local");
    expect((await author.post("/bulletins", { templateId: "general" })).status).toBe(201);
    expect(server.process.exitCode).toBeNull();
    console.log(
      `database-gone: ${down.length} requests while PostgreSQL was down, all 503 database_unavailable ` +
        `(${[...new Set(down.map((entry) => entry.path))].join(", ")}); recovered ${recoveredMs} ms after it came back, same process, sessions kept`,
    );
  });
});
