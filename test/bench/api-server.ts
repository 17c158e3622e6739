import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import express from "express";
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

const server = await startServer({ port: 0, host: "127.0.0.1", dataDir, databaseUrl, production: false, log: () => {} });

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
