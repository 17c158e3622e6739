import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type DatabaseHandle } from "../../server/db/client";
import { allocateNumber } from "../../server/db/queries/bulletins";
import { startServer, type RunningServer } from "../../server/start";
import { ApiClient, signedIn } from "../api-client";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { AUTHOR, REVIEWER, ifMatch, makeInReview, readyContent, userByEmail } from "../integration/fixtures";

/**
 * A statement never hangs a request: one stuck behind a lock is cancelled by
 * PostgreSQL after DB_STATEMENT_TIMEOUT, one on a frozen connection is given up
 * by the client a little later, and both answer 503 database_unavailable in
 * Spanish while the rest of the server keeps answering.
 */

const TIMEOUT_MS = 1_500;
/** The client-side read timeout is the statement timeout plus this (server/db/client.ts). */
const READ_MARGIN_MS = 5_000;
const SLACK_MS = 2_500;

if (!TEST_DATABASE_URL) console.warn("\n⚠️  statement-timeout: se OMITE (solo con TEST_DATABASE_URL: PGlite corre en el mismo proceso, sin bloqueos entre conexiones ni statement_timeout).\n");

describe.skipIf(!TEST_DATABASE_URL)("database statements have a timeout", () => {
  let database: TestDatabase;
  const handles: DatabaseHandle[] = [];
  const servers: RunningServer[] = [];
  let admin: pg.Client;
  const figures: string[] = [];

  /** The app over its own pool on this file's database, with a short statement timeout. */
  async function serve(name: string, poolSize: number): Promise<string> {
    const url = new URL(database.url!);
    url.searchParams.set("application_name", name);
    const handle = await openDatabase({ url: url.toString(), poolSize, statementTimeoutMs: TIMEOUT_MS });
    handles.push(handle);
    const server = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, handle, log: () => {} });
    servers.push(server);
    return server.url.replace("localhost", "127.0.0.1");
  }

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 2 });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });

  afterAll(async () => {
    console.log(`statement-timeout: ${figures.join("; ")}`);
    for (const server of servers) await server.close();
    for (const handle of handles) await handle.close();
    await admin?.end();
    await database?.close();
  });

  it("a save stuck behind a row lock answers 503 within the timeout; /api/health keeps answering; the save works once the lock is gone", { timeout: 60_000 }, async () => {
    const url = await serve("redacta-locks", 4);
    const author = await signedIn(url, AUTHOR);
    const created = await author.post("/bulletins", { templateId: "general" });
    expect(created.status).toBe(201);
    const { id, version } = created.body as { id: number; version: number };

    // Another session holds the bulletin's row, as a long transaction or a stuck process would.
    await admin.query("BEGIN");
    await admin.query("SELECT id FROM bulletins WHERE id = $1 FOR UPDATE", [id]);
    try {
      const startedAt = Date.now();
      const saving = author.put(`/bulletins/${id}`, readyContent({ title: "Guardado detrás de un bloqueo" }), ifMatch(version));
      const health = await fetch(`${url}/api/health`);
      const healthMs = Date.now() - startedAt;
      const saved = await saving;
      const elapsed = Date.now() - startedAt;
      expect(health.status).toBe(200);
      expect(healthMs).toBeLessThan(TIMEOUT_MS);
      expect(saved.status, JSON.stringify(saved.body)).toBe(503);
      expect(saved.body.error.code).toBe("database_unavailable");
      expect(saved.body.error.message).toMatch(/base de datos tardó demasiado/);
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      figures.push(`save behind a row lock → 503 after ${elapsed} ms (timeout ${TIMEOUT_MS} ms), /api/health 200 in ${healthMs} ms meanwhile`);
    } finally {
      await admin.query("ROLLBACK");
    }
    const retried = await author.put(`/bulletins/${id}`, readyContent({ title: "Guardado sin bloqueo" }), ifMatch(version));
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(version + 1);
  });

  it("an approval waiting its turn for the year's number longer than the timeout gets its number; the timeout still holds for the rest", { timeout: 60_000 }, async () => {
    const url = await serve("redacta-number-queue", 4);
    const db = handles.at(-1)!.db;
    const inReview = await makeInReview(db, await userByEmail(db, AUTHOR));
    const year = Number(inReview.content.date!.slice(0, 4));
    const reviewer = await signedIn(url, REVIEWER);

    // Another approval holds the year's counter (fifty approvals at one instant queue on it like this).
    await admin.query("BEGIN");
    await admin.query("INSERT INTO number_counters (year, last_seq) VALUES ($1, 0) ON CONFLICT (year) DO UPDATE SET last_seq = number_counters.last_seq", [year]);
    const approving = reviewer.post(`/bulletins/${inReview.id}/transitions`, { action: "approve" });
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMEOUT_MS));
    await admin.query("COMMIT");
    const approved = await approving;
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.number?.year).toBe(year);
    figures.push(`approval queued ${2 * TIMEOUT_MS} ms behind the year's counter (timeout ${TIMEOUT_MS} ms) → 200 with its number`);

    // Only the wait for the number is longer: the rest of an approval's transaction has the configured timeout.
    const after = await db.transaction(async (tx) => {
      await allocateNumber(tx, 2099);
      return (await queryRows<{ statement_timeout: string }>(tx, sql`SHOW statement_timeout`))[0]!.statement_timeout;
    });
    expect(after).toBe(`${TIMEOUT_MS}ms`);
  });

  it("a request on a frozen connection (its backend stopped with SIGSTOP) answers 503, and the next one gets a new connection", { timeout: 60_000 }, async () => {
    const name = "redacta-frozen";
    const url = await serve(name, 1);
    const author: ApiClient = await signedIn(url, AUTHOR);
    expect((await author.get("/bulletins")).status).toBe(200);
    const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [name]);
    expect(rows).toHaveLength(1);
    const backend = rows[0]!.pid;
    process.kill(backend, "SIGSTOP");
    try {
      const startedAt = Date.now();
      const frozen = await author.get("/bulletins");
      const elapsed = Date.now() - startedAt;
      expect(frozen.status, JSON.stringify(frozen.body)).toBe(503);
      expect(frozen.body.error.code).toBe("database_unavailable");
      expect(elapsed).toBeLessThan(TIMEOUT_MS + READ_MARGIN_MS + SLACK_MS);
      // The frozen backend is still stopped: the pool dropped its connection and opened another.
      const recoveredAt = Date.now();
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect((await author.get("/bulletins")).status).toBe(200);
      figures.push(`frozen connection → 503 after ${elapsed} ms, next requests 200 on a new connection in ${Date.now() - recoveredAt} ms`);
    } finally {
      process.kill(backend, "SIGCONT");
    }
  });
});
