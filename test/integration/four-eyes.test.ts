import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource, User } from "../../shared/api/schemas";
import type { Database } from "../../server/db/client";
import { queryRows } from "../../server/db/client";
import { bulletins } from "../../server/db/schema";
import { ApiClient, signedIn } from "../api-client";
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

describe("four eyes: text keeps its writers wherever it goes", () => {
  it("a copy of a colleague's unapproved draft keeps her as a writer: she cannot approve it unchanged", async () => {
    const raul = await userByEmail(db, REVIEWER);
    const draft = await makeDraft(db, raul, readyContent({ title: "Texto que escribió Raúl y nadie revisó" }));
    const copy = await secondReviewerClient.post("/bulletins", { fromBulletinId: draft.id });
    expect(copy.status).toBe(201);
    expect((await secondReviewerClient.post(`/bulletins/${copy.body.id}/transitions`, { action: "submit" })).status).toBe(200);

    const refused = await reviewerClient.post(`/bulletins/${copy.body.id}/transitions`, { action: "approve" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/nadie aprueba lo que escribió/);
    expect((await adminClient.post(`/bulletins/${copy.body.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("a copy of an archived bulletin is new text of whoever copies it: the archive's writer may approve it", async () => {
    const archived = (await authorClient.get("/bulletins?status=published&pageSize=1")).body.items[0];
    const copy = await authorClient.post("/bulletins", { fromBulletinId: archived.id });
    expect(copy.status).toBe(201);
    await authorClient.put(`/bulletins/${copy.body.id}`, readyContent(), ifMatch(copy.body.version));
    expect((await authorClient.post(`/bulletins/${copy.body.id}/transitions`, { action: "submit" })).status).toBe(200);
    // The archive was imported by the admin; its approved text is no longer hers to be kept from.
    expect((await adminClient.post(`/bulletins/${copy.body.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("text an admin wrote into a template is hers: a draft made from it unchanged is not hers to approve", async () => {
    const template = (await adminClient.get("/templates/general")).body;
    try {
      const finished = {
        titlePlaceholder: "Inaugura el IMSS una clínica en Tlalpan",
        highlightSlots: ["Atenderá a 40 mil derechohabientes."],
        body: readyContent().body,
      };
      expect((await adminClient.put("/templates/general", finished)).status).toBe(200);
      const draft = await authorClient.post("/bulletins", { templateId: "general" });
      expect((await authorClient.post(`/bulletins/${draft.body.id}/transitions`, { action: "submit" })).status).toBe(200);

      const refused = await adminClient.post(`/bulletins/${draft.body.id}/transitions`, { action: "approve" });
      expect(refused.status).toBe(403);
      expect((await reviewerClient.post(`/bulletins/${draft.body.id}/transitions`, { action: "approve" })).status).toBe(200);
    } finally {
      const { id: _id, ...rest } = template;
      await adminClient.put("/templates/general", rest);
    }
  });

  it("a draft cannot become a template: templates come from the archive", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "SECRETO de un borrador" }));
    const response = await adminClient.post("/templates", { fromBulletinId: draft.id, name: "Desde un borrador" });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/aprobado o publicado/);
  });
});

describe("four eyes: an account whose password someone else set", () => {
  it("a reviewer account an admin just created cannot approve the admin's text until its owner sets her own password", async () => {
    const draft = await makeDraft(db, author);
    await adminClient.put(`/bulletins/${draft.id}`, readyContent({ title: "Reescrito por la administración" }), ifMatch(draft.version));
    await act(db, author, draft.id, "submit");

    const created = await adminClient.post("/users", { email: `adela-${Date.now()}@redacta.local`, name: "Adela Administradora", role: "reviewer", password: "puesta-por-admin" });
    expect(created.status).toBe(201);
    expect(created.body.passwordSetBy).toBe(admin.id);
    const lookalike = await new ApiClient(server.url).signIn(created.body.email, "puesta-por-admin");

    const refused = await lookalike.post(`/bulletins/${draft.id}/transitions`, { action: "approve" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/tu contraseña la puso otra persona/);
    expect((await resource(lookalike, draft.id)).refusals.approve).toMatch(/Cámbiala tú/);

    const wrong = await lookalike.put("/session/password", { currentPassword: "no-es-esta", newPassword: "la-mia-propia-larga" });
    expect(wrong.status).toBe(400);
    const changed = await lookalike.put("/session/password", { currentPassword: "puesta-por-admin", newPassword: "la-mia-propia-larga" });
    expect(changed.status).toBe(200);
    expect(changed.body.user.passwordSetBy).toBeNull();
    expect((await lookalike.post(`/bulletins/${draft.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("an admin who resets a colleague's password cannot approve her own text through that account", async () => {
    const colleague = await adminClient.post("/users", { email: `rita-${Date.now()}@redacta.local`, name: "Rita Dos", role: "reviewer", password: "su-propia-clave" });
    const ritaClient = await new ApiClient(server.url).signIn(colleague.body.email, "su-propia-clave");
    await ritaClient.put("/session/password", { currentPassword: "su-propia-clave", newPassword: "su-propia-clave-2" });

    const draft = await makeDraft(db, author);
    await adminClient.put(`/bulletins/${draft.id}`, readyContent({ title: "Otra vez la administración" }), ifMatch(draft.version));
    await act(db, author, draft.id, "submit");
    expect((await adminClient.patch(`/users/${colleague.body.id}`, { password: "tomada-por-admin" })).status).toBe(200);
    const asRita = await new ApiClient(server.url).signIn(colleague.body.email, "tomada-por-admin");
    expect((await asRita.post(`/bulletins/${draft.id}/transitions`, { action: "approve" })).status).toBe(403);
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

describe("a first number comes from a date near today", () => {
  it("a bulletin dated decades ahead (a typo) is not numbered in that year: the approval is refused and says why", async () => {
    const far = await makeInReview(db, author, readyContent({ date: "2062-11-23" }));
    const response = await reviewerClient.post(`/bulletins/${far.id}/transitions`, { action: "approve" });
    expect(response.status).toBe(409);
    expect(errorCode(response)).toBe("checks_failed");
    expect(await lastSeq(2062)).toBe(0);
  });
});


describe("four eyes: text written through an account whose password someone else set", () => {
  it("an admin who set an author's password and wrote as her cannot approve that text as herself", async () => {
    const created = await adminClient.post("/users", { email: `bety-${Date.now()}@redacta.local`, name: "Bety Autora", role: "author", password: "puesta-por-admin" });
    const asBety = await new ApiClient(server.url).signIn(created.body.email, "puesta-por-admin");
    const draft = await asBety.post("/bulletins", { templateId: "general" });
    await asBety.put(`/bulletins/${draft.body.id}`, readyContent({ title: "Escrito por la administración con la cuenta de Bety" }), ifMatch(draft.body.version));
    expect((await asBety.post(`/bulletins/${draft.body.id}/transitions`, { action: "submit" })).status).toBe(200);

    const refused = await adminClient.post(`/bulletins/${draft.body.id}/transitions`, { action: "approve" });
    expect(refused.status).toBe(403);
    expect((await reviewerClient.post(`/bulletins/${draft.body.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("guesses at the current password when changing it are counted like sign-ins", async () => {
    const created = await adminClient.post("/users", { email: `carla-${Date.now()}@redacta.local`, name: "Carla Revisora", role: "reviewer", password: "su-clave-de-inicio" });
    const session = await new ApiClient(server.url).signIn(created.body.email, "su-clave-de-inicio");
    const statuses: number[] = [];
    for (let guess = 0; guess < 7; guess++) {
      statuses.push((await session.put("/session/password", { currentPassword: `intento-${guess}`, newPassword: "una-clave-nueva-larga" })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toContain(429);
  });
});
