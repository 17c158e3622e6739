import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../server/db/client";
import { DEMO_PASSWORD } from "../../server/db/seed";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { freePort, killAllServers, seededDataDir, sleep, startServerProcess, waitFor, type ChildServer } from "./child-server";

/** SIGTERM while requests are in flight: they finish, new connections are refused, the database closes, exit 0. */

const IN_FLIGHT = 4;

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url },
    body: JSON.stringify({ email: "autora@redacta.local", password: DEMO_PASSWORD }),
  });
  // Read to the end: express-session stores the new session before it sends the last byte.
  await response.text();
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** A PUT whose body arrives in two halves: the request is in flight until `finish()` sends the rest. */
function slowPut(url: string, requestPath: string, cookie: string, version: number, body: unknown) {
  const bytes = Buffer.from(JSON.stringify(body));
  const half = Math.floor(bytes.length / 2);
  const target = new URL(`/api${requestPath}`, url);
  let request!: http.ClientRequest;
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    request = http.request(
      target,
      {
        method: "PUT",
        agent: false,
        headers: { "Content-Type": "application/json", "Content-Length": bytes.length, Cookie: cookie, Origin: url, "If-Match": `"${version}"` },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
        res.on("error", reject);
      },
    );
    request.on("error", reject);
  });
  const connected = new Promise<void>((resolve) => request.once("socket", (socket) => socket.once("connect", () => resolve())));
  request.write(bytes.subarray(0, half));
  return { connected, response, finish: () => request.end(bytes.subarray(half)) };
}

/** A new TCP connection to the server: resolves with the error code when refused. */
function newConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get(new URL("/api/health", url), { agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("SIGTERM with requests in flight", () => {
  let database: TestDatabase | null = null;
  let dataDir: string | null = null;
  let server: ChildServer;

  beforeAll(async () => {
    if (TEST_DATABASE_URL) database = await createTestDatabase({ poolSize: 2 });
    else dataDir = seededDataDir("shutdown");
    server = await startServerProcess({ port: await freePort(), ...(database ? { databaseUrl: database.url } : { dataDir: dataDir! }) });
  });

  afterAll(async () => {
    await killAllServers();
    await database?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets in-flight requests finish, refuses new connections, closes the database and exits 0", { timeout: 120_000 }, async () => {
    const cookie = await signIn(server.url);
    const drafts: { id: number; version: number; content: Record<string, unknown> }[] = [];
    for (let index = 0; index < IN_FLIGHT; index++) {
      const response = await fetch(`${server.url}/api/bulletins`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: server.url, Cookie: cookie },
        body: JSON.stringify({ templateId: "general" }),
      });
      const created = await response.json();
      expect(response.status, `${JSON.stringify(created)}\n${server.output().slice(-2_000)}`).toBe(201);
      const { id, version, number, place, date, highlights, body, photoLinks, videoLinks } = created;
      drafts.push({ id, version, content: { number, place, date, title: `Guardado durante el apagado ${index}`, highlights, body, photoLinks, videoLinks } });
    }
    // An idle keep-alive connection must not hold the shutdown up.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const serverConnectionsBefore = database ? await otherConnections(database) : 0;

    const uploads = drafts.map((draft) => slowPut(server.url, `/bulletins/${draft.id}`, cookie, draft.version, draft.content));
    await Promise.all(uploads.map((upload) => upload.connected));
    await sleep(300); // the server has the headers and waits for the rest of each body

    server.kill("SIGTERM");
    await waitFor(() => server.output().includes("SIGTERM"), 10_000, "el aviso de SIGTERM");
    await sleep(100);
    const refused = await newConnection(server.url);
    expect(refused).toBe("ECONNREFUSED");

    for (const upload of uploads) upload.finish();
    const responses = await Promise.all(uploads.map((upload) => upload.response));
    for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBe(200);
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });

    let closed: string;
    if (database) {
      const saved = await queryRows<{ id: number; version: number; title: string }>(
        database.handle.db,
        sql`SELECT id, version, content->>'title' AS title FROM bulletins WHERE id IN ${sql.raw(`(${drafts.map((draft) => draft.id).join(",")})`)} ORDER BY id`,
      );
      expect(saved.map((row) => row.version)).toEqual(drafts.map(() => 2));
      expect(saved.map((row) => row.title)).toEqual(drafts.map((draft) => draft.content.title));
      expect(await otherConnections(database)).toBe(0);
      closed = `PostgreSQL connections of the server: ${serverConnectionsBefore} before, 0 after`;
    } else {
      // The lock is released only after PGlite has closed; reopening finds every finished save.
      expect(fs.existsSync(path.join(dataDir!, "redacta.lock"))).toBe(false);
      const handle = await openDatabase({ dataDir: path.join(dataDir!, "pglite") });
      try {
        const saved = await queryRows<{ version: number; title: string }>(
          handle.db,
          sql`SELECT version, content->>'title' AS title FROM bulletins WHERE id IN ${sql.raw(`(${drafts.map((draft) => draft.id).join(",")})`)} ORDER BY id`,
        );
        expect(saved.map((row) => row.version)).toEqual(drafts.map(() => 2));
        expect(saved.map((row) => row.title)).toEqual(drafts.map((draft) => draft.content.title));
      } finally {
        await handle.close();
      }
      closed = "PGlite closed and lock released";
    }
    console.log(
      `shutdown (${database ? "PostgreSQL" : "PGlite"}): ${IN_FLIGHT} in-flight saves finished with ${[...new Set(responses.map((response) => response.status))].join("/")}, ` +
        `new connection ${refused}, exit code ${exit.code}, ${closed}`,
    );
  });
});

/** Connections to the test database other than this test's own. */
async function otherConnections(database: TestDatabase): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    database.handle.db,
    sql`SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  );
  return Number(row?.count ?? 0);
}
