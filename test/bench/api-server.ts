import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import express from "express";
import { hashContent } from "../../server/bulletin-hash";
import { bulletins, sessions } from "../../server/db/schema";
import { startServer } from "../../server/start";

/**
 * Child process of the API bench: the real Redacta server (PGlite in a temporary
 * data directory, or PostgreSQL when BENCH_DATABASE_URL_CHILD is set) and, on a
 * second port of the same process and over the same database handle, a bare
 * Express endpoint doing one primary-key SELECT. Runs apart from autocannon so
 * the load generator does not share the server's event loop.
 */

const databaseUrl = process.env.BENCH_DATABASE_URL_CHILD || undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-bench-"));

const publicUrl = process.env.BENCH_PUBLIC_URL || undefined;
const server = await startServer({ port: 0, host: "127.0.0.1", dataDir, databaseUrl, publicUrl, production: false, log: () => {} });

const bare = express();
bare.disable("x-powered-by");
bare.get("/bare/:id", async (req, res, next) => {
  try {
    const id = Number(req.params.id);
    const [row] = await server.handle.db
      .select({ id: bulletins.id, version: bulletins.version, status: bulletins.status, content: bulletins.content })
      .from(bulletins)
      .where(eq(bulletins.id, id));
    if (!row) return void res.status(404).json({ error: "not found" });
    res.json(row);
  } catch (error) {
    next(error);
  }
});
/** One statement and its parameters, on whichever database the server opened. */
type Run = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** A transaction over the server's own connections: a client of its pg pool, or PGlite's (one at a time). */
async function inTransaction<T>(work: (run: Run) => Promise<T>): Promise<T> {
  const { pool, pglite } = server.handle;
  if (pool) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(async (text, params) => (await client.query(text, params)).rows);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return pglite!.transaction((tx) => work(async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows));
}

class Stale extends Error {}

/**
 * The floor of a save (issue 13): the statements a save of a draft needs, raw, with no
 * session, no validation, no checks and no search vector: lock the row and compare its
 * version, write the content, fold it into the writer's open revision, record the audit
 * event; answer the saved row (its content included, as the real save does).
 */
bare.put("/bare-save/:id", express.json({ limit: "1mb" }), async (req, res, next) => {
  try {
    const id = Number(req.params.id);
    const expected = Number(/\d+/.exec(req.get("If-Match") ?? "")?.[0]);
    const content = req.body as Parameters<typeof hashContent>[0];
    const saved = await inTransaction(async (run) => {
      const [row] = await run("SELECT version, status FROM bulletins WHERE id = $1 FOR UPDATE", [id]);
      if (!row || row.version !== expected) throw new Stale();
      const version = expected + 1;
      const [updated] = await run(
        "UPDATE bulletins SET content = $2, version = $3, updated_at = now() WHERE id = $1 RETURNING id, version, status, content, updated_at",
        [id, JSON.stringify(content), version],
      );
      await run("UPDATE revisions SET content = $2, version = $3, hash = $4, updated_at = now() WHERE bulletin_id = $1 AND version = $5", [
        id, JSON.stringify(content), version, hashContent(content), expected,
      ]);
      await run("INSERT INTO events (bulletin_id, actor_id, action, from_status, to_status, revision) VALUES ($1, $2, 'save', $3, $3, $4)", [
        id, null, row.status, version,
      ]);
      return updated!;
    });
    res.setHeader("ETag", `"${saved.version}"`);
    res.json(saved);
  } catch (error) {
    if (error instanceof Stale) return void res.status(409).json({ error: "stale" });
    next(error);
  }
});
/** The server's memory after a full garbage collection (the child runs with --expose-gc). */
bare.get("/debug/memory", (_req, res) => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  res.json({ rss, heapUsed });
});
// Diagnostics when a sign-in is not recognised: what the session store holds.
bare.get("/debug/sessions", async (_req, res, next) => {
  try {
    const rows = await server.handle.db.select({ sid: sessions.sid, userId: sessions.userId, expiresAt: sessions.expiresAt }).from(sessions);
    res.json({ now: new Date().toISOString(), rows });
  } catch (error) {
    next(error);
  }
});
const bareServer = http.createServer(bare);
await new Promise<void>((resolve) => bareServer.listen(0, "127.0.0.1", resolve));
const barePort = (bareServer.address() as AddressInfo).port;

process.send!({ ready: true, url: server.url.replace("localhost", "127.0.0.1"), bareUrl: `http://127.0.0.1:${barePort}`, kind: server.handle.kind });

process.on("message", async (message: { close?: boolean }) => {
  if (!message.close) return;
  await new Promise<void>((resolve) => {
    bareServer.close(() => resolve());
    bareServer.closeAllConnections();
  });
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.send!({ closed: true });
  process.exit(0);
});
