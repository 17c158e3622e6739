import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../db/client";
import { appliedMigrations, BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, type BackupHeader, type BackupTable } from "./format";

const BATCH = 500;

export interface BackupSummary {
  file: string;
  withSecrets: boolean;
  counts: Record<string, number>;
  bytes: number;
}

function rowsQuery(table: BackupTable, withSecrets: boolean, offset: number) {
  // Without secrets, users leave their password hash behind.
  const row = table.name === "users" && !withSecrets ? sql.raw("to_jsonb(t) - 'password_hash'") : sql.raw("to_jsonb(t)");
  return sql`SELECT ${row} AS row FROM (SELECT * FROM ${sql.raw(table.name)} ORDER BY ${sql.raw(table.orderBy)} LIMIT ${BATCH} OFFSET ${offset}) t`;
}

/**
 * Writes the whole archive to `file` as JSON Lines, from one consistent snapshot
 * (a repeatable-read transaction), through a temporary file renamed at the end
 * so a failed backup never leaves a truncated archive under the final name.
 * Without `withSecrets`, password hashes and settings stay out of it.
 */
export async function writeBackup(db: Database, file: string, options: { withSecrets?: boolean } = {}): Promise<BackupSummary> {
  const withSecrets = options.withSecrets ?? false;
  const tables = BACKUP_TABLES.filter((table) => withSecrets || !table.secret);
  const target = path.resolve(file);
  const temporary = `${target}.${process.pid}.tmp`;
  const descriptor = fs.openSync(temporary, "w", 0o600);
  let bytes = 0;
  let open = true;
  const write = (text: string) => {
    bytes += fs.writeSync(descriptor, text);
  };
  try {
    const counts = await db.transaction(
      async (tx) => {
        const counts: Record<string, number> = {};
        for (const table of tables) {
          const [row] = await queryRows<{ count: number }>(tx, sql`SELECT count(*)::int AS count FROM ${sql.raw(table.name)}`);
          counts[table.name] = Number(row?.count ?? 0);
        }
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          withSecrets,
          migrations: await appliedMigrations(tx),
          counts,
        };
        write(`${JSON.stringify(header)}\n`);
        for (const table of tables) {
          for (let offset = 0; offset < counts[table.name]!; offset += BATCH) {
            const rows = await queryRows<{ row: Record<string, unknown> | string }>(tx, rowsQuery(table, withSecrets, offset));
            // node-postgres and PGlite both parse jsonb; a string would mean a driver that does not.
            write(rows.map(({ row }) => `{"table":${JSON.stringify(table.name)},"row":${typeof row === "string" ? row : JSON.stringify(row)}}\n`).join(""));
          }
        }
        return counts;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    fs.fsyncSync(descriptor);
    fs.closeSync(descriptor);
    open = false;
    fs.renameSync(temporary, target);
    return { file: target, withSecrets, counts, bytes };
  } catch (error) {
    if (open) fs.closeSync(descriptor);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
