import fs from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_CACHE_MS } from "../../server/auth/session-cache";
import { queryRows } from "../../server/db/client";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { freePort, killAllServers, seededDataDir, spawnServer, startServerProcess, type ChildServer } from "./child-server";
import { RoundRobinClient } from "./round-robin-client";

/** Two server processes on one PostgreSQL database, behind a load balancer without sticky sessions. */

const APPROVALS = 50;

if (!TEST_DATABASE_URL) {
  console.warn(
    "\n⚠️  two-processes: se OMITEN las pruebas de dos servidores sobre un mismo PostgreSQL; PGlite es de un solo proceso por diseño. " +
      "Corre con TEST_DATABASE_URL=postgres://… para probarlas.\n",
  );
}

describe.skipIf(!TEST_DATABASE_URL)("two server processes on one PostgreSQL", () => {
  let database: TestDatabase;
  let servers: ChildServer[];

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 2 });
    const ports = [await freePort(), await freePort()];
    servers = await Promise.all(ports.map((port) => startServerProcess({ port, databaseUrl: database.url })));
  });

  afterAll(async () => {
    await killAllServers();
    await database?.close();
  });

  it("a session started on one process works on the other, and signing out on one ends it on both (on the other within SESSION_CACHE_MS)", async () => {
    const author = await new RoundRobinClient(servers.map((server) => server.url)).signIn("autora@redacta.local", 0);
    const onSecond = await author.request("GET", "/session", undefined, { server: 1 });
    expect(onSecond.status).toBe(200);
    expect(onSecond.body.user.email).toBe("autora@redacta.local");
    // The first process has read (and keeps) the session too.
    expect((await author.request("GET", "/session", undefined, { server: 0 })).status).toBe(200);
    expect((await author.request("DELETE", "/session", undefined, { server: 1 })).status).toBe(204);
    expect((await author.request("GET", "/session", undefined, { server: 1 })).status).toBe(401);
    await expect
      .poll(async () => (await author.request("GET", "/session", undefined, { server: 0 })).status, { timeout: SESSION_CACHE_MS + 3_000, interval: 250 })
      .toBe(401);
  });

  it("50 approvals at once, split across both processes, get 50 unique consecutive numbers", { timeout: 120_000 }, async () => {
    const urls = servers.map((server) => server.url);
    const author = await new RoundRobinClient(urls).signIn("autora@redacta.local");
    const reviewers = [await new RoundRobinClient(urls).signIn("revisor@redacta.local", 0), await new RoundRobinClient(urls).signIn("revisora2@redacta.local", 1)];

    const ids: number[] = [];
    for (let index = 0; index < APPROVALS; index++) {
      const created = await author.request("POST", "/bulletins", { templateId: "general" });
      expect(created.status).toBe(201);
      const { id, version, number, place, date, photoLinks, videoLinks } = created.body;
      const saved = await author.request(
        "PUT",
        `/bulletins/${id}`,
        {
          number, place, date, photoLinks, videoLinks,
          title: `Aprobación concurrente número ${index + 1}`,
          highlights: [`Destacado de la prueba ${index + 1}`],
          body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Cuerpo del boletín ${index + 1}.` }] }] },
        },
        { headers: { "If-Match": `"${version}"` } },
      );
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const submitted = await author.request("POST", `/bulletins/${id}/transitions`, { action: "submit" });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      ids.push(id);
    }

    const year = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City", year: "numeric" }).format(new Date()));
    const [before] = await queryRows<{ last_seq: number }>(database.handle.db, sql`SELECT last_seq FROM number_counters WHERE year = ${year}`);
    const lastBefore = Number(before?.last_seq ?? 0);

    // Even ids to the reviewer on process 0, odd ids to the one on process 1, all at once; a refusal
    // for too many requests in flight (25 from one reviewer) is sent again, as a client would.
    const approve = async (id: number, server: number) => {
      for (;;) {
        const answer = await reviewers[server]!.request("POST", `/bulletins/${id}/transitions`, { action: "approve" }, { server });
        if (answer.body?.error?.code !== "too_many_requests") return answer;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const approvals = await Promise.all(ids.map((id, index) => approve(id, index % 2)));
    for (const approval of approvals) expect(approval.status, JSON.stringify(approval.body)).toBe(200);
    const perServer = [0, 1].map((server) => approvals.filter((approval) => approval.server === server).length);
    const numbers = approvals.map((approval) => approval.body.number as { seq: number; year: number });
    expect(new Set(numbers.map((number) => number.year))).toEqual(new Set([year]));
    const sequence = numbers.map((number) => number.seq).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: APPROVALS }, (_, index) => lastBefore + index + 1));

    const stored = await queryRows<{ distinct_numbers: number; approved: number }>(
      database.handle.db,
      sql`SELECT count(DISTINCT (number_year, number_seq))::int AS distinct_numbers, count(*)::int AS approved
          FROM bulletins WHERE id IN ${sql.raw(`(${ids.join(",")})`)} AND status = 'approved'`,
    );
    expect(stored[0]).toEqual({ distinct_numbers: APPROVALS, approved: APPROVALS });
    console.log(
      `two-processes: ${APPROVALS} approvals (${perServer[0]} on process A, ${perServer[1]} on process B), ` +
        `${new Set(sequence).size} distinct numbers, consecutive ${lastBefore + 1}–${lastBefore + APPROVALS}/${year}`,
    );
  });

  it("a stale save on one process after a save on the other is refused with 409", async () => {
    const author = await new RoundRobinClient(servers.map((server) => server.url)).signIn("autora@redacta.local");
    const created = await author.request("POST", "/bulletins", { templateId: "general" }, { server: 0 });
    const { id, version } = created.body;
    const { number, place, date, title, highlights, body, photoLinks, videoLinks } = created.body;
    const content = { number, place, date, title, highlights, body, photoLinks, videoLinks };
    const first = await author.request("PUT", `/bulletins/${id}`, { ...content, title: "Guardado en el proceso B" }, { server: 1, headers: { "If-Match": `"${version}"` } });
    expect(first.status).toBe(200);
    const stale = await author.request("PUT", `/bulletins/${id}`, { ...content, title: "Guardado viejo en el proceso A" }, { server: 0, headers: { "If-Match": `"${version}"` } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    expect(stale.body.error.details.current.version).toBe(version + 1);
    expect(stale.body.error.details.current.title).toBe("Guardado en el proceso B");
    console.log(`two-processes: stale save on A after a save on B → ${stale.status} ${stale.body.error.code}`);
  });
});

// PGlite is one process's database: the DATA_DIR lock is what keeps a second server away.
describe.skipIf(Boolean(TEST_DATABASE_URL))("a second server on the same DATA_DIR", () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = seededDataDir("lock");
  });

  afterAll(async () => {
    await killAllServers();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("exits non-zero with the Spanish lock message, and the first keeps serving", { timeout: 120_000 }, async () => {
    const first = await startServerProcess({ port: await freePort(), dataDir });
    const second = spawnServer({ port: await freePort(), dataDir });
    const exit = await second.exited;
    expect(exit.code).toBe(1);
    expect(second.output()).toContain(`ya está en uso por otro proceso (pid ${first.pid})`);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    first.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
    expect(fs.existsSync(`${dataDir}/redacta.sock`)).toBe(false);
    console.log(`two-processes (PGlite): second server on the same DATA_DIR exited with code ${exit.code}: «${second.output().trim().split("\n").pop()}»`);
  });
});
