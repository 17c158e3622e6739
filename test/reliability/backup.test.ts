import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../run-cli";
import { writeBackup } from "../../server/backup/backup";
import { BACKUP_TABLES } from "../../server/backup/format";
import { RestoreError, restoreBackup, UNUSABLE_PASSWORD_HASH } from "../../server/backup/restore";
import { addComment } from "../../server/commands/commentOnBulletin";
import { createBulletin } from "../../server/commands/createBulletin";
import { saveBulletin } from "../../server/commands/saveBulletin";
import { signIn } from "../../server/commands/signIn";
import { transitionBulletin } from "../../server/commands/transitionBulletin";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../../server/db/client";
import { DEMO_PASSWORD } from "../../server/db/seed";
import { bulletins, users } from "../../server/db/schema";
import { loadGlossary } from "../../server/templates/load";
import type { Bulletin } from "../../shared/bulletin/schema";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { seededDataDir, temporaryDirectory } from "./child-server";

/** An archive written by `backup` and read by `restore` gives back the same data, row for row. */

async function rowsOf(db: Database, table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<{ row: Record<string, unknown> }>(db, sql.raw(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY ${orderBy}`));
  return rows.map(({ row }) => row);
}

/** Every archived table of `restored` equals `original`'s, row for row (`adjust` rewrites the expected rows). */
async function expectSameData(original: Database, restored: Database, options: { withSecrets: boolean }): Promise<number> {
  let compared = 0;
  for (const table of BACKUP_TABLES) {
    if (table.secret && !options.withSecrets) continue;
    let expected = await rowsOf(original, table.name, table.orderBy);
    if (table.name === "users" && !options.withSecrets) expected = expected.map((row) => ({ ...row, password_hash: UNUSABLE_PASSWORD_HASH }));
    const actual = await rowsOf(restored, table.name, table.orderBy);
    expect(actual, `tabla ${table.name}`).toEqual(expected);
    compared += actual.length;
  }
  return compared;
}


describe("backup and restore", () => {
  let source: TestDatabase;
  const opened: TestDatabase[] = [];
  let folder: string;
  const figures: string[] = [];

  const emptyDatabase = async () => {
    const database = await createTestDatabase({ seeded: false, poolSize: 2 });
    opened.push(database);
    return database;
  };

  beforeAll(async () => {
    folder = temporaryDirectory("backup");
    source = await createTestDatabase({ poolSize: 2 });
    // A whole workflow: draft, review with comments, changes, approval with a number; every step leaves events.
    const db = source.handle.db;
    const [author] = await db.select().from(users).where(eq(users.email, "autora@redacta.local"));
    const [reviewer] = await db.select().from(users).where(eq(users.email, "revisor@redacta.local"));
    const glossary = loadGlossary();
    const draft = await createBulletin(db, author!, { templateId: "general" });
    const content: Bulletin = {
      ...draft.content,
      title: "Respaldo y restauración: el archivo completo vuelve igual",
      highlights: ["Se respalda cada tabla", "Se restaura fila por fila"],
      body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Texto con " }, { type: "text", text: "negritas", marks: [{ type: "bold" }] }, { type: "text", text: " y acentos: información." }] }] },
    };
    let row = await saveBulletin(db, author!, draft.id, draft.version, content);
    await transitionBulletin(db, author!, draft.id, "submit", { glossary });
    await addComment(db, reviewer!, draft.id, { body: "Revisa el segundo destacado.", quote: "fila por fila" });
    await transitionBulletin(db, reviewer!, draft.id, "request_changes", { comment: "Falta precisar el segundo destacado.", glossary });
    row = await saveBulletin(db, author!, draft.id, row.version, { ...content, highlights: ["Se respalda cada tabla", "Se restaura fila por fila, con sus secuencias"] });
    await transitionBulletin(db, author!, draft.id, "submit", { glossary });
    await addComment(db, reviewer!, draft.id, { body: "Listo para aprobar." });
    const approved = await transitionBulletin(db, reviewer!, draft.id, "approve", { glossary });
    expect(approved.status).toBe("approved");
    expect(approved.numberSeq).toBeGreaterThan(0);
  });

  afterAll(async () => {
    console.log(`backup: ${figures.join("; ")}`);
    for (const database of opened) await database.close();
    await source?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("restores a backup with secrets into an empty database row for row; new rows get new ids; the audit trail stays append-only", async () => {
    const file = path.join(folder, "completo.jsonl");
    await source.handle.db.execute(sql`INSERT INTO settings (key, value) VALUES ('session_secret', 'secreto-del-original') ON CONFLICT (key) DO NOTHING`);
    const written = await writeBackup(source.handle.db, file, { withSecrets: true });
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: "redacta-backup", version: 1, withSecrets: true, counts: written.counts });
    expect(lines.length - 1).toBe(Object.values(written.counts).reduce((sum, count) => sum + count, 0));

    const target = await emptyDatabase();
    // A server that started on the empty database already wrote its own session secret: still "empty", and replaced.
    await target.handle.db.execute(sql`INSERT INTO settings (key, value) VALUES ('session_secret', 'secreto-del-nuevo')`);
    const restored = await restoreBackup(target.handle.db, file);
    expect(restored.counts).toEqual(written.counts);
    expect(restored.usersWithoutPassword).toBe(0);
    const compared = await expectSameData(source.handle.db, target.handle.db, { withSecrets: true });

    // Sequences moved past the restored ids: a new bulletin (with its revision and event) does not collide.
    const [author] = await target.handle.db.select().from(users).where(eq(users.email, "autora@redacta.local"));
    const [{ maxId }] = (await target.handle.db.select({ maxId: sql<number>`max(${bulletins.id})` }).from(bulletins)) as [{ maxId: number }];
    const created = await createBulletin(target.handle.db, author!, { templateId: "general" });
    expect(created.id).toBe(Number(maxId) + 1);
    await addComment(target.handle.db, { ...author!, role: "author" }, created.id, { body: "Comentario nuevo tras restaurar." });
    await expect(target.handle.db.execute(sql`DELETE FROM events`)).rejects.toThrow();
    // The restored users sign in with their own passwords.
    expect((await signIn(target.handle.db, "admin@redacta.local", DEMO_PASSWORD, "127.0.0.1")).role).toBe("admin");
    figures.push(`with secrets: ${lines.length - 1} rows (${Object.entries(written.counts).map(([table, count]) => `${count} ${table}`).join(", ")}), ${compared} compared equal`);
  });

  it("without --with-secrets: no password hash nor settings in the file; restored users must get a new password", async () => {
    const file = path.join(folder, "sin-secretos.jsonl");
    const written = await writeBackup(source.handle.db, file);
    const text = fs.readFileSync(file, "utf8");
    expect(text).not.toContain("password_hash");
    expect(text).not.toContain("$argon2");
    expect(text).not.toContain('"table":"settings"');
    expect(written.counts.settings).toBeUndefined();

    const target = await emptyDatabase();
    const restored = await restoreBackup(target.handle.db, file);
    expect(restored.usersWithoutPassword).toBe(written.counts.users);
    await expectSameData(source.handle.db, target.handle.db, { withSecrets: false });
    await expect(signIn(target.handle.db, "admin@redacta.local", DEMO_PASSWORD, "127.0.0.1")).rejects.toMatchObject({ code: "invalid_credentials" });
    figures.push(`without secrets: ${restored.usersWithoutPassword} users restored without a usable password`);
  });

  it("refuses a database that holds data; --force replaces it; a truncated archive restores nothing", async () => {
    const file = path.join(folder, "completo-2.jsonl");
    await writeBackup(source.handle.db, file, { withSecrets: true });
    const seeded = await createTestDatabase({ poolSize: 2 });
    opened.push(seeded);
    await expect(restoreBackup(seeded.handle.db, file)).rejects.toThrow(RestoreError);
    await expect(restoreBackup(seeded.handle.db, file)).rejects.toThrow(/no está vacía/);
    const forced = await restoreBackup(seeded.handle.db, file, { force: true });
    expect(forced.replaced).toBe(true);
    await expectSameData(source.handle.db, seeded.handle.db, { withSecrets: true });
    await expect(seeded.handle.db.execute(sql`TRUNCATE events`)).rejects.toThrow();

    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    const truncated = path.join(folder, "truncado.jsonl");
    fs.writeFileSync(truncated, `${lines.slice(0, -3).join("\n")}\n${lines.at(-3)!.slice(0, 20)}`);
    const target = await emptyDatabase();
    await expect(restoreBackup(target.handle.db, truncated)).rejects.toThrow(/dañado|incompleto/);
    const [{ count }] = await queryRows<{ count: number }>(target.handle.db, sql`SELECT count(*)::int AS count FROM users`) as [{ count: number }];
    expect(count).toBe(0);
    figures.push("non-empty refused, --force replaced, truncated archive rolled back");
  });

  it("works end to end from the command line", { timeout: 240_000 }, async () => {
    const file = path.join(folder, "cli.jsonl");
    // `from` is backed up and then replaced with --force, `to` starts empty, `full` (PostgreSQL runs) holds data.
    type Place = { env: Record<string, string>; open(): Promise<DatabaseHandle>; done(): Promise<void> };
    let places: Place[];
    if (TEST_DATABASE_URL) {
      const databases = [await createTestDatabase({ poolSize: 2 }), await emptyDatabase(), await createTestDatabase({ poolSize: 2 })];
      opened.push(databases[0]!, databases[2]!);
      places = databases.map((database): Place => ({ env: { DATABASE_URL: database.url! }, open: async () => database.handle, done: async () => {} }));
    } else {
      const pglite = (dataDir: string): Place => {
        let handle: Promise<DatabaseHandle> | null = null;
        return {
          env: { DATA_DIR: dataDir },
          open: () => (handle ??= openDatabase({ dataDir: path.join(dataDir, "pglite") })),
          done: async () => {
            if (handle) await (await handle).close();
            fs.rmSync(dataDir, { recursive: true, force: true });
          },
        };
      };
      places = [pglite(seededDataDir("backup-from")), pglite(temporaryDirectory("backup-to"))];
    }
    const [from, to, full] = places as [Place, Place, Place | undefined];
    try {
      const backup = await runCli(["backup", file], { env: from.env });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/Respaldo escrito en .*cli\.jsonl/);
      expect(backup.stdout).toMatch(/Sin contraseñas ni secretos/);

      // At once: into the empty database; --force over the original; and (PostgreSQL runs, where a
      // process is cheap) refused on one that holds data; the PGlite runs check the refusal in-process above.
      const [restore, forced, refused] = await Promise.all([
        runCli(["restore", file], { env: to.env }),
        runCli(["restore", file, "--force"], { env: from.env }),
        ...(full ? [runCli(["restore", file], { env: full.env })] : []),
      ]);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toMatch(/^Restaurado desde/);
      expect(restore.stdout).toMatch(/no pueden entrar hasta que un administrador les asigne una nueva/);
      if (refused) {
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/no está vacía.*--force/);
      }
      expect(forced!.code, forced!.stderr).toBe(0);
      expect(forced!.stdout).toMatch(/Se reemplazó el contenido/);

      // The restored copy and the original replaced by --force both hold the archive, row for row.
      const compared = await expectSameData((await from.open()).db, (await to.open()).db, { withSecrets: false });
      const [{ count }] = (await queryRows<{ count: number }>((await to.open()).db, sql`SELECT count(*)::int AS count FROM users WHERE password_hash = ${UNUSABLE_PASSWORD_HASH}`)) as [{ count: number }];
      expect(count).toBeGreaterThan(0);
      figures.push(`CLI on ${TEST_DATABASE_URL ? "PostgreSQL" : "PGlite DATA_DIR"}: backup, restore into an empty database, ${refused ? `restore refused on a full one (exit ${refused.code}), ` : ""}--force restore; ${compared} rows equal`);
    } finally {
      for (const place of places) await place.done();
    }
  });

  it("an admin locked out by a restore without secrets gets back in with `set-password`", { timeout: 240_000 }, async () => {
    const file = path.join(folder, "sin-secretos.jsonl");
    await writeBackup(source.handle.db, file, { withSecrets: false });
    const newPassword = "otra-clave-larga-2026";
    let env: Record<string, string>;
    let open: () => Promise<DatabaseHandle>;
    let cleanup: () => Promise<void>;
    if (TEST_DATABASE_URL) {
      const database = await emptyDatabase();
      env = { DATABASE_URL: database.url! };
      open = async () => database.handle;
      cleanup = async () => {};
    } else {
      const dataDir = temporaryDirectory("set-password");
      let handle: DatabaseHandle | null = null;
      env = { DATA_DIR: dataDir };
      open = async () => (handle ??= await openDatabase({ dataDir: path.join(dataDir, "pglite") }));
      cleanup = async () => {
        await handle?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      };
    }
    try {
      const restore = await runCli(["restore", file], { env });
      expect(restore.code, restore.stderr).toBe(0);
      const tooShort = await runCli(["set-password", "admin@redacta.local"], { env: { ...env, REDACTA_PASSWORD: "corta" } });
      expect(tooShort.code).toBe(1);
      const changed = await runCli(["set-password", "admin@redacta.local"], { env: { ...env, REDACTA_PASSWORD: newPassword } });
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).toMatch(/Contraseña de admin@redacta\.local cambiada/);
      const { db } = await open();
      await expect(signIn(db, "admin@redacta.local", DEMO_PASSWORD, "prueba")).rejects.toThrow();
      const admin = await signIn(db, "admin@redacta.local", newPassword, "prueba");
      expect(admin.role).toBe("admin");
      figures.push("set-password: the admin of a restore without secrets signs in again");
    } finally {
      await cleanup();
    }
  });
});
