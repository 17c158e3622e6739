import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource, User } from "../../shared/api/schemas";
import type { Database } from "../../server/db/client";
import { queryRows } from "../../server/db/client";
import { bulletins } from "../../server/db/schema";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import {
  ADMIN, AUTHOR, REVIEWER, SECOND_REVIEWER, act, errorCode, ifMatch, makeApproved, makeDraft, makeInReview, readyContent, userByEmail,
} from "./fixtures";

let server: TestServer;
let db: Database;
let author: User;
let reviewer: User;
let admin: User;
let authorClient: ApiClient;
let adminClient: ApiClient;
let reviewerClient: ApiClient;
let secondReviewerClient: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  [author, reviewer, admin] = await Promise.all([userByEmail(db, AUTHOR), userByEmail(db, REVIEWER), userByEmail(db, ADMIN)]);
  [authorClient, adminClient, reviewerClient, secondReviewerClient] = await Promise.all([
    signedIn(server.url, AUTHOR), signedIn(server.url, ADMIN), signedIn(server.url, REVIEWER), signedIn(server.url, SECOND_REVIEWER),
  ]);
});

afterAll(async () => {
  await server?.close();
});

async function lastSeq(year: number): Promise<number> {
  const rows = await queryRows<{ last_seq: number }>(db, sql`SELECT last_seq FROM number_counters WHERE year = ${year}`);
  return Number(rows[0]?.last_seq ?? 0);
}

async function resource(client: ApiClient, id: number): Promise<BulletinResource> {
  const response = await client.get(`/bulletins/${id}`);
  expect(response.status).toBe(200);
  return response.body as BulletinResource;
}

describe("four eyes: nobody approves text they wrote", () => {
  it("an admin who rewrote an author's draft, submitted it and approved it herself is refused, and no number is taken", async () => {
    const draft = await makeDraft(db, author);
    const year = Number(draft.content.date!.slice(0, 4));
    const before = await lastSeq(year);

    const saved = await adminClient.put(`/bulletins/${draft.id}`, readyContent({ title: "Titular reescrito por la administradora" }), ifMatch(draft.version));
    expect(saved.status).toBe(200);
    expect((await adminClient.post(`/bulletins/${draft.id}/transitions`, { action: "submit" })).status).toBe(200);

    const seenByAdmin = await resource(adminClient, draft.id);
    expect(seenByAdmin.allowedActions).not.toContain("approve");
    // The page says why in place of the button.
    expect(seenByAdmin.refusals.approve).toMatch(/guardaste cambios en su texto/);
    const approval = await adminClient.post(`/bulletins/${draft.id}/transitions`, { action: "approve" });
    expect(approval.status).toBe(403);
    expect(errorCode(approval)).toBe("forbidden_transition");
    expect(approval.body.error.message).toMatch(/guardaste cambios en su texto/);
    expect((await resource(adminClient, draft.id)).number).toBeNull();
    expect(await lastSeq(year)).toBe(before);

    // Someone who wrote none of it approves it.
    expect((await resource(reviewerClient, draft.id)).allowedActions).toContain("approve");
    const approved = await reviewerClient.post(`/bulletins/${draft.id}/transitions`, { action: "approve" });
    expect(approved.status).toBe(200);
    expect(approved.body.number).toEqual({ seq: before + 1, year });
  });

  it("an admin who only read someone's bulletin may approve it", async () => {
    const inReview = await makeInReview(db, author);
    expect((await resource(adminClient, inReview.id)).allowedActions).toContain("approve");
    expect((await adminClient.post(`/bulletins/${inReview.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("after a reopen, only what was saved since the last approval counts", async () => {
    // The admin approves; the bulletin is reopened and the admin fixes a word herself.
    const approved = await makeApproved(db, author, admin);
    const number = approved.content.number;
    const reopened = await act(db, author, approved.id, "reopen");
    const fixed = await adminClient.put(`/bulletins/${approved.id}`, readyContent({ title: "Titular corregido por la administradora" }), ifMatch(reopened.version));
    expect(fixed.status).toBe(200);
    await act(db, author, approved.id, "submit");

    const refused = await adminClient.post(`/bulletins/${approved.id}/transitions`, { action: "approve" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/nadie aprueba lo que escribió/);

    // A reviewer who saved nothing approves it again; it keeps its number.
    const again = await secondReviewerClient.post(`/bulletins/${approved.id}/transitions`, { action: "approve" });
    expect(again.status).toBe(200);
    expect(again.body.number).toEqual(number);

    // The first approver saved nothing after the first approval of another bulletin: she may approve it again.
    const second = await makeApproved(db, author, admin);
    await act(db, author, second.id, "reopen");
    await act(db, author, second.id, "submit");
    expect((await adminClient.post(`/bulletins/${second.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("the author never approves, even as an admin", async () => {
    const own = await makeInReview(db, admin);
    const response = await adminClient.post(`/bulletins/${own.id}/transitions`, { action: "approve" });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe("No puedes aprobar un boletín que tú escribiste.");
  });
});

describe("a number belongs to its year", () => {
  it("a reopened bulletin whose date moved to another year cannot go back to review: a blocking check says why", async () => {
    const approved = await makeApproved(db, author, reviewer);
    const { seq, year } = approved.content.number!;
    const reopened = await act(db, author, approved.id, "reopen");
    const moved = await authorClient.put(`/bulletins/${approved.id}`, readyContent({ date: `${year + 1}-01-15` }), ifMatch(reopened.version));
    expect(moved.status).toBe(200);
    const check = (moved.body as BulletinResource).checks.find((item) => item.code === "number_year_mismatch");
    expect(check).toMatchObject({ severity: "blocking", field: "date" });
    expect(check!.message).toContain(`No. ${seq}/${year}`);

    const submit = await authorClient.post(`/bulletins/${approved.id}/transitions`, { action: "submit" });
    expect(submit.status).toBe(409);
    expect(errorCode(submit)).toBe("checks_failed");
    expect((await resource(authorClient, approved.id)).status).toBe("draft");
  });

  it("approval refuses a bulletin in review whose date is not in its number's year", async () => {
    // As one submitted before the rule existed: in review, numbered 2026, dated 2027.
    const approved = await makeApproved(db, author, reviewer);
    const { year } = approved.content.number!;
    await act(db, author, approved.id, "reopen");
    await act(db, author, approved.id, "submit");
    await db
      .update(bulletins)
      .set({ content: { ...approved.content, date: `${year + 1}-02-03` } })
      .where(eq(bulletins.id, approved.id));

    const response = await secondReviewerClient.post(`/bulletins/${approved.id}/transitions`, { action: "approve" });
    expect(response.status).toBe(409);
    expect(errorCode(response)).toBe("checks_failed");
    expect(response.body.error.message).toMatch(/aprobarlo/);
    expect((await resource(secondReviewerClient, approved.id)).status).toBe("in_review");
  });
});
