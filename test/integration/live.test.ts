import http from "node:http";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presence } from "../../server/db/schema";
import { startServer } from "../../server/start";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { AUTHOR, REVIEWER, makeInReview, userByEmail } from "./fixtures";

/** An open event stream of the API, read event by event. */
class EventStream {
  private buffer = "";
  private readonly events: { event: string; data: string }[] = [];
  private waiting: (() => void) | null = null;
  private request: http.ClientRequest | null = null;
  status = 0;
  contentType = "";
  /** Whether the server ended the stream (its body finished or the connection dropped). */
  ended = false;

  /** On a connection of its own (node:http, no pool), as a browser's EventSource holds one. */
  static open(client: ApiClient, path: string): Promise<EventStream> {
    const stream = new EventStream();
    const cookie = (client as unknown as { cookie: string }).cookie;
    return new Promise((resolve, reject) => {
      stream.request = http.get(`${client.baseUrl}/api${path}`, { agent: false, headers: { Accept: "text/event-stream", Cookie: cookie, "Accept-Encoding": "gzip" } }, (response) => {
        stream.status = response.statusCode ?? 0;
        stream.contentType = response.headers["content-type"] ?? "";
        void stream.read(response);
        resolve(stream);
      });
      stream.request.on("error", reject);
    });
  }

  private async read(body: http.IncomingMessage) {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        this.buffer += decoder.decode(chunk as Buffer, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf("\n\n")) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event) this.events.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? "" });
          this.waiting?.();
        }
      }
    } catch {
      // Aborted.
    }
    this.ended = true;
    this.waiting?.();
  }

  /** The next event named `name` (skipping others), or a timeout. */
  async next(name: string, timeoutMs = 5000): Promise<{ event: string; data: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex((entry) => entry.event === name);
      if (index >= 0) return this.events.splice(0, index + 1).pop()!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no «${name}» event in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close() {
    this.request?.destroy();
  }
}

describe("presence and live updates", () => {
  let server: TestServer;
  let author: ApiClient;
  let reviewer: ApiClient;
  let bulletinId: number;

  beforeAll(async () => {
    server = await startTestServer();
    author = await signedIn(server.url, AUTHOR);
    reviewer = await signedIn(server.url, REVIEWER);
    const row = await makeInReview(server.handle.db, await userByEmail(server.handle.db, AUTHOR));
    bulletinId = row.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("shows a heartbeat to another user, not to the page that sent it, and drops stale ones", async () => {
    expect((await author.put(`/bulletins/${bulletinId}/presence`, { pageId: "author-page-1", activity: "editing" })).status).toBe(204);
    expect((await reviewer.put(`/bulletins/${bulletinId}/presence`, { pageId: "reviewer-page-1", activity: "reviewing" })).status).toBe(204);

    const seenByReviewer = await reviewer.get(`/bulletins/${bulletinId}/presence?pageId=reviewer-page-1`);
    expect(seenByReviewer.status).toBe(200);
    expect(seenByReviewer.body.items).toEqual([expect.objectContaining({ name: "Ana Autora", activity: "editing" })]);
    const seenByAuthor = await author.get(`/bulletins/${bulletinId}/presence?pageId=author-page-1`);
    expect(seenByAuthor.body.items).toEqual([expect.objectContaining({ name: "Raúl Revisor", activity: "reviewing" })]);

    // The reviewer's page went quiet a minute ago (a closed laptop): no longer shown.
    await server.handle.db.update(presence).set({ seenAt: sql`now() - interval '60 seconds'` }).where(eq(presence.pageId, "reviewer-page-1"));
    expect((await author.get(`/bulletins/${bulletinId}/presence?pageId=author-page-1`)).body.items).toEqual([]);

    // A page gone for long is swept when another page arrives.
    await server.handle.db.update(presence).set({ seenAt: sql`now() - interval '1 hour'` }).where(eq(presence.pageId, "reviewer-page-1"));
    await reviewer.put(`/bulletins/${bulletinId}/presence`, { pageId: "reviewer-page-9", activity: "reading" });
    expect(await server.handle.db.select().from(presence).where(eq(presence.pageId, "reviewer-page-1"))).toEqual([]);
    await reviewer.delete(`/bulletins/${bulletinId}/presence/reviewer-page-9`);

    // Leaving: the author's page is gone at once.
    expect((await author.delete(`/bulletins/${bulletinId}/presence/author-page-1`)).status).toBe(204);
    expect((await reviewer.get(`/bulletins/${bulletinId}/presence?pageId=reviewer-page-1`)).body.items).toEqual([]);
  });

  it("refuses a heartbeat that is not one, and one on a bulletin the caller cannot see", async () => {
    expect((await author.put(`/bulletins/${bulletinId}/presence`, { pageId: "x", activity: "editing" })).status).toBe(400);
    expect((await author.put(`/bulletins/${bulletinId}/presence`, { pageId: "author-page-2", activity: "typing" })).status).toBe(400);
    expect((await author.put(`/bulletins/999999/presence`, { pageId: "author-page-2", activity: "reading" })).status).toBe(404);
  });

  it("tells an open stream about another user's comment and presence, uncompressed, with the admission slot freed", async () => {
    const stream = await EventStream.open(author, `/bulletins/${bulletinId}/live`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain("text/event-stream");
    await stream.next("ready");

    // More open streams than the caller's in-flight limit (8): none holds a slot, a request still
    // goes through. Opened one after another: ten opened at once are ten requests in flight until
    // each is admitted, which the limit rightly refuses on a slow machine.
    const more: EventStream[] = [];
    for (let i = 0; i < 10; i++) more.push(await EventStream.open(author, `/bulletins/${bulletinId}/live`));
    expect(more.map((entry) => entry.status)).toEqual(Array(10).fill(200));
    expect((await author.get(`/bulletins/${bulletinId}`)).status).toBe(200);
    for (const entry of more) entry.close();

    expect((await reviewer.post(`/bulletins/${bulletinId}/comments`, { body: "¿Está confirmada la fecha?" })).status).toBe(201);
    expect(JSON.parse((await stream.next("change")).data)).toEqual({ bulletinId });

    expect((await reviewer.put(`/bulletins/${bulletinId}/presence`, { pageId: "reviewer-page-2", activity: "reviewing" })).status).toBe(204);
    await stream.next("presence");
    stream.close();
  });

  it("tells the lists' stream that some bulletin changed, not about presence", async () => {
    const stream = await EventStream.open(reviewer, "/live");
    await stream.next("ready");
    expect((await author.put(`/bulletins/${bulletinId}/presence`, { pageId: "author-page-3", activity: "reading" })).status).toBe(204);
    await expect(stream.next("lists", 800)).rejects.toThrow(/no «lists»/);
    expect((await author.post(`/bulletins/${bulletinId}/comments`, { body: "Para las listas." })).status).toBe(201);
    expect(JSON.parse((await stream.next("lists")).data)).toEqual({});
    stream.close();
  });

  it("does not tell a stream of another bulletin", async () => {
    const other = await makeInReview(server.handle.db, await userByEmail(server.handle.db, AUTHOR));
    const stream = await EventStream.open(author, `/bulletins/${other.id}/live`);
    await stream.next("ready");
    await reviewer.post(`/bulletins/${bulletinId}/comments`, { body: "Otra observación." });
    await expect(stream.next("change", 1000)).rejects.toThrow(/no «change»/);
    await reviewer.post(`/bulletins/${other.id}/comments`, { body: "Y aquí." });
    await stream.next("change");
    stream.close();
  });

  it("ends open streams when the server closes", async () => {
    const own = await startTestServer();
    const client = await signedIn(own.url, AUTHOR);
    const row = await makeInReview(own.handle.db, await userByEmail(own.handle.db, AUTHOR));
    const stream = await EventStream.open(client, `/bulletins/${row.id}/live`);
    await stream.next("ready");
    // A stream left open would keep close() waiting for ever (the test's timeout); once it
    // returns, the page's stream has been ended, so its EventSource reconnects elsewhere.
    await own.close();
    for (const deadline = Date.now() + 5000; !stream.ended && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.ended).toBe(true);
    stream.close();
  });

  it.runIf(process.env.TEST_DATABASE_URL)("on PostgreSQL, tells a stream on one server process about a comment made through another", async () => {
    const other = await startServer({ port: 0, host: "127.0.0.1", dataDir: "", production: false, databaseUrl: server.databaseUrl, log: () => {} });
    try {
      const otherUrl = other.url.replace("localhost", "127.0.0.1");
      const reviewerThere = await signedIn(otherUrl, REVIEWER);
      const stream = await EventStream.open(author, `/bulletins/${bulletinId}/live`);
      await stream.next("ready");
      expect((await reviewerThere.post(`/bulletins/${bulletinId}/comments`, { body: "Desde el otro proceso." })).status).toBe(201);
      await stream.next("change");
      expect((await reviewerThere.put(`/bulletins/${bulletinId}/presence`, { pageId: "reviewer-there-1", activity: "reviewing" })).status).toBe(204);
      await stream.next("presence");
      // The presence lives in the database: the first process shows it.
      expect((await author.get(`/bulletins/${bulletinId}/presence`)).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: "Raúl Revisor", activity: "reviewing" })]));
      stream.close();
    } finally {
      await other.close();
    }
  });
});
