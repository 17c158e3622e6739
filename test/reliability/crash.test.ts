import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDirSocketPath } from "../../server/db/data-dir-lock";
import type { Bulletin } from "../../shared/bulletin/schema";
import { ApiClient } from "../api-client";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../db";
import { freePort, isConnectionError, killAllServers, seededDataDir, sleep, startServerProcess, waitFor, type ChildServer } from "./child-server";

/**
 * kill -9 in the middle of a stream of saves: every save the server answered
 * 2xx is still there after the restart, versions have no gaps or duplicates,
 * and a save cut by the kill is either wholly there or wholly absent.
 */

const CLIENTS = 20;
const KILLS = 5;
const ACKS_BEFORE_KILL = 10;

interface Writer {
  index: number;
  api: ApiClient;
  id: number;
  version: number;
  base: Bulletin;
  /** Saves answered 2xx: version → content sent. */
  acknowledged: Map<number, Bulletin>;
  /** A save whose answer the kill swallowed: it may or may not have committed. */
  inDoubt: { version: number; content: Bulletin } | null;
  savesSent: number;
}

function bulletinOf(resource: Record<string, unknown>): Bulletin {
  const { number, place, date, title, highlights, body, photoLinks, videoLinks } = resource as unknown as Bulletin;
  return { number, place, date, title, highlights, body, photoLinks, videoLinks };
}

function contentFor(writer: Writer, attempt: number): Bulletin {
  const marker = `cliente ${writer.index} guardado ${attempt}`;
  return {
    ...writer.base,
    title: `Boletín de la prueba de caídas, ${marker}`,
    body: {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: `Texto del ${marker}. ${"Párrafo de relleno con acentos: información, acción. ".repeat(20)}` }] },
        { type: "paragraph", content: [{ type: "text", text: marker, marks: [{ type: "bold" }] }] },
      ],
    },
  };
}

describe("kill -9 during saves", () => {
  let database: TestDatabase | null = null;
  let dataDir: string | null = null;
  let port = 0;
  let server: ChildServer;
  /** Counts restarts; `up` is false while the server is dead or starting. */
  let generation = 0;
  let up = true;

  async function start(): Promise<ChildServer> {
    return startServerProcess({ port, ...(database ? { databaseUrl: database.url } : { dataDir: dataDir! }) });
  }

  beforeAll(async () => {
    port = await freePort();
    if (TEST_DATABASE_URL) database = await createTestDatabase({ poolSize: 2 });
    else dataDir = seededDataDir("crash");
    server = await start();
  });

  afterAll(async () => {
    await killAllServers();
    await database?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged save, whole, across repeated kill -9", { timeout: 240_000 }, async () => {
    const url = server.url;
    const admin = await new ApiClient(url).signIn("admin@redacta.local");
    const writers: Writer[] = [];
    for (let index = 0; index < CLIENTS; index++) {
      const api = await new ApiClient(url).signIn("autora@redacta.local");
      const created = await api.post("/bulletins", { templateId: "general" });
      expect(created.status).toBe(201);
      writers.push({
        index,
        api,
        id: created.body.id,
        version: created.body.version,
        base: bulletinOf(created.body),
        acknowledged: new Map(),
        inDoubt: null,
        savesSent: 0,
      });
    }

    let stop = false;
    let acknowledgedTotal = 0;
    let committedInDoubt = 0;
    let lostInDoubt = 0;
    const failures: string[] = [];

    async function reconcile(writer: Writer): Promise<void> {
      const doubt = writer.inDoubt!;
      const current = await writer.api.get(`/bulletins/${writer.id}`);
      expect(current.status).toBe(200);
      writer.inDoubt = null;
      if (current.body.version === doubt.version) {
        // The save never committed: nothing of it may be visible.
        lostInDoubt++;
        expect(bulletinOf(current.body).title).not.toBe(doubt.content.title);
      } else if (current.body.version === doubt.version + 1) {
        // It committed before the kill: it must be there whole.
        committedInDoubt++;
        expect(bulletinOf(current.body)).toEqual(doubt.content);
        writer.acknowledged.set(doubt.version + 1, doubt.content);
        writer.version = doubt.version + 1;
      } else {
        failures.push(`cliente ${writer.index}: versión ${current.body.version} tras una duda en ${doubt.version}`);
      }
    }

    async function write(writer: Writer): Promise<void> {
      while (!stop) {
        if (!up) await waitFor(() => up, 120_000, "el reinicio del servidor");
        const seenGeneration = generation;
        let content: Bulletin | null = null;
        let response;
        try {
          if (writer.inDoubt) await reconcile(writer);
          content = contentFor(writer, ++writer.savesSent);
          response = await writer.api.put(`/bulletins/${writer.id}`, content, { "If-Match": `"${writer.version}"` });
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          if (content) writer.inDoubt = { version: writer.version, content };
          // Wait for the next server before asking what happened.
          await waitFor(() => up && generation > seenGeneration, 120_000, "el reinicio del servidor");
          continue;
        }
        // The writers are one person in many sessions: past that person's requests in flight the server
        // answers "wait" (429, nothing saved), and the writer tries again.
        if (response.status === 429 && response.body?.error?.code === "too_many_requests") {
          await sleep(20);
          continue;
        }
        if (response.status !== 200) {
          failures.push(`cliente ${writer.index}: PUT → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
          return;
        }
        expect(response.body.version).toBe(writer.version + 1);
        writer.version = response.body.version;
        writer.acknowledged.set(writer.version, content);
        acknowledgedTotal++;
      }
    }

    // A writer's assertion failing mid-stream is recorded, not left as an unhandled rejection.
    const writing = Promise.all(writers.map((writer) => write(writer).catch((error: unknown) => void failures.push(String(error)))));
    const lockPath = dataDir ? dataDirSocketPath(dataDir) : null;
    for (let kill = 1; kill <= KILLS; kill++) {
      const before = acknowledgedTotal;
      await waitFor(() => acknowledgedTotal >= before + ACKS_BEFORE_KILL || failures.length > 0, 60_000, "guardados confirmados");
      expect(failures).toEqual([]);
      await sleep(Math.floor(Math.random() * 150));
      const killed = server;
      up = false;
      killed.kill("SIGKILL");
      expect((await killed.exited).signal).toBe("SIGKILL");
      if (lockPath) {
        // The killed process left its lock socket behind; the restart must see nobody listens on it.
        expect(fs.existsSync(lockPath)).toBe(true);
      }
      server = await start();
      generation++;
      up = true;
    }
    const afterLastKill = acknowledgedTotal;
    await waitFor(() => acknowledgedTotal >= afterLastKill + ACKS_BEFORE_KILL || failures.length > 0, 60_000, "guardados tras el último reinicio");
    stop = true;
    await writing;
    expect(failures).toEqual([]);
    for (const writer of writers) if (writer.inDoubt) await reconcile(writer);

    let found = 0;
    let folded = 0;
    for (const writer of writers) {
      const current = await writer.api.get(`/bulletins/${writer.id}`);
      expect(current.body.version).toBe(writer.version);
      const revisions = await writer.api.get(`/bulletins/${writer.id}/revisions`);
      const versions = (revisions.body.items as { version: number }[]).map((item) => item.version);
      // One person's autosaves fold into one revision: versions increase and end at the last save;
      // an acknowledged save is either its own revision or was extended by a later acknowledged one.
      expect(versions.at(-1)).toBe(writer.version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
      for (const [version, content] of writer.acknowledged) {
        if (versions.includes(version)) {
          const revision = await writer.api.get(`/bulletins/${writer.id}/revisions/${version}`);
          expect(revision.status).toBe(200);
          expect(revision.body.content).toEqual(content);
        } else {
          expect(version).toBeLessThan(writer.version);
          folded++;
        }
        found++;
      }
      expect(bulletinOf(current.body)).toEqual(writer.acknowledged.get(writer.version) ?? writer.base);
      // Revision, bulletin row and audit event are written in one transaction: one save event per acknowledged save, folded or not.
      const events = await admin.get(`/bulletins/${writer.id}/events`);
      const saved = (events.body.items as { action: string; revision: number }[]).filter((event) => event.action === "save").map((event) => event.revision);
      expect(saved).toEqual([...writer.acknowledged.keys()].sort((a, b) => a - b));
    }
    const acknowledged = writers.reduce((sum, writer) => sum + writer.acknowledged.size, 0) - committedInDoubt;
    expect(found).toBe(acknowledged + committedInDoubt);
    console.log(
      `crash (${database ? "PostgreSQL" : "PGlite"}): ${KILLS} kills, ${CLIENTS} clients, ${acknowledged} saves acknowledged, ` +
        `${found - committedInDoubt} found, ${committedInDoubt + lostInDoubt} cut by the kill (${committedInDoubt} committed whole, ${lostInDoubt} absent), ` +
        `${folded} folded into a later save of the same session${lockPath ? ", stale lock taken over 5 times" : ""}`,
    );
  });
});
