import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource, Comment, Suggestion, User } from "../../shared/api/schemas";
import { bodyText, fieldText } from "../../shared/review/fields";
import type { Database } from "../../server/db/client";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import {
  ADMIN, AUTHOR, REVIEWER, SECOND_REVIEWER, act, errorCode, ifMatch, makeApproved, makeDraft, makeInReview, readyContent, userByEmail,
} from "./fixtures";

let server: TestServer;
let db: Database;
let author: User;
let authorClient: ApiClient;
let reviewerClient: ApiClient;
let secondReviewerClient: ApiClient;
let adminClient: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  author = await userByEmail(db, AUTHOR);
  [authorClient, reviewerClient, secondReviewerClient, adminClient] = await Promise.all([
    signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER), signedIn(server.url, SECOND_REVIEWER), signedIn(server.url, ADMIN),
  ]);
});

afterAll(async () => {
  await server?.close();
});

async function bulletin(client: ApiClient, id: number): Promise<BulletinResource> {
  return (await client.request<BulletinResource>("GET", `/bulletins/${id}`)).body;
}

async function suggest(client: ApiClient, id: number, field: string, content: BulletinResource, find: string, insert: string) {
  const text = fieldText(content, field as never)!;
  const from = text.indexOf(find);
  expect(from, `«${find}» in ${field}`).toBeGreaterThanOrEqual(0);
  return client.request<Suggestion>("POST", `/bulletins/${id}/suggestions`, { field, from, to: from + find.length, insert, revision: content.version });
}

async function save(client: ApiClient, id: number, change: (content: BulletinResource) => Partial<BulletinResource>) {
  const current = await bulletin(client, id);
  const { number, place, date, title, highlights, body, photoLinks, videoLinks } = { ...current, ...change(current) };
  const response = await client.request<BulletinResource>("PUT", `/bulletins/${id}`, { number, place, date, title, highlights, body, photoLinks, videoLinks }, ifMatch(current.version));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe("suggested edits", () => {
  it("a reviewer suggests in three fields; the author accepts two and rejects one; another reviewer approves exactly that text", async () => {
    const row = await makeInReview(db, author);
    const start = await bulletin(reviewerClient, row.id);
    const title = await suggest(reviewerClient, row.id, "title", start, "una unidad", "la nueva unidad");
    const highlight = await suggest(reviewerClient, row.id, "highlights.0", start, "40 mil", "cuarenta mil");
    const body = await suggest(reviewerClient, row.id, "body", start, "de lunes a viernes", "todos los días");
    for (const response of [title, highlight, body]) expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(title.body).toMatchObject({ kind: "replace", text: "la nueva unidad", deleted: "una unidad", status: "open", revision: start.version });

    // Suggesting changes nothing in the text, and the bulletin stays in review.
    const during = await bulletin(authorClient, row.id);
    expect(during).toMatchObject({ status: "in_review", version: start.version, title: start.title, openSuggestions: 3 });

    // The reviewer who suggested may not accept; the author may.
    expect(errorCode(await reviewerClient.request("POST", `/bulletins/${row.id}/suggestions/${title.body.id}/accept`))).toBe("forbidden");
    const accepted = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${title.body.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.bulletin.title).toContain("la nueva unidad");
    const rejected = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${highlight.body.id}/reject`);
    expect(rejected.status).toBe(200);
    const second = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${body.body.id}/accept`);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const after = second.body.bulletin as BulletinResource;
    expect(after.status).toBe("in_review");
    expect(bodyText(after.body)).toContain("abrirá todos los días en dos turnos");
    expect(after.highlights[0]).toContain("40 mil");
    expect(after.openSuggestions).toBe(0);

    // The accepting revision records what it applied, in the author's name.
    const revisions = (await authorClient.request("GET", `/bulletins/${row.id}/revisions`)).body.items;
    expect(revisions.at(-1)).toMatchObject({ authorId: author.id, appliedSuggestions: [body.body.id] });

    // The suggester wrote nothing: they may still approve; so may another reviewer.
    const reviewer = await bulletin(reviewerClient, row.id);
    expect(reviewer.allowedActions).toContain("approve");
    const approved = await secondReviewerClient.request<BulletinResource>("POST", `/bulletins/${row.id}/transitions`, { action: "approve" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const txt = await secondReviewerClient.request("GET", `/bulletins/${row.id}/export?format=txt`);
    expect(txt.body).toContain("la nueva unidad");
    expect(txt.body).toContain("todos los días");
    expect(txt.body).not.toContain("cuarenta mil");
  });

  it("a suggestion whose passage changed meanwhile is outdated, never applied", async () => {
    const row = await makeDraft(db, author);
    const start = await bulletin(authorClient, row.id);
    const made = await suggest(authorClient, row.id, "body", start, "doce consultorios", "catorce consultorios");
    expect(made.status).toBe(201);
    const elsewhere = await suggest(authorClient, row.id, "title", start, "Tlalpan", "Coyoacán");
    // The author edits the same words directly, and something before the title suggestion.
    await save(authorClient, row.id, (current) => ({
      body: bodyFromParagraphs(["Nuevo párrafo primero.", "El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con quince consultorios.", "La unidad abrirá de lunes a viernes en dos turnos."]),
      title: `Hoy: ${current.title}`,
    }));
    const items = (await authorClient.request<{ items: Suggestion[] }>("GET", `/bulletins/${row.id}/suggestions`)).body.items;
    expect(items.find((s) => s.id === made.body.id)!.status).toBe("outdated");
    const moved = items.find((s) => s.id === elsewhere.body.id)!;
    expect(moved.status).toBe("open");
    const current = await bulletin(authorClient, row.id);
    expect(current.title.slice(moved.from, moved.to)).toBe("Tlalpan");
    expect(moved.revision).toBe(current.version);
    expect(errorCode(await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${made.body.id}/accept`))).toBe("invalid_transition");
    const all = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`);
    expect(all.body.bulletin.title).toBe(current.title.replace("Tlalpan", "Coyoacán"));
  });

  it("refuses suggestions that could not be saved, on a stale revision, or by someone who may not", async () => {
    const row = await makeInReview(db, author);
    const start = await bulletin(reviewerClient, row.id);
    const post = (body: unknown, client = reviewerClient) => client.request("POST", `/bulletins/${row.id}/suggestions`, body);
    expect(errorCode(await post({ field: "title", from: 0, to: 5, insert: "a\u0000b" }))).toBe("validation_error");
    expect(errorCode(await post({ field: "title", from: 0, to: 9999, insert: "x" }))).toBe("validation_error");
    expect(errorCode(await post({ field: "highlights.9", from: 0, to: 0, insert: "x" }))).toBe("validation_error");
    expect(errorCode(await post({ field: "links", from: 0, to: 0, insert: "x" }))).toBe("validation_error");
    expect(errorCode(await post({ field: "photoLinks.0", from: 0, to: 5, insert: "javascript" }))).toBe("validation_error");
    expect(errorCode(await post({ field: "title", from: 0, to: 0, insert: "" }))).toBe("validation_error");
    expect(errorCode(await post({ field: "title", from: 0, to: 1, insert: "x", revision: start.version + 5 }))).toBe("version_conflict");
    // An author suggests on their own bulletin only; a reviewer not on someone's draft.
    const draft = await makeDraft(db, author);
    expect(errorCode(await reviewerClient.request("POST", `/bulletins/${draft.id}/suggestions`, { field: "title", from: 0, to: 1, insert: "X" }))).toBe("forbidden");
    // A line break in a one-line field becomes a space, as in a save.
    const spaced = await post({ field: "title", from: 0, to: 0, insert: "Hoy\n" });
    expect(spaced.body.text).toBe("Hoy ");
  });
});

describe("comments anchored to passages, with threads", () => {
  it("the anchor follows its passage through edits before and inside it, and is outdated once it is deleted", async () => {
    const row = await makeDraft(db, author);
    const start = await bulletin(authorClient, row.id);
    const text = bodyText(start.body);
    const from = text.indexOf("dos turnos");
    const made = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "¿Cuáles?", anchor: { field: "body", from, to: from + 10 } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.quote).toBe("dos turnos");

    const paragraphs = ["El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con doce consultorios.", "La unidad abrirá de lunes a viernes en dos turnos."];
    await save(authorClient, row.id, () => ({ body: bodyFromParagraphs(["Un párrafo nuevo antes.", ...paragraphs]) }));
    await save(authorClient, row.id, () => ({ body: bodyFromParagraphs(["Un párrafo nuevo antes.", paragraphs[0]!, "La unidad abrirá de lunes a viernes en dos amplios turnos."]) }));
    const threads = async () => (await authorClient.request<{ items: Comment[] }>("GET", `/bulletins/${row.id}/comments`)).body.items;
    const moved = (await threads()).find((c) => c.id === made.body.id)!;
    const now = bodyText((await bulletin(authorClient, row.id)).body);
    expect(now.slice(moved.anchor!.from, moved.anchor!.to)).toBe("dos amplios turnos");
    expect(moved.outdated).toBe(false);

    await save(authorClient, row.id, () => ({ body: bodyFromParagraphs(["Un párrafo nuevo antes.", paragraphs[0]!]) }));
    const gone = (await threads()).find((c) => c.id === made.body.id)!;
    expect(gone).toMatchObject({ outdated: true, anchor: null, quote: "dos turnos" });
  });

  it("replies join the thread, and the thread is resolved and reopened as a whole", async () => {
    const row = await makeInReview(db, author);
    const first = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "Revisa la cifra." });
    const reply = await authorClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "Corregida.", parentId: first.body.id });
    expect(reply.status).toBe(201);
    expect(reply.body.parentId).toBe(first.body.id);
    const resolved = await authorClient.request<Comment>("PATCH", `/bulletins/${row.id}/comments/${reply.body.id}`, { resolved: true });
    expect(resolved.body).toMatchObject({ id: first.body.id, resolved: true });
    expect(resolved.body.replies.map((r) => [r.body, r.resolved])).toEqual([["Corregida.", true]]);
    expect((await bulletin(authorClient, row.id)).openThreads).toBe(0);
    // A reply to a resolved thread carries the conversation on: the thread is open again.
    const again = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "Aún falta la fuente.\u202E", parentId: first.body.id });
    expect(again.body).toMatchObject({ resolved: false, body: "Aún falta la fuente." });
    const thread = (await authorClient.request<{ items: Comment[] }>("GET", `/bulletins/${row.id}/comments`)).body.items.find((c) => c.id === first.body.id)!;
    expect(thread.resolved).toBe(false);
    expect(thread.replies.every((r) => !r.resolved)).toBe(true);
    expect((await bulletin(authorClient, row.id)).openThreads).toBe(1);
    const other = await authorClient.request("POST", `/bulletins/999999/comments`, { body: "x", parentId: first.body.id });
    expect(other.status).toBe(404);
  });
});

describe("history worth reading", () => {
  it("one person's autosaves fold into one revision until someone else reads it; a transition seals it", async () => {
    const row = await makeDraft(db, author);
    const versions = async () => (await authorClient.request("GET", `/bulletins/${row.id}/revisions`)).body.items.map((r: { version: number }) => r.version);
    // Someone else has read what is there, so the author's next save starts a revision.
    await bulletin(reviewerClient, row.id);
    const before = await versions();
    await save(authorClient, row.id, (c) => ({ title: `${c.title} a` }));
    await save(authorClient, row.id, (c) => ({ title: `${c.title} b` }));
    const third = await save(authorClient, row.id, (c) => ({ title: `${c.title} c` }));
    expect(await versions()).toEqual([...before, third.version]);

    // A reviewer opens it: the next save starts a new revision.
    await bulletin(reviewerClient, row.id);
    const fourth = await save(authorClient, row.id, (c) => ({ title: `${c.title} d` }));
    expect(await versions()).toEqual([...before, third.version, fourth.version]);

    // A stale If-Match is still refused after folding: no silent overwrite between two windows.
    const stale = await authorClient.request("PUT", `/bulletins/${row.id}`, { ...readyContent(), title: "viejo" }, ifMatch(third.version));
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.lastSavedBy.id).toBe(author.id);
  });

  it("restores an older revision as a new one", async () => {
    const row = await makeDraft(db, author);
    const original = await bulletin(authorClient, row.id);
    await bulletin(reviewerClient, row.id);
    const edited = await save(authorClient, row.id, () => ({ title: "Otro titular distinto" }));
    const restored = await authorClient.request<BulletinResource>("POST", `/bulletins/${row.id}/revisions/${original.version}/restore`, undefined, ifMatch(edited.version));
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.title).toBe(original.title);
    const last = (await authorClient.request("GET", `/bulletins/${row.id}/revisions`)).body.items.at(-1);
    expect(last).toMatchObject({ version: restored.body.version, restoredFrom: original.version });
    expect(errorCode(await reviewerClient.request("POST", `/bulletins/${row.id}/revisions/${original.version}/restore`, undefined, ifMatch(restored.body.version)))).toBe("forbidden_transition");
  });
});

describe("the workflow a team needs", () => {
  it("the author withdraws a bulletin from review", async () => {
    const row = await makeInReview(db, author);
    expect((await bulletin(authorClient, row.id)).allowedActions).toContain("withdraw");
    expect(errorCode(await reviewerClient.request("POST", `/bulletins/${row.id}/transitions`, { action: "withdraw" }))).toBe("forbidden_transition");
    const withdrawn = await authorClient.request<BulletinResource>("POST", `/bulletins/${row.id}/transitions`, { action: "withdraw" });
    expect(withdrawn.body.status).toBe("draft");
  });

  it("a draft is deleted, hidden from everyone but admins, and restored by an admin; a numbered bulletin is never deleted", async () => {
    const row = await makeDraft(db, author, readyContent({ title: "Borrador que se eliminará y volverá" }));
    const deleted = await authorClient.request<BulletinResource>("DELETE", `/bulletins/${row.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.deletedAt).not.toBeNull();
    expect((await authorClient.request("GET", `/bulletins/${row.id}`)).status).toBe(404);
    expect((await reviewerClient.request("GET", `/bulletins/${row.id}`)).status).toBe(404);
    const mine = (await authorClient.request("GET", `/bulletins?mine=true&pageSize=100`)).body.items.map((b: { id: number }) => b.id);
    expect(mine).not.toContain(row.id);
    expect((await authorClient.request("GET", `/bulletins?deleted=true`)).status).toBe(403);
    const listed = (await adminClient.request("GET", `/bulletins?deleted=true&pageSize=100`)).body.items.map((b: { id: number }) => b.id);
    expect(listed).toContain(row.id);
    const adminView = await bulletin(adminClient, row.id);
    expect(adminView.abilities).toEqual(["read", "restore"]);
    const restored = await adminClient.request<BulletinResource>("POST", `/bulletins/${row.id}/restore`);
    expect(restored.body.deletedAt).toBeNull();
    expect((await bulletin(authorClient, row.id)).status).toBe("draft");

    const approved = await makeApproved(db, author, await userByEmail(db, REVIEWER));
    const reopened = await act(db, author, approved.id, "reopen");
    expect(reopened.status).toBe("draft");
    expect(errorCode(await authorClient.request("DELETE", `/bulletins/${reopened.id}`))).toBe("forbidden");
    const inReview = await makeInReview(db, author);
    expect(errorCode(await authorClient.request("DELETE", `/bulletins/${inReview.id}`))).toBe("invalid_transition");
  });

  it("the approval preview names the coming number and what is open; the approval records the open counts", async () => {
    const row = await makeInReview(db, author);
    await reviewerClient.request("POST", `/bulletins/${row.id}/comments`, { body: "Sin resolver." });
    const start = await bulletin(reviewerClient, row.id);
    await suggest(reviewerClient, row.id, "title", start, "Tlalpan", "Coyoacán");
    expect(errorCode(await authorClient.request("GET", `/bulletins/${row.id}/approval-preview`))).toBe("forbidden_transition");
    const preview = await secondReviewerClient.request("GET", `/bulletins/${row.id}/approval-preview`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ keepsNumber: false, openThreads: 1, openSuggestions: 1 });
    const approved = await secondReviewerClient.request<BulletinResource>("POST", `/bulletins/${row.id}/transitions`, { action: "approve" });
    expect(approved.body.number).toEqual(preview.body.number);
    const events = (await authorClient.request("GET", `/bulletins/${row.id}/events`)).body.items;
    expect(events.find((e: { action: string }) => e.action === "approve").detail).toMatchObject({ openThreads: 1, openSuggestions: 1 });
  });

  it("a copy says what it was copied from", async () => {
    const row = await makeDraft(db, author);
    const copy = await authorClient.request<BulletinResource>("POST", "/bulletins", { fromBulletinId: row.id });
    expect(copy.body.copiedFrom).toMatchObject({ id: row.id, number: null });
  });
});

describe("two windows of one person", () => {
  it("the save that resolves a conflict keeps the other window's text in the history", async () => {
    const row = await makeDraft(db, author);
    await bulletin(reviewerClient, row.id);
    const base = await bulletin(authorClient, row.id);
    // Window A saves; window B, still on the base version, is refused and keeps its own text.
    const a = await save(authorClient, row.id, () => ({ title: "Titular de la ventana A" }));
    const { number, place, date, highlights, body, photoLinks, videoLinks } = base;
    const refused = await authorClient.request("PUT", `/bulletins/${row.id}`, { number, place, date, title: "Titular de la ventana B", highlights, body, photoLinks, videoLinks }, ifMatch(base.version));
    expect(refused.status).toBe(409);
    const kept = await authorClient.request<BulletinResource>("PUT", `/bulletins/${row.id}`, { number, place, date, title: "Titular de la ventana B", highlights, body, photoLinks, videoLinks }, ifMatch(a.version));
    expect(kept.status).toBe(200);
    const revisions = (await authorClient.request("GET", `/bulletins/${row.id}/revisions`)).body.items as { version: number }[];
    expect(revisions.map((r) => r.version)).toContain(a.version);
    const windowA = await authorClient.request("GET", `/bulletins/${row.id}/revisions/${a.version}`);
    expect(windowA.body.content.title).toBe("Titular de la ventana A");
  });
});

describe("a comment made on the text as it was", () => {
  it("is anchored where its passage is now, when the text moved on since the commenter read it", async () => {
    const row = await makeDraft(db, author);
    const read = await bulletin(reviewerClient, row.id);
    // The author saves a paragraph at the top while the reviewer is still reading the old version.
    await save(authorClient, row.id, () => ({
      body: bodyFromParagraphs(["Un párrafo nuevo arriba.", "El Instituto Mexicano del Seguro Social inauguró una unidad de medicina familiar con doce consultorios.", "La unidad abrirá de lunes a viernes en dos turnos."]),
    }));
    const oldText = bodyText(read.body);
    const from = oldText.indexOf("dos turnos");
    const made = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "¿Cuáles?", anchor: { field: "body", from, to: from + 10 }, revision: read.version });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const now = bodyText((await bulletin(authorClient, row.id)).body);
    expect(made.body.quote).toBe("dos turnos");
    expect(now.slice(made.body.anchor!.from, made.body.anchor!.to)).toBe("dos turnos");
    // Without the revision, the same offsets would be read on the new text: other words.
    expect(now.slice(from, from + 10)).not.toBe("dos turnos");
  });

  it("is refused when its passage is gone from the current text", async () => {
    const row = await makeDraft(db, author);
    const read = await bulletin(reviewerClient, row.id);
    await save(authorClient, row.id, () => ({ body: bodyFromParagraphs(["Otro texto del todo."]) }));
    const oldText = bodyText(read.body);
    const from = oldText.indexOf("dos turnos");
    const refused = await reviewerClient.request("POST", `/bulletins/${row.id}/comments`, { body: "¿Cuáles?", anchor: { field: "body", from, to: from + 10 }, revision: read.version });
    expect(errorCode(refused)).toBe("version_conflict");
  });
});
