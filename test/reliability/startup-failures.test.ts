import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, withDatabase } from "../db";
import { freePort, killAllServers, ROOT, seededDataDir, spawnServer, type ChildOptions } from "./child-server";

/**
 * A database that cannot be opened ends `npm start` and the CLI with one clear
 * Spanish sentence saying what is wrong and what to do, exit code 1, and no
 * stack trace (JavaScript or WASM).
 */

const directories: string[] = [];

afterAll(async () => {
  await killAllServers();
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  output: string;
}

/** `npm start` until it exits; one that starts after all is killed after a minute (and fails the test). */
async function npmStart(options: Omit<ChildOptions, "port">): Promise<Outcome> {
  const server = spawnServer({ port: await freePort(), ...options });
  const timer = setTimeout(() => server.kill("SIGKILL"), 60_000);
  const exit = await server.exited;
  clearTimeout(timer);
  return { code: exit.code, output: server.output() };
}

function cli(args: string[], env: Record<string, string>): Outcome {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectClearFailure(outcome: Outcome, message: RegExp): void {
  expect(outcome.code, outcome.output).toBe(1);
  expect(outcome.output).toMatch(message);
  expect(outcome.output).not.toMatch(/^\s+at\s/m);
  expect(outcome.output).not.toMatch(/wasm:\/\/|RuntimeError|Aborted\(|\.js:\d+:\d+|Failed query/);
}

/** A seeded DATA_DIR with `damage` done to its PGlite files. */
function damagedDataDir(name: string, damage: (pgliteDir: string) => void): string {
  const dataDir = seededDataDir(name);
  directories.push(dataDir);
  damage(path.join(dataDir, "pglite"));
  return dataDir;
}

/** The largest relation file of the `postgres` database Redacta uses (OID 5): a system catalog every start reads. */
function largestRelationFile(pgliteDir: string): string {
  const folder = path.join(pgliteDir, "base", "5");
  const files = fs.readdirSync(folder).filter((name) => /^\d+$/.test(name)).map((name) => path.join(folder, name));
  return files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
}

const DAMAGED = /La base de datos embebida en .* está dañada[\s\S]*npm run --silent cli -- restore ARCHIVO\.jsonl/;

describe.skipIf(Boolean(TEST_DATABASE_URL))("a damaged PGlite data directory", () => {
  const damages: [string, (pgliteDir: string) => void][] = [
    ["pg_control truncated to nothing", (dir) => fs.truncateSync(path.join(dir, "global", "pg_control"), 0)],
    ["a system catalog overwritten with garbage", (dir) => {
      const file = largestRelationFile(dir);
      fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0xab));
    }],
    ["PG_VERSION gone (PGlite would lay a new empty database over the archive)", (dir) => fs.rmSync(path.join(dir, "PG_VERSION"))],
    ["the WAL cut short", (dir) => {
      for (const file of fs.readdirSync(path.join(dir, "pg_wal")).filter((name) => /^[0-9A-F]{24}$/.test(name))) fs.truncateSync(path.join(dir, "pg_wal", file), 100);
    }],
  ];

  for (const [label, damage] of damages) {
    it(`${label}: npm start says so in Spanish and how to restore a backup`, { timeout: 120_000 }, async () => {
      const dataDir = damagedDataDir("damaged", damage);
      const outcome = await npmStart({ dataDir });
      expectClearFailure(outcome, DAMAGED);
      expect(outcome.output).toContain(path.join(dataDir, "pglite"));
      console.log(`startup-failures: ${label} → ${outcome.output.trim().replace(dataDir, "DATA_DIR").slice(0, 160)}…`);
    });
  }

  it("the CLI says the same (backup, restore)", { timeout: 120_000 }, async () => {
    const dataDir = damagedDataDir("damaged-cli", (dir) => fs.truncateSync(path.join(dir, "global", "pg_control"), 0));
    expectClearFailure(cli(["backup", path.join(dataDir, "respaldo.jsonl")], { DATA_DIR: dataDir }), DAMAGED);
    const other = damagedDataDir("damaged-cli-2", (dir) => fs.rmSync(path.join(dir, "PG_VERSION")));
    expectClearFailure(cli(["restore", path.join(ROOT, "package.json")], { DATA_DIR: other }), DAMAGED);
  });
});

describe.skipIf(!TEST_DATABASE_URL)("DATABASE_URL naming what the server does not have", () => {
  it("a database that does not exist", { timeout: 120_000 }, async () => {
    const url = withDatabase(TEST_DATABASE_URL!, "redacta_no_existe");
    const message = /La base de datos «redacta_no_existe» no existe en el servidor de DATABASE_URL[\s\S]*createdb redacta_no_existe/;
    const outcome = await npmStart({ databaseUrl: url });
    expectClearFailure(outcome, message);
    expectClearFailure(cli(["backup", "/dev/null"], { DATABASE_URL: url }), message);
    console.log(`startup-failures: missing database → ${outcome.output.trim()}`);
  });

  it("a role that does not exist", { timeout: 120_000 }, async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.username = "rol_inexistente";
    const message = /PostgreSQL no admite al usuario «rol_inexistente» de DATABASE_URL/;
    const outcome = await npmStart({ databaseUrl: url.toString() });
    expectClearFailure(outcome, message);
    expectClearFailure(cli(["backup", "/dev/null"], { DATABASE_URL: url.toString() }), message);
    console.log(`startup-failures: missing role → ${outcome.output.trim()}`);
  });
});
