import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { bulletins } from "../../server/db/schema";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, act, errorCode, insertManyInReview, makeApproved, readyContent, userByEmail } from "./fixtures";

const THIS_YEAR = Number(todayInMexicoCity().slice(0, 4));
/** A year of its own for the collision case, so it never meets this year's approvals. */
const PAST_YEAR = 2019;

let server: TestServer;
let admin: ApiClient;
let author: User;
let reviewer: User;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedIn(server.url, ADMIN);
  author = await userByEmail(server.handle.db, AUTHOR);
  reviewer = await userByEmail(server.handle.db, REVIEWER);
});

afterAll(async () => {
  await server?.close();
});

const yearOf = async (year: number) => ((await admin.get("/numbering")).body.items as { year: number; lastSeq: number; nextSeq: number }[]).find((item) => item.year === year);

describe("continuing an office's numbering", () => {
  it("lists every year with its last and next number, this year included before its first number", async () => {
    const listed = await admin.get("/numbering");
    expect(listed.status).toBe(200);
    const years = listed.body.items.map((item: { year: number }) => item.year);
    expect(years).toContain(THIS_YEAR);
    expect(years).toContain(2024); // the archive examples (493/2024 and others)
    expect(await yearOf(THIS_YEAR)).toEqual({ year: THIS_YEAR, lastSeq: 0, nextSeq: 1 });
    const examples = await yearOf(2024);
    expect(examples!.nextSeq).toBe(examples!.lastSeq + 1);
    expect(examples!.lastSeq).toBeGreaterThanOrEqual(493);
  });

  it("an office adopting Redacta mid-year sets the next number, and the next approval takes it", async () => {
    const set = await admin.put(`/numbering/${THIS_YEAR}`, { nextSeq: 612 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ year: THIS_YEAR, lastSeq: 611, nextSeq: 612 });
    const approved = await makeApproved(server.handle.db, author, reviewer);
    expect(approved.content.number).toEqual({ seq: 612, year: THIS_YEAR });
    expect(await yearOf(THIS_YEAR)).toEqual({ year: THIS_YEAR, lastSeq: 612, nextSeq: 613 });

    const activity = await admin.get("/events?pageSize=5");
    expect(activity.body.items.find((event: { action: string }) => event.action === "set_next_number")).toMatchObject({
      bulletinId: null,
      actorName: "Adela Administradora",
      detail: { year: THIS_YEAR, previousNextSeq: 1, nextSeq: 612 },
    });
  });

  it("only upward: a number already given is never handed out again", async () => {
    for (const nextSeq of [612, 100, 1]) {
      const refused = await admin.put(`/numbering/${THIS_YEAR}`, { nextSeq });
      expect(refused.status, `nextSeq ${nextSeq}`).toBe(409);
      expect(errorCode(refused)).toBe("numbering_backwards");
      expect(refused.body.error.message).toBe(`En ${THIS_YEAR} ya se dio el número 612: el siguiente debe ser 613 o mayor (la numeración solo avanza, nunca se repite un número).`);
    }
    // Asking for what is already next changes nothing and is not an error.
    expect((await admin.put(`/numbering/${THIS_YEAR}`, { nextSeq: 613 })).status).toBe(200);
    expect((await yearOf(THIS_YEAR))!.nextSeq).toBe(613);
  });

  it("refused while a bulletin of that year already holds the number it would hand out, or a later one", async () => {
    // A number held beyond the counter (data restored by hand, say): setting the counter below it would collide.
    const [held] = await server.handle.db
      .insert(bulletins)
      .values({ status: "published", authorId: author.id, content: readyContent({ number: { seq: 450, year: PAST_YEAR } }), numberYear: PAST_YEAR, numberSeq: 450 })
      .returning({ id: bulletins.id });
    for (const nextSeq of [300, 450]) {
      const refused = await admin.put(`/numbering/${PAST_YEAR}`, { nextSeq });
      expect(refused.status).toBe(409);
      expect(errorCode(refused)).toBe("numbering_collision");
      expect(refused.body.error.message).toBe(`El boletín #${held!.id} ya tiene el número 450/${PAST_YEAR}: el siguiente número debe ser 451 o mayor para no repetirlo.`);
      expect(refused.body.error.details).toMatchObject({ bulletinId: held!.id, heldSeq: 450, nextSeq: 451 });
    }
    expect((await admin.put(`/numbering/${PAST_YEAR}`, { nextSeq: 451 })).status).toBe(200);
  });

  it("bad input answers a Spanish 400, never a 500", async () => {
    const cases: [string, unknown][] = [
      [`/numbering/${THIS_YEAR}`, { nextSeq: 0 }],
      [`/numbering/${THIS_YEAR}`, { nextSeq: 1.5 }],
      [`/numbering/${THIS_YEAR}`, { nextSeq: "700" }],
      [`/numbering/${THIS_YEAR}`, { nextSeq: 2_000_000 }],
      [`/numbering/${THIS_YEAR}`, { nextSeq: 700, extra: true }],
      [`/numbering/${THIS_YEAR}`, {}],
      ["/numbering/99999", { nextSeq: 700 }],
      ["/numbering/abc", { nextSeq: 700 }],
    ];
    for (const [path, body] of cases) {
      const response = await admin.put(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(errorCode(response)).toBe("validation_error");
      expect(response.body.error.message).toMatch(/Datos no válidos/);
    }
  });

  it("a change made while approvals run never yields a repeated number", async () => {
    const db = server.handle.db;
    const ids = await insertManyInReview(db, author, 8);
    const [numbers] = await Promise.all([
      Promise.all(ids.map((id) => act(db, reviewer, id, "approve").then((row) => row.numberSeq!))),
      admin.put(`/numbering/${THIS_YEAR}`, { nextSeq: 900 }).then((response) => expect([200, 409]).toContain(response.status)),
    ]);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Numbers taken after the change start at 900; the counter is at the highest number given (or 899).
    const after = numbers.filter((seq) => seq >= 900).sort((a, b) => a - b);
    expect(after).toEqual(after.map((_, index) => 900 + index));
    expect((await yearOf(THIS_YEAR))!.lastSeq).toBe(Math.max(899, ...numbers));
  });
});

describe("the end of a year's numbering", () => {
  it("the last number the format allows is given once; the approval after it is refused, not numbered beyond", async () => {
    // This year (a first number is only given to a date near today), so this runs last in the file.
    const year = THIS_YEAR;
    expect((await admin.put(`/numbering/${year}`, { nextSeq: 1_000_000 })).status).toBe(200);
    const last = await makeApproved(server.handle.db, author, reviewer, readyContent());
    expect(last.content.number).toEqual({ seq: 1_000_000, year });
    const reviewerClient = await signedIn(server.url, REVIEWER);
    const next = await makeInReviewVia(readyContent());
    const refused = await reviewerClient.post(`/bulletins/${next}/transitions`, { action: "approve" });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe("numbering_exhausted");
    expect((await reviewerClient.get(`/bulletins/${next}`)).body).toMatchObject({ status: "in_review", number: null });
  });
});

async function makeInReviewVia(content: ReturnType<typeof readyContent>): Promise<number> {
  const [id] = await insertManyInReview(server.handle.db, author, 1, content);
  return id!;
}

