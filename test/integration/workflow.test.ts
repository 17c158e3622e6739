import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent, BulletinResource, Comment, User } from "../../shared/api/schemas";
import { todayInMexicoCity } from "../../shared/bulletin/date-line";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { queryRows, type Database } from "../../server/db/client";
import { loadShippedTemplates } from "../../server/templates/load";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import {
  ADMIN, AUTHOR, REVIEWER, SECOND_REVIEWER, act, errorCode, ifMatch, makeApproved, makeDraft, makeInReview, readyContent, userByEmail,
} from "./fixtures";

let server: TestServer;
let db: Database;
let author: ApiClient;
let reviewer: ApiClient;
let secondReviewer: ApiClient;
let admin: ApiClient;
const people: Record<string, User> = {};

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  [author, reviewer, secondReviewer, admin] = await Promise.all([
    signedIn(server.url, AUTHOR),
    signedIn(server.url, REVIEWER),
    signedIn(server.url, SECOND_REVIEWER),
    signedIn(server.url, ADMIN),
  ]);
  for (const email of [AUTHOR, REVIEWER, SECOND_REVIEWER, ADMIN]) people[email] = await userByEmail(db, email);
});

afterAll(async () => {
  await server?.close();
});

/** The bulletin JSON of a resource (what PUT takes). */
function contentOf(resource: BulletinResource): Bulletin {
  const { number, place, date, title, highlights, body, photoLinks, videoLinks } = resource;
  return { number, place, date, title, highlights, body, photoLinks, videoLinks };
}

/** The database's own message when `run` fails (drizzle wraps it in `cause`); null when it succeeds. */
async function databaseRefusal(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
}

async function lastNumberOf(year: number): Promise<number> {
  const [row] = await queryRows<{ last: number | null }>(db, sql`SELECT max(number_seq) AS last FROM bulletins WHERE number_year = ${year}`);
  return Number(row?.last ?? 0);
}

describe("writing a draft", () => {
  it("a new draft starts from the template with today's date in Mexico City and its placeholders", async () => {
    const template = loadShippedTemplates().find((item) => item.id === "general")!;
    const response = await author.post<BulletinResource>("/bulletins", { templateId: "general" });
    expect(response.status).toBe(201);
    expect(response.headers.get("etag")).toBe('"1"');
    const draft = response.body;
    expect(draft).toMatchObject({ status: "draft", version: 1, number: null, authorId: people[AUTHOR]!.id });
    expect(draft.date).toBe(todayInMexicoCity());
    expect(draft.title).toBe(template.titlePlaceholder);
    expect(draft.highlights).toEqual(template.highlightSlots);
    expect(draft.checks.some((check) => check.code === "placeholder_left" && check.severity === "blocking")).toBe(true);
    expect(draft.allowedActions).toEqual(["edit", "submit"]);
  });

  it("saving with If-Match makes the next version and keeps the earlier one as a revision", async () => {
    const created = (await author.post<BulletinResource>("/bulletins", { templateId: "general" })).body;
    const content = readyContent({ title: "Abre el IMSS su primera guardería en Milpa Alta" });
    const saved = await author.put<BulletinResource>(`/bulletins/${created.id}`, content, ifMatch(1));
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    expect(saved.headers.get("etag")).toBe('"2"');
    expect(saved.body.title).toBe(content.title);

    const revisions = await author.get(`/bulletins/${created.id}/revisions`);
    expect(revisions.body.items.map((item: { version: number }) => item.version)).toEqual([1, 2]);
    const first = await author.get(`/bulletins/${created.id}/revisions/1`);
    expect(first.body.content.title).toBe(created.title);
    const second = await author.get(`/bulletins/${created.id}/revisions/2`);
    expect(second.body.content.title).toBe(content.title);
  });

  it("saving without If-Match is refused with 428 and changes nothing", async () => {
    const created = (await author.post<BulletinResource>("/bulletins", { templateId: "general" })).body;
    const response = await author.put(`/bulletins/${created.id}`, readyContent());
    expect(response.status).toBe(428);
    expect(errorCode(response)).toBe("precondition_required");
    expect((await author.get(`/bulletins/${created.id}`)).body.version).toBe(1);
  });

  it("a save on a stale version is refused with the current bulletin instead of overwriting it", async () => {
    const created = (await author.post<BulletinResource>("/bulletins", { templateId: "general" })).body;
    const mine = await author.put(`/bulletins/${created.id}`, readyContent({ title: "Versión de la autora" }), ifMatch(1));
    expect(mine.status).toBe(200);
    const theirs = await admin.put(`/bulletins/${created.id}`, readyContent({ title: "Versión del administrador" }), ifMatch(1));
    expect(theirs.status).toBe(409);
    expect(errorCode(theirs)).toBe("version_conflict");
    const current = theirs.body.error.details.current as BulletinResource;
    expect(current).toMatchObject({ id: created.id, version: 2, title: "Versión de la autora", status: "draft" });
    expect((await author.get(`/bulletins/${created.id}`)).body.title).toBe("Versión de la autora");
  });

  it("a draft with template placeholders left cannot be submitted", async () => {
    const created = (await author.post<BulletinResource>("/bulletins", { templateId: "general" })).body;
    const response = await author.post(`/bulletins/${created.id}/transitions`, { action: "submit" });
    expect(response.status).toBe(409);
    expect(errorCode(response)).toBe("checks_failed");
    expect(response.body.error.message).toMatch(/plantilla/);
    expect(response.body.error.details.checks.map((check: { code: string }) => check.code)).toContain("placeholder_left");
    expect((await author.get(`/bulletins/${created.id}`)).body.status).toBe("draft");

    // Filling in one placeholder is not enough: every one must go.
    const partly = { ...contentOf(created), title: "Titular ya escrito por la autora" };
    await author.put(`/bulletins/${created.id}`, partly, ifMatch(1));
    expect((await author.post(`/bulletins/${created.id}/transitions`, { action: "submit" })).status).toBe(409);

    await author.put(`/bulletins/${created.id}`, readyContent(), ifMatch(2));
    const submitted = await author.post<BulletinResource>(`/bulletins/${created.id}/transitions`, { action: "submit" });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("in_review");
  });
});

describe("review", () => {
  it("asking for changes needs a comment saying what to change", async () => {
    const bulletin = await makeInReview(db, people[AUTHOR]!);
    const bare = await reviewer.post(`/bulletins/${bulletin.id}/transitions`, { action: "request_changes" });
    expect(bare.status).toBe(400);
    expect(errorCode(bare)).toBe("validation_error");
    const blank = await reviewer.post(`/bulletins/${bulletin.id}/transitions`, { action: "request_changes", comment: "   " });
    expect(blank.status).toBe(400);
    expect((await reviewer.get(`/bulletins/${bulletin.id}`)).body.status).toBe("in_review");

    const asked = await reviewer.post<BulletinResource>(`/bulletins/${bulletin.id}/transitions`, {
      action: "request_changes",
      comment: "Falta el nombre de la directora en el segundo párrafo.",
    });
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe("changes_requested");
    const comments = (await author.get(`/bulletins/${bulletin.id}/comments`)).body.items as Comment[];
    expect(comments).toEqual([
      expect.objectContaining({ body: "Falta el nombre de la directora en el segundo párrafo.", revision: bulletin.version, authorId: people[REVIEWER]!.id }),
    ]);
  });

  it("nobody approves a bulletin they wrote, not even an admin", async () => {
    const byAuthor = await makeInReview(db, people[AUTHOR]!);
    const own = await author.post(`/bulletins/${byAuthor.id}/transitions`, { action: "approve" });
    expect(own.status).toBe(403);

    const byAdmin = await makeInReview(db, people[ADMIN]!);
    const adminOwn = await admin.post(`/bulletins/${byAdmin.id}/transitions`, { action: "approve" });
    expect(adminOwn.status).toBe(403);
    expect(errorCode(adminOwn)).toBe("forbidden_transition");
    expect(adminOwn.body.error.message).toMatch(/tú escribiste/);
    expect((await admin.get(`/bulletins/${byAdmin.id}`)).body).toMatchObject({ status: "in_review", number: null });

    // Another person may: the admin approves the author's, a reviewer the admin's.
    expect((await admin.post(`/bulletins/${byAuthor.id}/transitions`, { action: "approve" })).status).toBe(200);
    expect((await reviewer.post(`/bulletins/${byAdmin.id}/transitions`, { action: "approve" })).status).toBe(200);
  });

  it("approval gives the next number of the year, shown in the resource and in the text export", async () => {
    const year = Number(todayInMexicoCity().slice(0, 4));
    const bulletin = await makeInReview(db, people[AUTHOR]!);
    const expected = (await lastNumberOf(year)) + 1;
    const approved = await reviewer.post<BulletinResource>(`/bulletins/${bulletin.id}/transitions`, { action: "approve" });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", number: { seq: expected, year } });
    // The number is part of the approved text: a new revision carries it.
    expect(approved.body.approvedRevision).toBe(bulletin.version + 1);
    const text = await author.get(`/bulletins/${bulletin.id}/export?format=txt`);
    expect(text.body).toContain(`No. ${expected}/${year}.`);
    expect(text.body).not.toContain("BORRADOR");

    const next = await makeApproved(db, people[AUTHOR]!, people[SECOND_REVIEWER]!);
    expect(next.content.number).toEqual({ seq: expected + 1, year });
  });

  it("a reopened bulletin keeps its number, and approving it again neither changes it nor uses up another", async () => {
    const year = Number(todayInMexicoCity().slice(0, 4));
    const approved = await makeApproved(db, people[AUTHOR]!, people[REVIEWER]!);
    const number = approved.content.number!;

    const reopened = await author.post<BulletinResource>(`/bulletins/${approved.id}/transitions`, { action: "reopen" });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: "draft", number, approvedRevision: null });

    const fixed = readyContent({ title: "Titular corregido después de aprobar", number: null });
    const saved = await author.put<BulletinResource>(`/bulletins/${approved.id}`, fixed, ifMatch(reopened.body.version));
    expect(saved.status).toBe(200);
    expect(saved.body.number).toEqual(number);
    await author.post(`/bulletins/${approved.id}/transitions`, { action: "submit" });
    const again = await secondReviewer.post<BulletinResource>(`/bulletins/${approved.id}/transitions`, { action: "approve" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "approved", number, title: fixed.title });

    const later = await makeApproved(db, people[AUTHOR]!, people[REVIEWER]!);
    expect(later.content.number).toEqual({ seq: number.seq + 1, year });
  });

  it("a bulletin in review or approved cannot be edited", async () => {
    const inReview = await makeInReview(db, people[AUTHOR]!);
    const whileReviewed = await author.put(`/bulletins/${inReview.id}`, readyContent({ title: "Cambio a escondidas" }), ifMatch(inReview.version));
    expect(whileReviewed.status).toBe(409);
    expect(errorCode(whileReviewed)).toBe("not_editable");

    const approved = await act(db, people[REVIEWER]!, inReview.id, "approve");
    for (const client of [author, admin]) {
      const response = await client.put(`/bulletins/${approved.id}`, readyContent({ title: "Cambio a escondidas" }), ifMatch(approved.version));
      expect(response.status).toBe(409);
      expect(errorCode(response)).toBe("not_editable");
    }
    const current = (await author.get<BulletinResource>(`/bulletins/${approved.id}`)).body;
    expect(current.title).toBe(readyContent().title);
    expect(current.version).toBe(approved.version);
  });

  it("a published bulletin changes only through Corregir", async () => {
    const approved = await makeApproved(db, people[AUTHOR]!, people[REVIEWER]!);
    const published = await reviewer.post<BulletinResource>(`/bulletins/${approved.id}/transitions`, { action: "publish" });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe("published");
    expect(published.body.allowedActions).toEqual(["correct"]);

    for (const action of ["reopen", "request_changes", "approve", "submit"]) {
      const response = await admin.post(`/bulletins/${approved.id}/transitions`, { action });
      expect(response.status, action).toBe(409);
      expect(errorCode(response)).toBe("invalid_transition");
    }
    const edit = await admin.put(`/bulletins/${approved.id}`, readyContent({ title: "Fe de erratas" }), ifMatch(published.body.version));
    expect(edit.status).toBe(409);
    expect(errorCode(edit)).toBe("not_editable");
    expect((await admin.get(`/bulletins/${approved.id}`)).body).toMatchObject({ status: "published", number: approved.content.number });
  });
});

describe("diffs and comments", () => {
  it("a reviewer's diff starts from the revision they last reviewed", async () => {
    const bulletin = await makeInReview(db, people[AUTHOR]!);
    const reviewed = bulletin.version;
    await act(db, people[REVIEWER]!, bulletin.id, "request_changes", "Agrega el número de consultorios.");
    const paragraphs = [
      "El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con doce consultorios.",
      "La unidad abrirá de lunes a viernes en dos turnos y atenderá urgencias pediátricas.",
    ];
    const edited = await author.put<BulletinResource>(`/bulletins/${bulletin.id}`, readyContent({ body: bodyFromParagraphs(paragraphs) }), ifMatch(reviewed));
    expect(edited.status).toBe(200);
    // The second autosave extends the revision of the first (one editing session).
    await author.put(`/bulletins/${bulletin.id}`, { ...contentOf(edited.body), highlights: [...edited.body.highlights, "Tendrá farmacia y laboratorio."] }, ifMatch(edited.body.version));
    const revisions = (await author.get(`/bulletins/${bulletin.id}/revisions`)).body.items.map((revision: { version: number }) => revision.version);
    expect(revisions.filter((version: number) => version > reviewed)).toEqual([reviewed + 2]);
    await act(db, people[AUTHOR]!, bulletin.id, "submit");

    const diff = await reviewer.get(`/bulletins/${bulletin.id}/diff`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ from: reviewed, to: reviewed + 2 });
    const added = diff.body.parts.filter((part: { kind: string }) => part.kind === "added").map((part: { text: string }) => part.text).join("");
    expect(added).toContain("urgencias pediátricas");
    expect(added).toContain("farmacia y laboratorio");
    expect(diff.body.parts.filter((part: { kind: string }) => part.kind === "removed")).toEqual([]);

    // Someone who never reviewed it sees everything since the first revision.
    const fresh = await secondReviewer.get(`/bulletins/${bulletin.id}/diff`);
    expect(fresh.body).toMatchObject({ from: 1, to: reviewed + 2 });
    // An explicit range wins.
    const explicit = await reviewer.get(`/bulletins/${bulletin.id}/diff?from=1&to=${reviewed}`);
    expect(explicit.body).toMatchObject({ from: 1, to: reviewed });
  });

  it("a comment belongs to the revision it was made on, quotes it, and can be resolved", async () => {
    const bulletin = await makeInReview(db, people[AUTHOR]!);
    const posted = await reviewer.post<Comment>(`/bulletins/${bulletin.id}/comments`, {
      body: "¿Son doce o diez consultorios?",
      quote: "doce consultorios",
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ revision: bulletin.version, quote: "doce consultorios", resolved: false, authorName: "Raúl Revisor" });

    await act(db, people[REVIEWER]!, bulletin.id, "request_changes", "Ver comentario.");
    await author.put(`/bulletins/${bulletin.id}`, readyContent({ title: "Otro titular" }), ifMatch(bulletin.version));
    const reply = await author.post<Comment>(`/bulletins/${bulletin.id}/comments`, { body: "Son doce." });
    expect(reply.body.revision).toBe(bulletin.version + 1);

    const resolved = await author.patch<Comment>(`/bulletins/${bulletin.id}/comments/${posted.body.id}`, { resolved: true });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: posted.body.id, resolved: true, revision: bulletin.version });
    const listed = (await reviewer.get(`/bulletins/${bulletin.id}/comments`)).body.items as Comment[];
    expect(listed.find((comment) => comment.id === posted.body.id)).toMatchObject({ resolved: true, quote: "doce consultorios" });
    expect(listed.find((comment) => comment.id === reply.body.id)).toMatchObject({ resolved: false });

    // A comment id of another bulletin is not found here.
    const other = await makeDraft(db, people[AUTHOR]!);
    expect((await author.patch(`/bulletins/${other.id}/comments/${posted.body.id}`, { resolved: false })).status).toBe(404);
  });
});

describe("audit log", () => {
  it("records every save, transition, comment and export with its actor, states and revision", async () => {
    const created = (await author.post<BulletinResource>("/bulletins", { templateId: "general" })).body;
    const id = created.id;
    await author.put(`/bulletins/${id}`, readyContent(), ifMatch(1));
    await author.post(`/bulletins/${id}/transitions`, { action: "submit" });
    await reviewer.post(`/bulletins/${id}/comments`, { body: "Revisa la fecha." });
    await reviewer.post(`/bulletins/${id}/transitions`, { action: "request_changes", comment: "Corrige el titular." });
    await author.put(`/bulletins/${id}`, readyContent({ title: "Titular corregido" }), ifMatch(2));
    await author.post(`/bulletins/${id}/transitions`, { action: "submit" });
    const approved = await secondReviewer.post<BulletinResource>(`/bulletins/${id}/transitions`, { action: "approve" });
    await author.get(`/bulletins/${id}/export?format=docx`);
    await reviewer.post(`/bulletins/${id}/transitions`, { action: "publish" });

    const response = await admin.get(`/bulletins/${id}/events`);
    expect(response.status).toBe(200);
    const trail = (response.body.items as AuditEvent[]).map(({ action, actorName, fromStatus, toStatus, revision }) => ({
      action, actorName, fromStatus, toStatus, revision,
    }));
    expect(trail).toEqual([
      { action: "create", actorName: "Ana Autora", fromStatus: null, toStatus: "draft", revision: 1 },
      { action: "save", actorName: "Ana Autora", fromStatus: "draft", toStatus: "draft", revision: 2 },
      { action: "submit", actorName: "Ana Autora", fromStatus: "draft", toStatus: "in_review", revision: 2 },
      { action: "comment", actorName: "Raúl Revisor", fromStatus: null, toStatus: null, revision: 2 },
      { action: "request_changes", actorName: "Raúl Revisor", fromStatus: "in_review", toStatus: "changes_requested", revision: 2 },
      { action: "save", actorName: "Ana Autora", fromStatus: "changes_requested", toStatus: "changes_requested", revision: 3 },
      { action: "submit", actorName: "Ana Autora", fromStatus: "changes_requested", toStatus: "in_review", revision: 3 },
      { action: "approve", actorName: "Rita Revisora", fromStatus: "in_review", toStatus: "approved", revision: 4 },
      { action: "export", actorName: "Ana Autora", fromStatus: null, toStatus: null, revision: 4 },
      { action: "publish", actorName: "Raúl Revisor", fromStatus: "approved", toStatus: "published", revision: 4 },
    ]);
    const events = response.body.items as AuditEvent[];
    expect(events.find((event) => event.action === "approve")!.detail).toMatchObject({
      number: `No. ${approved.body.number!.seq}/${approved.body.number!.year}.`,
    });
    expect(events.find((event) => event.action === "export")!.detail).toMatchObject({ format: "docx", final: true });
    expect(events.every((event) => !Number.isNaN(Date.parse(event.createdAt)))).toBe(true);
  });

  it("the audit log cannot be changed or deleted, not even with SQL on the database", async () => {
    const bulletin = await makeInReview(db, people[AUTHOR]!);
    const count = async () => Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM events`))[0]!.n);
    const before = await count();
    for (const statement of [
      sql`UPDATE events SET action = 'nada' WHERE bulletin_id = ${bulletin.id}`,
      sql`DELETE FROM events WHERE bulletin_id = ${bulletin.id}`,
      sql`DELETE FROM events`,
      sql`TRUNCATE events`,
    ]) {
      expect(await databaseRefusal(() => db.execute(statement))).toMatch(/append-only/);
    }
    expect(await count()).toBe(before);
    const actions = (await admin.get(`/bulletins/${bulletin.id}/events`)).body.items.map((event: AuditEvent) => event.action);
    expect(actions).toEqual(["create", "save", "submit"]);
  });
});
