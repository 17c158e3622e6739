import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource, User } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { importBulletin } from "../../server/commands/importBulletin";
import { queryRows, type Database } from "../../server/db/client";
import { startServer, type RunningServer } from "../../server/start";
import { signedIn, type ApiClient, type ApiResponse } from "../api-client";
import { TEST_DATABASE_URL } from "../db";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, SECOND_REVIEWER, errorCode, ifMatch, insertManyInReview, makeDraft, readyContent, sameSessionOn, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let author: User;
let reviewers: ApiClient[];
let authorClient: ApiClient;
const year = Number(todayInMexicoCity().slice(0, 4));

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  reviewers = await Promise.all([signedIn(server.url, REVIEWER), signedIn(server.url, SECOND_REVIEWER)]);
  authorClient = await signedIn(server.url, AUTHOR);
  author = await userByEmail(db, AUTHOR);
});

afterAll(async () => {
  await server?.close();
});

async function lastNumberOf(numberYear: number): Promise<number> {
  const [row] = await queryRows<{ last: number | null }>(db, sql`SELECT max(number_seq) AS last FROM bulletins WHERE number_year = ${numberYear}`);
  return Number(row?.last ?? 0);
}

/** `count` bulletins of the author in review. */
function inReview(count: number, date?: string): Promise<number[]> {
  return insertManyInReview(db, author, count, readyContent(date ? { date } : {}));
}

/** Approves; a refusal for too many requests in flight (one reviewer firing dozens at once) is sent again, as a client would. */
async function approve(client: ApiClient, id: number): Promise<ApiResponse<BulletinResource>> {
  for (;;) {
    const response = await client.post<BulletinResource>(`/bulletins/${id}/transitions`, { action: "approve" });
    if (errorCode(response) !== "too_many_requests") return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The numbers that successful approvals gave, sorted. */
function numbersOf(responses: ApiResponse<BulletinResource>[]): number[] {
  return responses.map((response) => {
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.number?.year).toBe(year);
    return response.body.number!.seq;
  }).sort((a, b) => a - b);
}

const range = (first: number, count: number) => Array.from({ length: count }, (_, index) => first + index);

describe("numbers at approval", () => {
  it("fifty approvals at the same instant get fifty distinct consecutive numbers, without gaps", async () => {
    const ids = await inReview(50);
    const before = await lastNumberOf(year);
    const responses = await Promise.all(ids.map((id, index) => approve(reviewers[index % 2]!, id)));
    expect(numbersOf(responses)).toEqual(range(before + 1, 50));
    // What the resources say is what the database holds.
    const stored = await queryRows<{ seq: number }>(db, sql`SELECT number_seq AS seq FROM bulletins WHERE number_year = ${year} AND number_seq > ${before} ORDER BY 1`);
    expect(stored.map((row) => Number(row.seq))).toEqual(range(before + 1, 50));
  });

  it("approving the same bulletin twice at once never yields two numbers", async () => {
    const [id] = await inReview(1);
    const before = await lastNumberOf(year);
    const responses = await Promise.all([approve(reviewers[0]!, id!), approve(reviewers[1]!, id!)]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(errorCode(responses.find((response) => response.status === 409)!)).toBe("invalid_transition");
    const winner = responses.find((response) => response.status === 200)!.body;
    expect(winner.number).toEqual({ seq: before + 1, year });
    // The counter moved once: the next approval takes the very next number.
    const [next] = await inReview(1);
    expect((await approve(reviewers[0]!, next!)).body.number).toEqual({ seq: before + 2, year });
  });

  it("numbers of the imported archive are never handed out again", async () => {
    // An archive imported mid-year holds this year's numbers up to the last one it printed.
    const imported = (await lastNumberOf(year)) + 40;
    const today = todayInMexicoCity();
    await importBulletin(db, author.id, readyContent({ number: { seq: imported, year }, date: today }), new TextEncoder().encode(`archivo ${imported}`));
    const [id] = await inReview(1, today);
    const approved = await approve(reviewers[0]!, id!);
    expect(approved.status).toBe(200);
    expect(approved.body.number).toEqual({ seq: imported + 1, year });
  });
});

describe.runIf(TEST_DATABASE_URL)("two server processes on one PostgreSQL", () => {
  let second: RunningServer;
  let secondUrl: string;

  beforeAll(async () => {
    second = await startServer({
      port: 0,
      host: "127.0.0.1",
      dataDir: "",
      production: false,
      databaseUrl: server.databaseUrl!,
      log: () => {},
    });
    secondUrl = second.url.replace("localhost", "127.0.0.1");
  });

  afterAll(async () => {
    await second?.close();
  });

  it("a session cookie from one process works on the other", async () => {
    const elsewhere = sameSessionOn(reviewers[0]!, secondUrl);
    const me = await elsewhere.get("/session");
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(REVIEWER);
    // Writes too (the Origin is the second process's own).
    const created = await elsewhere.post<BulletinResource>("/bulletins", { templateId: "general" });
    expect(created.status).toBe(201);
    // Signing out on the second ends the session on the first.
    const admin = await signedIn(server.url, ADMIN);
    expect((await sameSessionOn(admin, secondUrl).delete("/session")).status).toBe(204);
    expect((await admin.get("/session")).status).toBe(401);
  });

  it("approvals split across both processes still get distinct consecutive numbers", async () => {
    const ids = await inReview(30);
    const before = await lastNumberOf(year);
    const clients = [...reviewers, ...reviewers.map((client) => sameSessionOn(client, secondUrl))];
    const responses = await Promise.all(ids.map((id, index) => approve(clients[index % clients.length]!, id)));
    expect(numbersOf(responses)).toEqual(range(before + 1, 30));
  });

  it("two saves of the same version on different processes: exactly one is refused", async () => {
    const draft = await makeDraft(db, author);
    const here = authorClient;
    const there = sameSessionOn(authorClient, secondUrl);
    const responses = await Promise.all([
      here.put(`/bulletins/${draft.id}`, readyContent({ title: "Guardado en el primer proceso" }), ifMatch(draft.version)),
      there.put(`/bulletins/${draft.id}`, readyContent({ title: "Guardado en el segundo proceso" }), ifMatch(draft.version)),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const refused = responses.find((response) => response.status === 409)!;
    const saved = responses.find((response) => response.status === 200)!;
    expect(errorCode(refused)).toBe("version_conflict");
    expect(refused.body.error.details.current).toMatchObject({ version: draft.version + 1, title: saved.body.title });
    // One revision holds the winner's text (it may have extended the author's open one: same person).
    const revisions = await here.get(`/bulletins/${draft.id}/revisions`);
    expect(revisions.body.items.at(-1)).toMatchObject({ version: draft.version + 1 });
    const last = await here.get(`/bulletins/${draft.id}/revisions/${draft.version + 1}`);
    expect(last.body.content.title).toBe(saved.body.title);
  });
});
