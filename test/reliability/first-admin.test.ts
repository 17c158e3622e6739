import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { runCli as runCliProcess } from "../run-cli";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "../../server/db/client";
import { DEMO_PASSWORD } from "../../server/db/seed";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { ROOT, freePort, killAllServers, seededDataDir, spawnServer, startServerProcess, temporaryDirectory, waitFor, type ChildServer } from "./child-server";

/**
 * A production install never opens with the demo accounts and their published
 * password, and an office can never be left without an admin: the first admin
 * comes from ADMIN_EMAIL/ADMIN_PASSWORD or `cli create-admin`, and `cli grant-admin`
 * is the way back. Real processes, as `npm start` and `npm run cli` run them.
 */

interface Place {
  /** Environment for a child (DATABASE_URL or DATA_DIR). */
  env: Record<string, string>;
  /** Runs SQL against it (with no server holding PGlite's files). */
  query<T>(text: string): Promise<T[]>;
}

const opened: TestDatabase[] = [];

/** A database with nothing in it yet but the schema (a new install); `seeded`: the demo database instead. */
async function newPlace(kind: "empty" | "seeded"): Promise<Place> {
  if (TEST_DATABASE_URL) {
    const database = await createTestDatabase({ seeded: kind === "seeded", poolSize: 2 });
    opened.push(database);
    return { env: { DATABASE_URL: database.url! }, query: (text) => queryRows(database.handle.db, sql.raw(text)) };
  }
  let dataDir: string;
  if (kind === "seeded") dataDir = seededDataDir("first-admin");
  else {
    dataDir = temporaryDirectory("first-admin");
    fs.mkdirSync(path.join(dataDir, "pglite"));
    const result = spawnSync("tar", ["-xf", inject("pgliteEmpty"), "-C", path.join(dataDir, "pglite")], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`tar: ${result.stderr}`);
  }
  return {
    env: { DATA_DIR: dataDir },
    async query<T>(text: string) {
      const handle: DatabaseHandle = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
      try {
        return await queryRows<T>(handle.db, sql.raw(text));
      } finally {
        await handle.close();
      }
    },
  };
}


function runCli(place: Place, args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  return runCliProcess(args, { env: { ...place.env, ...(options.env ?? {}) }, stdin: options.stdin });
}

async function startProduction(place: Place, env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  const options = { port, env: { NODE_ENV: "production", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", ...env } };
  return place.env.DATABASE_URL ? startServerProcess({ ...options, databaseUrl: place.env.DATABASE_URL }) : startServerProcess({ ...options, dataDir: place.env.DATA_DIR });
}

async function stop(server: ChildServer): Promise<void> {
  server.kill("SIGTERM");
  await server.exited;
}

async function signIn(server: ChildServer, email: string, password: string): Promise<number> {
  const response = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ email, password }),
  });
  await response.text();
  return response.status;
}

const setup = async (server: ChildServer) => (await (await fetch(`${server.url}/api/setup`)).json()) as { accountsExist: boolean };

afterEach(async () => {
  await killAllServers();
});

afterAll(async () => {
  for (const database of opened) await database.close();
});

describe("first admin in production", { timeout: 240_000 }, () => {
  it("a production start on an empty database creates no demo account, says how to create the first admin, and the CLI creates it", async () => {
    const place = await newPlace("empty");
    const server = await startProduction(place);
    // The notice follows `Redacta escucha en …`, after a query: the server may answer before it is printed.
    await waitFor(() => server.output().includes("Aún no existe ninguna cuenta"), 15_000, "el aviso de que no hay cuentas");
    expect(server.output()).toContain("Aún no existe ninguna cuenta");
    expect(server.output()).toContain("npm run --silent cli -- create-admin");
    expect(server.output()).not.toContain(DEMO_PASSWORD);
    expect(await setup(server)).toEqual({ accountsExist: false });
    expect(await signIn(server, "admin@redacta.local", DEMO_PASSWORD)).toBe(401);
    await stop(server);

    const [counts] = await place.query<{ users: number; templates: number; bulletins: number; profile: number }>(
      "SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM templates) AS templates, (SELECT count(*)::int FROM bulletins) AS bulletins, (SELECT count(*)::int FROM organization) AS profile",
    );
    // Templates and the profile are the office's starting point; the example bulletins are demo data (another institution's numbers).
    expect(counts).toEqual({ users: 0, templates: expect.any(Number), bulletins: 0, profile: 1 });
    expect(counts!.templates).toBeGreaterThan(0);

    const tooShort = await runCli(place, ["create-admin", "jefa@comunicacion.gob.mx"], { stdin: "corta\n", env: { REDACTA_PASSWORD: "" } });
    expect(tooShort.code).toBe(1);
    expect(tooShort.stderr).toMatch(/10 caracteres o más/);
    const invisible = await runCli(place, ["create-admin", "jefa@comunicacion.gob.mx", "--name", "\u200B"], { stdin: "una-clave-larga-de-verdad\n", env: { REDACTA_PASSWORD: "" } });
    expect(invisible.code).toBe(1);
    expect(invisible.stderr).toMatch(/--name.*Escribe el nombre/);
    const created = await runCli(place, ["create-admin", "Jefa@Comunicacion.gob.mx", "--name", "Jefa de Prensa"], { stdin: "una-clave-larga-de-verdad\n", env: { REDACTA_PASSWORD: "" } });
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/jefa@comunicacion\.gob\.mx creada/);
    expect((await runCli(place, ["create-admin", "jefa@comunicacion.gob.mx"], { stdin: "otra-clave-larga\n" })).stderr).toMatch(/Ya existe una cuenta/);

    const again = await startProduction(place);
    expect(again.output()).not.toContain("Aún no existe ninguna cuenta");
    expect(await setup(again)).toEqual({ accountsExist: true });
    expect(await signIn(again, "jefa@comunicacion.gob.mx", "una-clave-larga-de-verdad")).toBe(200);
    expect(await signIn(again, "admin@redacta.local", DEMO_PASSWORD)).toBe(401);
    await stop(again);
    const [{ users } = { users: 0 }] = await place.query<{ users: number }>("SELECT count(*)::int AS users FROM users WHERE role = 'admin'");
    expect(users).toBe(1);
  });

  it("ADMIN_EMAIL and ADMIN_PASSWORD create the first admin on the first start; a short password stops the start in Spanish", async () => {
    const place = await newPlace("empty");
    const refused = spawnServer({ port: await freePort(), ...(place.env.DATABASE_URL ? { databaseUrl: place.env.DATABASE_URL } : { dataDir: place.env.DATA_DIR }), env: { NODE_ENV: "production", ADMIN_EMAIL: "jefa@comunicacion.gob.mx", ADMIN_PASSWORD: "corta" } });
    const exit = await refused.exited;
    expect(exit.code).toBe(1);
    expect(refused.output()).toContain("ADMIN_PASSWORD debe tener al menos 10 caracteres.");
    expect(refused.output()).not.toMatch(/at .*\.ts:\d+/);

    const server = await startProduction(place, { ADMIN_EMAIL: "jefa@comunicacion.gob.mx", ADMIN_PASSWORD: "una-clave-larga-de-verdad" });
    await waitFor(() => server.output().includes("Cuenta de administración inicial"), 15_000, "el aviso de la cuenta inicial");
    expect(server.output()).toContain("Cuenta de administración inicial: jefa@comunicacion.gob.mx");
    expect(await signIn(server, "jefa@comunicacion.gob.mx", "una-clave-larga-de-verdad")).toBe(200);
    expect(await signIn(server, "admin@redacta.local", DEMO_PASSWORD)).toBe(401);
    await stop(server);
  });
});

describe("the way back when no admin is left", { timeout: 240_000 }, () => {
  it("cli import explains instead of crashing, and cli grant-admin gives the role back", async () => {
    const place = await newPlace("seeded");
    // As the office was found: its only admin demoted (straight in the database, as the API now refuses it).
    await place.query("UPDATE users SET role = 'reviewer' WHERE role = 'admin'");
    const seed = path.join(ROOT, "seeds", fs.readdirSync(path.join(ROOT, "seeds")).find((name) => name.endsWith(".txt"))!);
    const copy = path.join(temporaryDirectory("first-admin-import"), "boletin-nuevo.txt");
    fs.writeFileSync(copy, `${fs.readFileSync(seed, "utf8")}\n`);

    const crashed = await runCli(place, ["import", copy]);
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).toMatch(/No hay ninguna cuenta de administración activa/);
    expect(crashed.stderr).toMatch(/grant-admin/);
    expect(crashed.stderr).not.toMatch(/TypeError|Cannot read properties/);

    const unknown = await runCli(place, ["grant-admin", "nadie@redacta.local"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No existe un usuario con el correo nadie@redacta\.local/);
    const granted = await runCli(place, ["grant-admin", "admin@redacta.local"]);
    expect(granted.stderr).toBe("");
    expect(granted.stdout).toMatch(/admin@redacta\.local tiene ahora el rol de administración \(antes: reviewer\)/);

    const imported = await runCli(place, ["import", copy]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^importado( con avisos)? +1$/m);
    const trail = await place.query<{ action: string; detail: { via?: string; role?: string } }>("SELECT action, detail FROM events WHERE bulletin_id IS NULL ORDER BY id DESC LIMIT 1");
    expect(trail[0]).toMatchObject({ action: "update_user", detail: { via: "cli", role: "admin" } });
  });
});

describe("the command line never creates the demo accounts", { timeout: 240_000 }, () => {
  it("an import into a new database, NODE_ENV unset, makes no demo account; an office's first start then does as it is told", async () => {
    const place = await newPlace("empty");
    const seeds = path.join(ROOT, "seeds");
    const run = await runCli(place, ["import", seeds], { env: { NODE_ENV: "", ADMIN_EMAIL: "", ADMIN_PASSWORD: "" } });
    // No account to file the archive under: it says how to make one, and nothing was created.
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(/create-admin|administra/i);
    expect(await place.query("SELECT email FROM users")).toEqual([]);

    // A local (non-production) start on it then gets the demo accounts it promises, and no example
    // bulletin is added to an archive that is not empty.
    const port = await freePort();
    const server = place.env.DATABASE_URL
      ? await startServerProcess({ port, databaseUrl: place.env.DATABASE_URL, env: { NODE_ENV: "" } })
      : await startServerProcess({ port, dataDir: place.env.DATA_DIR, env: { NODE_ENV: "" } });
    try {
      expect(await signIn(server, "admin@redacta.local", DEMO_PASSWORD)).toBe(200);
    } finally {
      await stop(server);
    }
  });
});

