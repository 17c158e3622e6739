import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBackup } from "../../server/backup/backup";
import { contentCounts, RestoreError, restoreBackup } from "../../server/backup/restore";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { ROOT, temporaryDirectory } from "./child-server";

/**
 * A backup the database refuses (a broken constraint, a value of the wrong
 * type) stops the restore with one Spanish line naming the table, the line of
 * the file and the constraint, and never prints the row: a backup made with
 * --with-secrets holds password hashes, and bulletins hold unpublished text.
 */

interface Line {
  table: string;
  row: Record<string, unknown>;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
    if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("restore refused by the database", () => {
  let source: TestDatabase;
  let target: TestDatabase | null = null;
  let folder: string;
  let header: string;
  let lines: Line[];
  /** The environment that points the CLI at an empty database. */
  let targetEnv: Record<string, string>;

  /** Writes the backup with `change` applied to its rows; returns the file. */
  function brokenBackup(name: string, change: (rows: Line[]) => void): string {
    const rows = structuredClone(lines);
    change(rows);
    const file = path.join(folder, `${name}.jsonl`);
    fs.writeFileSync(file, [header, ...rows.map((line) => JSON.stringify(line))].join("\n") + "\n");
    return file;
  }

  /** The 1-based line of the file that holds the n-th row of `table`. */
  function lineOf(table: string, n: number): number {
    return lines.findIndex((line, index) => line.table === table && lines.slice(0, index + 1).filter((other) => other.table === table).length === n) + 2;
  }

  beforeAll(async () => {
    folder = temporaryDirectory("restore-errors");
    source = await createTestDatabase({ poolSize: 2 });
    const file = path.join(folder, "respaldo.jsonl");
    await writeBackup(source.handle.db, file, { withSecrets: true });
    const [first, ...rest] = fs.readFileSync(file, "utf8").trim().split("\n");
    header = first!;
    lines = rest.map((line) => JSON.parse(line) as Line);
    if (TEST_DATABASE_URL) {
      target = await createTestDatabase({ seeded: false, poolSize: 2 });
      targetEnv = { DATABASE_URL: target.url! };
    } else {
      targetEnv = { DATA_DIR: path.join(folder, "destino") };
    }
  });

  afterAll(async () => {
    await source?.close();
    await target?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  const secretsOf = (rows: Line[]) => rows.filter((line) => line.table === "users").flatMap((line) => [String(line.row.email), String(line.row.password_hash)]);

  it("a duplicated e-mail: the line, the table and the constraint, no hashes or addresses", { timeout: 120_000 }, async () => {
    const file = brokenBackup("correo-repetido", (rows) => {
      const users = rows.filter((line) => line.table === "users");
      users[1]!.row.email = users[0]!.row.email;
    });
    const { code, output } = await runCli(["restore", file], targetEnv);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `Error: La línea ${lineOf("users", 2)} de ${file} (tabla users) no se pudo restaurar: repite un valor que debe ser único (restricción «users_email_unique»). No se restauró nada.`,
    );
    for (const secret of secretsOf(lines)) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/Failed query|params|argon2|INSERT/);
  });

  it("a revision of a bulletin that is not in the backup, and an id that is not a number", { timeout: 120_000 }, async () => {
    const orphan = brokenBackup("revision-huerfana", (rows) => {
      rows.find((line) => line.table === "revisions")!.row.bulletin_id = 987_654;
    });
    const first = await runCli(["restore", orphan], targetEnv);
    expect(first.code).toBe(1);
    expect(first.output).toMatch(new RegExp(`La línea ${lineOf("revisions", 1)} de .* \\(tabla revisions\\) no se pudo restaurar: hace referencia a una fila que no existe \\(restricción «[a-z_]+»\\)`));
    expect(first.output).not.toMatch(/Failed query|params/);

    const typed = brokenBackup("id-de-texto", (rows) => {
      rows.filter((line) => line.table === "users")[2]!.row.id = "tres";
    });
    const second = await runCli(["restore", typed], targetEnv);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(new RegExp(`La línea ${lineOf("users", 3)} de .* \\(tabla users\\) no se pudo restaurar: tiene un valor con un tipo o un tamaño que la columna no admite`));
    expect(second.output).not.toContain("tres");
    for (const secret of secretsOf(lines)) expect(second.output).not.toContain(secret);
  });

  it("in-process too: a RestoreError, and nothing restored", async () => {
    const database = target ?? (await createTestDatabase({ seeded: false, poolSize: 2 }));
    try {
      const file = brokenBackup("correo-repetido-2", (rows) => {
        const users = rows.filter((line) => line.table === "users");
        users[3]!.row.email = users[0]!.row.email;
      });
      const refused = await restoreBackup(database.handle.db, file).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(RestoreError);
      expect((refused as Error).message).toContain(`La línea ${lineOf("users", 4)} `);
      expect(Object.values(await contentCounts(database.handle.db)).every((count) => count === 0)).toBe(true);
    } finally {
      if (!target) await database.close();
    }
  });
});
