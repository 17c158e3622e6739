import fs from "node:fs";
import readline from "node:readline";
import { sql } from "drizzle-orm";
import { queryRows, type Database, type Transaction } from "../db/client";
import { appliedMigrations, BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, type BackupHeader, type BackupLine } from "./format";

/**
 * The password hash a user restored from a backup without secrets gets: not an
 * argon2 hash, so no password verifies against it until an admin sets a new one.
 */
export const UNUSABLE_PASSWORD_HASH = "!restaurado-sin-contraseña";

const BATCH_ROWS = 200;
/** Tables whose rows make a database "not empty" (settings and sessions appear as soon as a server starts). */
const CONTENT_TABLES = BACKUP_TABLES.filter((table) => !table.secret).map((table) => table.name);

export class RestoreError extends Error {}

export interface RestoreSummary {
  header: BackupHeader;
  counts: Record<string, number>;
  /** Users restored without a password hash (backup made without --with-secrets). */
  usersWithoutPassword: number;
  replaced: boolean;
}

/** Row counts of the tables that hold content, for "is this database empty?". */
export async function contentCounts(db: Database | Transaction): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CONTENT_TABLES) {
    const [row] = await queryRows<{ count: number }>(db, sql`SELECT count(*)::int AS count FROM ${sql.raw(table)}`);
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}

async function readHeader(lines: AsyncIterator<string>, file: string): Promise<BackupHeader> {
  const first = await lines.next();
  let header: Partial<BackupHeader> | null = null;
  try {
    header = first.done ? null : (JSON.parse(first.value) as Partial<BackupHeader>);
  } catch {
    header = null;
  }
  if (!header || header.format !== BACKUP_FORMAT) throw new RestoreError(`${file} no es un respaldo de Redacta.`);
  if (typeof header.version !== "number" || header.version > BACKUP_VERSION) {
    throw new RestoreError(`${file} usa el formato de respaldo ${header.version}; esta versión de Redacta lee hasta el ${BACKUP_VERSION}.`);
  }
  return header as BackupHeader;
}

async function tableColumns(tx: Transaction): Promise<Map<string, Set<string>>> {
  const rows = await queryRows<{ table_name: string; column_name: string }>(
    tx,
    sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const columns = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!columns.has(row.table_name)) columns.set(row.table_name, new Set());
    columns.get(row.table_name)!.add(row.column_name);
  }
  return columns;
}

async function insertBatch(tx: Transaction, table: string, rows: Record<string, unknown>[], known: Set<string>): Promise<void> {
  const names = Object.keys(rows[0]!);
  for (const row of rows) {
    const keys = Object.keys(row);
    const unknown = keys.find((key) => !known.has(key));
    if (unknown) throw new RestoreError(`El respaldo trae la columna «${table}.${unknown}», que esta base de datos no tiene.`);
    if (keys.length !== names.length || keys.some((key) => !names.includes(key))) {
      throw new RestoreError(`Las filas de «${table}» del respaldo no tienen todas las mismas columnas.`);
    }
  }
  // PostgreSQL turns each JSON value into its column's type (timestamptz, jsonb, tsvector…) exactly as to_jsonb() wrote it.
  const columns = sql.raw(names.map((name) => `"${name}"`).join(", "));
  const onConflict = table === "settings" ? sql.raw(` ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`) : sql.raw("");
  await tx.execute(
    sql`INSERT INTO ${sql.raw(table)} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.raw(table)}, ${JSON.stringify(rows)}::jsonb)${onConflict}`,
  );
}

/**
 * Inserts a batch inside a savepoint. When the database refuses it (a broken
 * constraint, a value of the wrong type), the rows are retried one by one to find
 * the line, and the error names the table, the line and the constraint, never
 * the row's data (password hashes, unpublished text) that the driver's message holds.
 */
async function insertBatchOrExplain(tx: Transaction, table: string, rows: Record<string, unknown>[], lines: number[], known: Set<string>, file: string): Promise<void> {
  try {
    await tx.transaction((savepoint) => insertBatch(savepoint, table, rows, known));
    return;
  } catch (error) {
    if (error instanceof RestoreError || !databaseError(error)) throw error;
    if (rows.length === 1) throw new RestoreError(`La línea ${lines[0]} de ${file} (tabla ${table}) no se pudo restaurar: ${describeRefusal(databaseError(error)!)}. No se restauró nada.`);
  }
  for (const [index, row] of rows.entries()) await insertBatchOrExplain(tx, table, [row], [lines[index]!], known, file);
  // Each row alone went in, together they did not (two rows of the batch clash with each other): name the batch.
  throw new RestoreError(`Las líneas ${lines[0]}–${lines[lines.length - 1]} de ${file} (tabla ${table}) no se pudieron restaurar juntas. No se restauró nada.`);
}

interface PostgresError {
  code: string;
  constraint?: string;
  column?: string;
}

/** The PostgreSQL error inside drizzle's "Failed query" wrapper, if it is one. */
function databaseError(error: unknown): PostgresError | null {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return current as PostgresError;
  }
  return null;
}

/** What the database refused, in Spanish, from the SQLSTATE and the constraint or column name only. */
function describeRefusal(error: PostgresError): string {
  const constraint = error.constraint ? ` «${error.constraint}»` : "";
  switch (error.code) {
    case "23505":
      return `repite un valor que debe ser único (restricción${constraint})`;
    case "23503":
      return `hace referencia a una fila que no existe (restricción${constraint})`;
    case "23502":
      return `le falta un valor obligatorio${error.column ? ` (columna «${error.column}»)` : ""}`;
    case "23514":
      return `no cumple una condición de la tabla (restricción${constraint})`;
    case "22P02":
    case "22007":
    case "22008":
    case "22003":
    case "22001":
      return "tiene un valor con un tipo o un tamaño que la columna no admite";
    default:
      return `la base de datos la rechazó (código ${error.code})`;
  }
}

/**
 * Restores a backup written by writeBackup() in one transaction: all of it or
 * nothing. Refuses a database that already holds content unless `force`, which
 * first empties it. Serial sequences are moved past the restored ids.
 */
export async function restoreBackup(db: Database, file: string, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  if (!fs.existsSync(file)) throw new RestoreError(`${file} no existe.`);
  const input = fs.createReadStream(file, { encoding: "utf8" });
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  try {
    const header = await readHeader(lines, file);
    const migrations = await appliedMigrations(db);
    if (header.migrations > migrations) {
      throw new RestoreError(`El respaldo viene de una versión más nueva de Redacta (${header.migrations} migraciones; esta base tiene ${migrations}). Actualiza Redacta antes de restaurarlo.`);
    }
    const existing = await contentCounts(db);
    const occupied = Object.entries(existing).filter(([, count]) => count > 0);
    if (occupied.length > 0 && !options.force) {
      throw new RestoreError(
        `La base de datos no está vacía (${occupied.map(([table, count]) => `${count} en ${table}`).join(", ")}). ` +
          "Restaura en una base de datos nueva, o usa --force para reemplazar todo su contenido por el del respaldo.",
      );
    }

    return await db.transaction(async (tx) => {
      if (occupied.length > 0) {
        // The audit trail refuses DELETE and TRUNCATE by trigger; only a deliberate restore may empty it,
        // so the user triggers are off for this one statement, inside this transaction, and back on right after.
        await tx.execute(sql`ALTER TABLE events DISABLE TRIGGER USER`);
        const emptied = [...CONTENT_TABLES, "sessions", "sign_in_throttle", "trusted_devices", "presence"].join(", ");
        await tx.execute(sql.raw(`TRUNCATE ${emptied} RESTART IDENTITY CASCADE`));
        await tx.execute(sql`ALTER TABLE events ENABLE TRIGGER USER`);
      }
      const columns = await tableColumns(tx);
      const order = BACKUP_TABLES.map((table) => table.name);
      const counts: Record<string, number> = Object.fromEntries(Object.keys(header.counts).map((table) => [table, 0]));
      let usersWithoutPassword = 0;
      let batch: Record<string, unknown>[] = [];
      let batchLines: number[] = [];
      let batchTable = "";
      let lastTableIndex = 0;
      const flush = async () => {
        if (batch.length > 0) await insertBatchOrExplain(tx, batchTable, batch, batchLines, columns.get(batchTable)!, file);
        batch = [];
        batchLines = [];
      };
      for (let result = await lines.next(), lineNumber = 2; !result.done; result = await lines.next(), lineNumber++) {
        if (!result.value.trim()) continue;
        let line: BackupLine;
        try {
          line = JSON.parse(result.value) as BackupLine;
        } catch {
          throw new RestoreError(`La línea ${lineNumber} de ${file} no es JSON válido: el respaldo está dañado o incompleto.`);
        }
        const tableIndex = order.indexOf(line.table);
        if (tableIndex < 0 || !line.row || typeof line.row !== "object") throw new RestoreError(`La línea ${lineNumber} de ${file} no es una fila de una tabla conocida.`);
        if (tableIndex < lastTableIndex) throw new RestoreError(`La línea ${lineNumber} de ${file} está fuera de orden (${line.table}).`);
        lastTableIndex = tableIndex;
        if (line.table === "users" && typeof line.row.password_hash !== "string") {
          line.row.password_hash = UNUSABLE_PASSWORD_HASH;
          usersWithoutPassword++;
        }
        if (line.table !== batchTable || batch.length >= BATCH_ROWS) {
          await flush();
          batchTable = line.table;
        }
        batch.push(line.row);
        batchLines.push(lineNumber);
        counts[line.table] = (counts[line.table] ?? 0) + 1;
      }
      await flush();

      for (const [table, expected] of Object.entries(header.counts)) {
        if ((counts[table] ?? 0) !== expected) {
          throw new RestoreError(`El respaldo anuncia ${expected} fila(s) de ${table} pero trae ${counts[table] ?? 0}: está incompleto. No se restauró nada.`);
        }
      }
      for (const table of BACKUP_TABLES) {
        if (!table.serial) continue;
        // The next id is one past the largest restored one, so new rows never collide.
        await tx.execute(
          sql.raw(`SELECT setval(pg_get_serial_sequence('${table.name}', '${table.serial}'), coalesce((SELECT max(${table.serial}) FROM ${table.name}), 0) + 1, false)`),
        );
      }
      return { header, counts, usersWithoutPassword, replaced: occupied.length > 0 };
    });
  } finally {
    input.destroy();
  }
}
