import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { DataDirDamagedError } from "./data-dir-damage";
import { DURABLE_START_PARAMS, DurableNodeFS } from "./durable-nodefs";
import * as schema from "./schema";
import { sealLegacyApprovals } from "./seal-approvals";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; queries accept either. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DatabaseOrTransaction = Database | Transaction;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** The PGlite instance, when embedded (tests clone it). */
  pglite?: PGlite;
  pool?: pg.Pool;
  /** postgres://… of the pool (PostgreSQL). */
  url?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… selects a PostgreSQL server; otherwise PGlite. */
  url?: string;
  /** PGlite files; omitted: in memory. */
  dataDir?: string;
  /** A PGlite data directory dump to start from (tests). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /** PostgreSQL statement timeout in ms (0: none); default DB_STATEMENT_TIMEOUT or 10 s. */
  statementTimeoutMs?: number;
}

/** How long one statement may run on PostgreSQL before it is cancelled (DB_STATEMENT_TIMEOUT, milliseconds; 0: never). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
/** A frozen connection answers nothing, not even a cancel: the client gives up this long after the server-side timeout. */
const READ_TIMEOUT_MARGIN_MS = 5_000;

/** DB_STATEMENT_TIMEOUT from the environment, checked. */
export function statementTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DB_STATEMENT_TIMEOUT?.trim();
  if (!raw) return DEFAULT_STATEMENT_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new DatabaseConfigError(`DB_STATEMENT_TIMEOUT debe ser un número entero de milisegundos (0 = sin límite); recibí «${raw}».`);
  }
  return value;
}

/** A configuration mistake the operator fixes (its message is shown as is). */
export class DatabaseConfigError extends Error {}

/**
 * A pool client that closes its connection when a query times out on the
 * client side: the server may still be running it (or be frozen), so the
 * connection must never go back to the pool for the next request.
 */
class TimeoutAwareClient extends pg.Client {
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (error: Error | null, ...rest: unknown[]) => {
        if (error) this.dropAfterReadTimeout(error);
        return (last as (...values: unknown[]) => unknown)(error, ...rest);
      };
      return (super.query as (...values: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...values: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).catch === "function") {
      (result as Promise<unknown>).catch((error: Error) => this.dropAfterReadTimeout(error));
    }
    return result;
  }

  private dropAfterReadTimeout(error: Error): void {
    if (error?.message === "Query read timeout") (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }
}

/** Opens PGlite (embedded, the default) or PostgreSQL (`url`). Does not migrate. */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const statementTimeout = options.statementTimeoutMs ?? statementTimeoutFromEnv();
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      Client: TimeoutAwareClient as unknown as typeof pg.Client,
      // A statement stuck behind a lock is cancelled by the server (57014); a frozen connection by the client.
      ...(statementTimeout > 0 ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + READ_TIMEOUT_MARGIN_MS } : {}),
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on("error", (error) => console.error("PostgreSQL:", error.message));
    const db = drizzlePostgres(pool, { schema }) as unknown as Database;
    return { db, kind: "postgres", pool, url: options.url, close: () => pool.end() };
  }
  if (options.dataDir) assertLooksLikeDataDir(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      // Files on disk: fsync at commit (see DurableNodeFS). In memory (tests) there is nothing to sync.
      ...(options.dataDir ? { fs: new DurableNodeFS(options.dataDir), startParams: DURABLE_START_PARAMS } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { unaccent },
    });
  } catch (error) {
    if (options.dataDir) throw new DataDirDamagedError(options.dataDir, error);
    throw error;
  }
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return { db, kind: "pglite", pglite, close: () => pglite.close() };
}

/**
 * PGlite runs initdb over a directory without PG_VERSION and then lays a new
 * empty cluster over whatever is there: refuse that instead of losing the archive.
 */
function assertLooksLikeDataDir(dataDir: string): void {
  if (!fs.existsSync(dataDir)) return;
  const entries = fs.readdirSync(dataDir);
  if (entries.length === 0 || entries.includes("PG_VERSION")) return;
  throw new DataDirDamagedError(dataDir, new Error("falta el archivo PG_VERSION"));
}

/** Applies pending migrations; on PostgreSQL under an advisory lock so several processes may start at once. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await sealLegacyApprovals(handle.db);
    return;
  }
  // A connection of its own, without the statement timeout: waiting for another process's migrations, or a long one, is expected.
  const client = new pg.Client({ connectionString: handle.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(728361)");
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    // Data the new schema needs from rows an older version wrote, once, under the same lock.
    await sealLegacyApprovals(db);
  } finally {
    await client.query("SELECT pg_advisory_unlock(728361)").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Runs one SQL statement and returns its rows, on either driver. */
export async function queryRows<T>(db: DatabaseOrTransaction, query: Parameters<Database["execute"]>[0]): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
