import pg from "pg";
import type { DatabaseOrTransaction } from "./client";

/**
 * A read whose plan the database keeps: planning the bulletin read (nine subqueries) costs
 * many times what running it does (EXPLAIN ANALYZE on PGlite: 11 ms planning, 0.6 ms execution,
 * under load), and a read runs on every GET and every save.
 * - PostgreSQL: a named statement; pg prepares it once per connection.
 * - PGlite (one connection): `PREPARE` once per database (a prepared statement outlives a
 *   rolled-back transaction), then `EXECUTE` with the integer parameters written in.
 * Rows come back as the driver parses them (timestamptz as Date, json parsed, int8 as
 * string on pg): alias the columns as the caller wants its keys.
 */
export interface PreparedRead {
  /** Unique among prepared reads; letters, digits and underscores. */
  name: string;
  /** The statement with $1…$n, each an integer. */
  text: string;
  /** The SQL type of each parameter, for PGlite's PREPARE. */
  types: "integer"[];
}

interface Queryable {
  query(...args: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Which prepared reads each PGlite database already holds, keyed by the Drizzle instance (its dialect, shared by its transactions). */
const preparedOn = new WeakMap<object, { suffix: number; names: Set<string> }>();
let instances = 0;

/** The node-postgres pool or (inside a transaction) connection under `db`; null on PGlite. */
export function pgClientOf(db: DatabaseOrTransaction): pg.Pool | pg.Client | null {
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  return client instanceof pg.Pool || client instanceof pg.Client ? client : null;
}

/** Runs `read` with `params` (integers) on `db`, a database or a transaction of it. */
export async function runPrepared(db: DatabaseOrTransaction, read: PreparedRead, params: number[]): Promise<Record<string, unknown>[]> {
  for (const param of params) if (!Number.isSafeInteger(param)) throw new TypeError(`${read.name}: parameter ${param} is not an integer`);
  if (pgClientOf(db)) return runStatement(db, read, params);
  const internals = db as unknown as { session: { client: Queryable }; dialect: object };
  const client = internals.session.client;
  // PGlite: its own name per Drizzle instance, so two instances over one database never PREPARE one name twice.
  let prepared = preparedOn.get(internals.dialect);
  if (!prepared) preparedOn.set(internals.dialect, (prepared = { suffix: ++instances, names: new Set() }));
  const name = `${read.name}_${prepared.suffix}`;
  if (!prepared.names.has(read.name)) {
    await client.query(`PREPARE ${name} (${read.types.join(", ")}) AS ${read.text}`);
    prepared.names.add(read.name);
  }
  return (await client.query(`EXECUTE ${name} (${params.join(", ")})`)).rows;
}

/** A statement with parameters of any type ($1…$n, cast in the text where the type is not obvious). */
export interface PreparedStatement {
  /** Unique among prepared statements; letters, digits and underscores. */
  name: string;
  text: string;
}

/**
 * Runs `statement` with `params` on `db`, a database or a transaction of it, bypassing the
 * query builder: on PostgreSQL a named statement (planned once per connection); on PGlite a
 * parameterised query (its one connection plans it each time, as it would a built one).
 */
export async function runStatement(db: DatabaseOrTransaction, statement: PreparedStatement, params: unknown[]): Promise<Record<string, unknown>[]> {
  const postgres = pgClientOf(db);
  if (postgres) return (await postgres.query({ name: statement.name, text: statement.text, values: params })).rows;
  return (await (db as unknown as { session: { client: Queryable } }).session.client.query(statement.text, params)).rows;
}
