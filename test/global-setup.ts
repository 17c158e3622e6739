import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../server/db/client";
import { seedDatabase } from "../server/db/seed";

/**
 * Migrates (and seeds) one database per kind once, so each test file starts from
 * a clone instead of paying initdb and migrations again (PGlite: ~0.5 s vs ~4 s).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-test-"));
  const pglite = await openDatabase();
  await migrateDatabase(pglite);
  const emptyPath = path.join(folder, "empty.tar");
  fs.writeFileSync(emptyPath, Buffer.from(await (await pglite.pglite!.dumpDataDir("none")).arrayBuffer()));
  await seedDatabase(pglite.db);
  const seededPath = path.join(folder, "seeded.tar");
  fs.writeFileSync(seededPath, Buffer.from(await (await pglite.pglite!.dumpDataDir("none")).arrayBuffer()));
  await pglite.close();
  project.provide("pgliteEmpty", emptyPath);
  project.provide("pgliteSeeded", seededPath);

  const url = process.env.TEST_DATABASE_URL;
  let templates: { empty: string; seeded: string; prefix: string } | null = null;
  if (url) {
    // Named after this run's process, so two runs on one server (developers side by side) never drop each other's.
    templates = { empty: `redacta_tpl_${process.pid}_empty`, seeded: `redacta_tpl_${process.pid}_seeded`, prefix: `redacta_t_${process.pid}_` };
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Clones left by an interrupted earlier run: those whose run's process is gone.
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'redacta\\_t\\_%' OR datname LIKE 'redacta\\_tpl\\_%'");
      for (const { datname } of rows) {
        const pid = Number(/^redacta_tp?l?_(\d+)_/.exec(datname)?.[1]);
        if (pid && processAlive(pid)) continue;
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
      for (const name of [templates.empty, templates.seeded]) {
        await admin.query(`CREATE DATABASE ${name}`);
        const parsed = new URL(url);
        parsed.pathname = `/${name}`;
        const handle = await openDatabase({ url: parsed.toString(), poolSize: 2 });
        await migrateDatabase(handle);
        if (name === templates.seeded) await seedDatabase(handle.db);
        await handle.close();
      }
    } finally {
      await admin.end();
    }
  }
  project.provide("postgresTemplates", templates);

  return async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    if (url && templates) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      for (const name of [templates.empty, templates.seeded]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
