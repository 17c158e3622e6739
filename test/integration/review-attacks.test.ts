import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinResource, Comment, Suggestion, User } from "../../shared/api/schemas";
import type { BodyDoc } from "../../shared/bulletin/body-schema";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { bodyText, fieldText } from "../../shared/review/fields";
import type { Database } from "../../server/db/client";
import { ApiClient, signedIn } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, SECOND_REVIEWER, act, createUser, errorCode, ifMatch, makeDraft, makeInReview, readyContent, userByEmail } from "./fixtures";

/**
 * Review in the text, attacked as a careless or hostile user would: formatting and
 * lists through accepted suggestions, anchors through edits next to them, list fields
 * reordered, parallel decisions, deleted drafts, odd inputs.
 */

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
  const response = await client.request<Suggestion>("POST", `/bulletins/${id}/suggestions`, { field, from, to: from + find.length, insert, revision: content.version });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function save(client: ApiClient, id: number, change: (content: BulletinResource) => Partial<BulletinResource>) {
  const current = await bulletin(client, id);
  const { number, place, date, title, highlights, body, photoLinks, videoLinks } = { ...current, ...change(current) };
  const response = await client.request<BulletinResource>("PUT", `/bulletins/${id}`, { number, place, date, title, highlights, body, photoLinks, videoLinks }, ifMatch(current.version));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function suggestions(client: ApiClient, id: number): Promise<Suggestion[]> {
  return (await client.request<{ items: Suggestion[] }>("GET", `/bulletins/${id}/suggestions`)).body.items;
}

async function threads(client: ApiClient, id: number): Promise<Comment[]> {
  return (await client.request<{ items: Comment[] }>("GET", `/bulletins/${id}/comments`)).body.items;
}

async function comment(client: ApiClient, id: number, field: string, content: BulletinResource, find: string) {
  const text = fieldText(content, field as never)!;
  const from = text.indexOf(find);
  expect(from, `«${find}» in ${field}`).toBeGreaterThanOrEqual(0);
  const response = await client.request<Comment>("POST", `/bulletins/${id}/comments`, { body: "¿Seguro?", anchor: { field, from, to: from + find.length } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const text = (value: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });

/** A body with bold, a link, a list, a quote with a line break. */
const richBody = {
  type: "doc",
  content: [
    paragraph(text("El Instituto abrió una unidad "), text("nueva", [{ type: "bold" }]), text(" en Tlalpan; detalles en "), text("su sitio", [{ type: "link", attrs: { href: "https://imss.gob.mx" } }]), text(".")),
    { type: "bulletList", content: [
      { type: "listItem", content: [paragraph(text("Doce consultorios."))] },
      { type: "listItem", content: [paragraph(text("Un laboratorio."))] },
    ] },
    { type: "blockquote", content: [paragraph(text("Es un día importante."), { type: "hardBreak" }, text("Lo dijo el director."))] },
    paragraph(text("La unidad abrirá de lunes a viernes en dos turnos.")),
  ],
} as unknown as BodyDoc;

/** The text nodes of a body with their marks' names, in order: [["nueva", "bold"], …]. */
function markedRuns(body: BodyDoc): [string, string][] {
  const runs: [string, string][] = [];
  const walk = (node: { type: string; text?: string; marks?: { type: string }[]; content?: unknown[] }) => {
    if (node.type === "text" && node.marks?.length) runs.push([node.text!, node.marks.map((mark) => mark.type).join(",")]);
    for (const child of (node.content ?? []) as (typeof node)[]) walk(child);
  };
  walk(body as never);
  return runs;
}

describe("accepted suggestions keep the text and its formatting", () => {
  it("a word replaced inside bold or a link stays bold or a link; a line break typed in a list item starts the next item", async () => {
    const row = await makeInReview(db, author, readyContent({ body: richBody }));
    const start = await bulletin(reviewerClient, row.id);
    await suggest(reviewerClient, row.id, "body", start, "nueva", "moderna");
    await suggest(reviewerClient, row.id, "body", start, "su sitio", "la página del Instituto");
    await suggest(reviewerClient, row.id, "body", start, "Un laboratorio.", "Un laboratorio.\nUna farmacia.");
    await suggest(reviewerClient, row.id, "body", start, "importante.", "histórico.");
    const all = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const after = all.body.bulletin as BulletinResource;
    expect(all.body.suggestions.map((s: Suggestion) => s.status)).toEqual(["accepted", "accepted", "accepted", "accepted"]);
    expect(bodyText(after.body)).toBe(
      "El Instituto abrió una unidad moderna en Tlalpan; detalles en la página del Instituto.\nDoce consultorios.\nUn laboratorio.\nUna farmacia.\nEs un día histórico.\nLo dijo el director.\nLa unidad abrirá de lunes a viernes en dos turnos.",
    );
    expect(markedRuns(after.body)).toEqual([["moderna", "bold"], ["la página del Instituto", "link"]]);
    const list = (after.body.content as { type: string; content?: unknown[] }[]).find((node) => node.type === "bulletList")!;
    expect(list.content).toHaveLength(3);
  });
});

describe("passages carried through saves", () => {
  it("words typed right before a passage that begin like it stay outside it: the comment keeps its words, the suggestion stays open", async () => {
    const row = await makeDraft(db, author);
    const start = await bulletin(authorClient, row.id);
    const made = await suggest(authorClient, row.id, "body", start, "de lunes a viernes", "todos los días");
    const thread = await comment(reviewerClient, row.id, "body", start, "de lunes a viernes");
    await save(authorClient, row.id, (current) => ({
      body: bodyFromParagraphs([bodyText(current.body).split("\n")[0]!, "La unidad abrirá desde hoy de lunes a viernes en dos turnos."]),
    }));
    const now = bodyText((await bulletin(authorClient, row.id)).body);
    const carried = (await suggestions(authorClient, row.id)).find((s) => s.id === made.id)!;
    expect(carried.status).toBe("open");
    expect(now.slice(carried.from, carried.to)).toBe("de lunes a viernes");
    const anchored = (await threads(authorClient, row.id)).find((c) => c.id === thread.id)!;
    expect(now.slice(anchored.anchor!.from, anchored.anchor!.to)).toBe("de lunes a viernes");
  });

  it("words deleted around a passage leave it whole; a paragraph moved away leaves its comment outdated, never on another paragraph", async () => {
    const row = await makeDraft(db, author, readyContent({ body: bodyFromParagraphs(["La unidad abrirá de lunes a viernes en dos turnos.", "Uno.", "Dos.", "Tres."]) }));
    const start = await bulletin(authorClient, row.id);
    const around = await comment(reviewerClient, row.id, "body", start, "de lunes a viernes");
    const kept = await suggest(authorClient, row.id, "body", start, "de lunes a viernes", "todos los días");
    const moved = await comment(reviewerClient, row.id, "body", start, "Tres");
    await save(authorClient, row.id, () => ({ body: bodyFromParagraphs(["Unidad abrirá de lunes a viernes.", "Tres.", "Uno.", "Dos."]) }));
    const now = bodyText((await bulletin(authorClient, row.id)).body);
    const items = await threads(authorClient, row.id);
    const on = (made: Comment) => {
      const anchor = items.find((c) => c.id === made.id)!.anchor;
      return anchor && now.slice(anchor.from, anchor.to);
    };
    expect(on(around)).toBe("de lunes a viernes");
    expect(on(moved)).not.toBe("Dos");
    const carried = (await suggestions(authorClient, row.id)).find((s) => s.id === kept.id)!;
    expect(carried.status).toBe("open");
    expect(now.slice(carried.from, carried.to)).toBe("de lunes a viernes");
  });

  it("highlights reordered, or one deleted while another is edited: each anchor stays on its own highlight", async () => {
    const highlights = ["Atenderá a 40 mil derechohabientes del sur.", "Tendrá doce consultorios y un laboratorio.", "Abrirá de lunes a viernes en dos turnos."];
    const row = await makeDraft(db, author, readyContent({ highlights }));
    const start = await bulletin(authorClient, row.id);
    const onFirst = await comment(reviewerClient, row.id, "highlights.0", start, "40 mil");
    const onSecond = await comment(reviewerClient, row.id, "highlights.1", start, "doce consultorios");
    const onThird = await comment(reviewerClient, row.id, "highlights.2", start, "lunes a viernes");
    const suggested = await suggest(authorClient, row.id, "highlights.1", start, "Tendrá", "Contará con");

    // Reordered: every highlight still exists.
    await save(authorClient, row.id, () => ({ highlights: [highlights[2]!, highlights[0]!, highlights[1]!] }));
    let current = await bulletin(authorClient, row.id);
    const quoted = async () => {
      const items = await threads(authorClient, row.id);
      return [onFirst, onSecond, onThird].map((made) => {
        const anchor = items.find((c) => c.id === made.id)!.anchor;
        return anchor ? fieldText(current, anchor.field as never)!.slice(anchor.from, anchor.to) : null;
      });
    };
    expect(await quoted()).toEqual(["40 mil", "doce consultorios", "lunes a viernes"]);
    let moved = (await suggestions(authorClient, row.id)).find((s) => s.id === suggested.id)!;
    expect(moved).toMatchObject({ status: "open", field: "highlights.2" });

    // The 40 mil highlight deleted and the consultorios one edited: each comment stays or goes with its own highlight.
    await save(authorClient, row.id, () => ({ highlights: [highlights[2]!, highlights[1]!.replace("laboratorio", "laboratorio clínico")] }));
    current = await bulletin(authorClient, row.id);
    expect(await quoted()).toEqual([null, "doce consultorios", "lunes a viernes"]);
    moved = (await suggestions(authorClient, row.id)).find((s) => s.id === suggested.id)!;
    expect(moved).toMatchObject({ status: "open", field: "highlights.1" });
    const accepted = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${suggested.id}/accept`);
    expect(accepted.body.bulletin.highlights).toEqual([highlights[2], "Contará con doce consultorios y un laboratorio clínico."]);
  });
});

describe("deleted drafts and drafts one may not see do not leak", () => {
  it("a copy names its source only to those who may see the source", async () => {
    const source = await makeDraft(db, author, readyContent({ title: "Titular que solo ve su autora" }));
    // A reviewer copies the draft; the copy is approved, so every author sees it in the archive.
    const copied = await reviewerClient.request<BulletinResource>("POST", "/bulletins", { fromBulletinId: source.id });
    expect(copied.status).toBe(201);
    const reviewer = await userByEmail(db, REVIEWER);
    await act(db, reviewer, copied.body.id, "submit");
    await act(db, await userByEmail(db, SECOND_REVIEWER), copied.body.id, "approve");
    const other = await createUser(adminClient, "author", "otra-autora");
    const seen = await bulletin(other.client, copied.body.id);
    expect(seen.status).toBe("approved");
    expect(seen.copiedFrom).toBeNull();
    expect((await bulletin(reviewerClient, copied.body.id)).copiedFrom).toMatchObject({ id: source.id, title: "Titular que solo ve su autora" });

    // Once the source is deleted, only admins see what it was.
    expect((await authorClient.request("DELETE", `/bulletins/${source.id}`)).status).toBe(200);
    expect((await bulletin(reviewerClient, copied.body.id)).copiedFrom).toBeNull();
    expect((await bulletin(adminClient, copied.body.id)).copiedFrom).toMatchObject({ id: source.id });
  });
});

describe("four-eyes while the text can change in review", () => {
  it("an approval with If-Match is of the version the approver read: text accepted meanwhile is refused with 409, not approved unseen", async () => {
    const row = await makeInReview(db, author);
    const read = await bulletin(secondReviewerClient, row.id);
    // Meanwhile the text changes in review: the author accepts another reviewer's suggestion.
    const start = await bulletin(reviewerClient, row.id);
    const suggested = await suggest(reviewerClient, row.id, "title", start, "Inaugura", "Cierra");
    expect((await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${suggested.id}/accept`)).status).toBe(200);
    const stale = await secondReviewerClient.request("POST", `/bulletins/${row.id}/transitions`, { action: "approve" }, ifMatch(read.version));
    expect(stale.status, JSON.stringify(stale.body)).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "version_conflict" });
    expect(stale.body.error.details.current.title).toMatch(/^Cierra/);
    expect((await bulletin(authorClient, row.id)).status).toBe("in_review");
    const fresh = await bulletin(secondReviewerClient, row.id);
    const approved = await secondReviewerClient.request<BulletinResource>("POST", `/bulletins/${row.id}/transitions`, { action: "approve" }, ifMatch(fresh.version));
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe("approved");
  });
});

describe("folding autosaves never loses a revision someone read", () => {
  it("a revision another person exported, opened in the history or diffed stays in the history; the audit's export names a revision that exists", async () => {
    for (const read of [
      (id: number) => reviewerClient.request("GET", `/bulletins/${id}/export?format=txt`),
      (id: number, version: number) => adminClient.request("GET", `/bulletins/${id}/revisions/${version}`),
      (id: number, version: number) => secondReviewerClient.request("GET", `/bulletins/${id}/diff?from=1&to=${version}`),
    ]) {
      const row = await makeDraft(db, author);
      await bulletin(reviewerClient, row.id);
      const first = await save(authorClient, row.id, (c) => ({ title: `${c.title} uno` }));
      expect((await read(row.id, first.version)).status).toBe(200);
      await save(authorClient, row.id, (c) => ({ title: `${c.title} dos` }));
      const kept = await reviewerClient.request("GET", `/bulletins/${row.id}/revisions/${first.version}`);
      expect(kept.status, JSON.stringify(kept.body)).toBe(200);
      expect(kept.body.content.title).toMatch(/ uno$/);
      const events = (await authorClient.request("GET", `/bulletins/${row.id}/events`)).body.items as { action: string; revision: number }[];
      const versions = ((await authorClient.request("GET", `/bulletins/${row.id}/revisions`)).body.items as { version: number }[]).map((r) => r.version);
      for (const event of events.filter((e) => e.action === "export")) expect(versions).toContain(event.revision);
    }
  });
});

describe("insertions at one point", () => {
  it("accepted together, they go in the order they were made", async () => {
    for (let round = 0; round < 3; round += 1) {
      const row = await makeDraft(db, author);
      const start = await bulletin(authorClient, row.id);
      for (const word of ["Hoy", "mismo", "y", "sin", "falta"]) {
        expect((await authorClient.request("POST", `/bulletins/${row.id}/suggestions`, { field: "title", from: 0, to: 0, insert: `${word} ` })).status).toBe(201);
      }
      const all = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`);
      expect(all.body.bulletin.title).toBe(`Hoy mismo y sin falta ${start.title}`);
    }
  });

  it("an insertion where a replacement begins is applied with it, whichever was made first", async () => {
    for (const insertionFirst of [true, false]) {
      const row = await makeDraft(db, author);
      const start = await bulletin(authorClient, row.id);
      const insertion = { field: "title", from: 0, to: 0, insert: "Hoy " };
      const replacement = { field: "title", from: 0, to: "Inaugura".length, insert: "Abre" };
      for (const body of insertionFirst ? [insertion, replacement] : [replacement, insertion]) {
        expect((await authorClient.request("POST", `/bulletins/${row.id}/suggestions`, body)).status).toBe(201);
      }
      const all = await authorClient.request<{ suggestions: Suggestion[]; bulletin: BulletinResource }>("POST", `/bulletins/${row.id}/suggestions/accept-all`);
      expect(all.body.suggestions.map((s) => s.status)).toEqual(["accepted", "accepted"]);
      expect(all.body.bulletin.title).toBe(`Hoy Abre${start.title.slice("Inaugura".length)}`);
    }
  });
});

describe("decisions fired in parallel", () => {
  it("accept-all, accept, reject-all and a save at once: each suggestion applied at most once, no save lost, versions in order", async () => {
    const words = ["Uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho"];
    const row = await makeDraft(db, author, readyContent({ title: words.join(" ") }));
    const start = await bulletin(authorClient, row.id);
    const made: Suggestion[] = [];
    for (const word of words) made.push(await suggest(authorClient, row.id, "title", start, word, word.toUpperCase()));
    const responses = await Promise.all([
      authorClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`),
      adminClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`),
      authorClient.request("POST", `/bulletins/${row.id}/suggestions/${made[0]!.id}/accept`),
      authorClient.request("POST", `/bulletins/${row.id}/suggestions/${made[1]!.id}/accept`),
      adminClient.request("POST", `/bulletins/${row.id}/suggestions/reject-all`),
      authorClient.request("PUT", `/bulletins/${row.id}`, { ...readyContent(), title: `${start.title} editado`, highlights: ["Otro destacado."] }, ifMatch(start.version)),
    ]);
    for (const response of responses) expect([200, 409], JSON.stringify(response.body)).toContain(response.status);
    const after = await bulletin(authorClient, row.id);
    const items = await suggestions(authorClient, row.id);
    const applied = items.filter((s) => s.status === "accepted").map((s) => s.deleted);
    // The title holds exactly the accepted replacements, each once.
    for (const word of words) {
      const upper = (after.title.match(new RegExp(`\\b${word.toUpperCase()}\\b`, "g")) ?? []).length;
      expect(upper, `${word} in «${after.title}»`).toBe(applied.includes(word) ? 1 : 0);
    }
    expect(items.every((s) => s.status !== "open")).toBe(true);
    const revisions = (await authorClient.request("GET", `/bulletins/${row.id}/revisions`)).body.items as { version: number; appliedSuggestions: number[] }[];
    const appliedIds = revisions.flatMap((r) => r.appliedSuggestions);
    expect(new Set(appliedIds).size).toBe(appliedIds.length);
    expect(revisions.map((r) => r.version)).toEqual([...revisions.map((r) => r.version)].sort((a, b) => a - b));
    expect(revisions.at(-1)!.version).toBe(after.version);
    // The save either went in (and is in the text) or was refused with 409: never silently lost.
    const saved = responses[5]!;
    if (saved.status === 200) expect(after.highlights).toEqual(["Otro destacado."]);
  });
});

describe("suggestions that are not outdated are never lost as outdated", () => {
  it("suggestions left open through an approval can still be accepted once the bulletin is reopened", async () => {
    const row = await makeInReview(db, author);
    const start = await bulletin(reviewerClient, row.id);
    const title = await suggest(reviewerClient, row.id, "title", start, "Inaugura", "Abre");
    const highlight = await suggest(reviewerClient, row.id, "highlights.0", start, "Atenderá", "Servirá");
    expect((await secondReviewerClient.request("POST", `/bulletins/${row.id}/transitions`, { action: "approve" })).status).toBe(200);
    expect((await authorClient.request("POST", `/bulletins/${row.id}/transitions`, { action: "reopen" })).status).toBe(200);
    const one = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${title.id}/accept`);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.bulletin.title).toMatch(/^Abre el Seguro Social/);
    const all = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`);
    expect(all.body.suggestions.find((s: Suggestion) => s.id === highlight.id).status).toBe("accepted");
    expect(all.body.bulletin.highlights[0]).toMatch(/^Servirá a 40 mil/);
  });

  it("a suggestion whose field could not be saved with it stays open, and accepting it says why", async () => {
    const row = await makeDraft(db, author, readyContent({ highlights: ["Corto."] }));
    const start = await bulletin(authorClient, row.id);
    const long = "x".repeat(1500);
    const first = await suggest(authorClient, row.id, "highlights.0", start, "Corto", `Corto ${long}`);
    const second = await suggest(authorClient, row.id, "highlights.0", start, ".", `. ${long}`);
    expect((await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${first.id}/accept`)).status).toBe(200);
    // Both together would make the highlight longer than a save allows: its passage is intact, so it is
    // not outdated; it stays open and the refusal gives the reason.
    const refused = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${second.id}/accept`);
    expect(errorCode(refused)).toBe("validation_error");
    expect(refused.body.error.message).toMatch(/destacado 1 no se podría guardar: El destacado es demasiado largo/);
    expect((await suggestions(authorClient, row.id)).find((s) => s.id === second.id)!.status).toBe("open");
    expect((await bulletin(authorClient, row.id)).openSuggestions).toBe(1);
    // Accept-all leaves it open too, and applies nothing else wrongly.
    const all = await authorClient.request<{ suggestions: Suggestion[] }>("POST", `/bulletins/${row.id}/suggestions/accept-all`);
    expect(all.status).toBe(200);
    expect(all.body.suggestions.find((s) => s.id === second.id)!.status).toBe("open");
    const rejected = await authorClient.request<{ suggestions: Suggestion[] }>("POST", `/bulletins/${row.id}/suggestions/${second.id}/reject`);
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.suggestions.find((s) => s.id === second.id)!.status).toBe("rejected");
    expect(errorCode(await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${second.id}/accept`))).toBe("invalid_transition");
  });

  it("an outdated suggestion is dismissed by Rechazar sugerencia, and accepting it stays refused", async () => {
    const row = await makeDraft(db, author);
    const start = await bulletin(authorClient, row.id);
    const made = await suggest(authorClient, row.id, "title", start, "Tlalpan", "Coyoacán");
    const current = await bulletin(authorClient, row.id);
    const { number, place, date, highlights, body, photoLinks, videoLinks } = current;
    await authorClient.request("PUT", `/bulletins/${row.id}`, { number, place, date, title: current.title.replace("Tlalpan", "Iztapalapa"), highlights, body, photoLinks, videoLinks }, ifMatch(current.version));
    expect((await suggestions(authorClient, row.id)).find((s) => s.id === made.id)!.status).toBe("outdated");
    expect(errorCode(await authorClient.request("POST", `/bulletins/${row.id}/suggestions/${made.id}/accept`))).toBe("invalid_transition");
    const rejected = await authorClient.request<{ suggestions: Suggestion[] }>("POST", `/bulletins/${row.id}/suggestions/${made.id}/reject`);
    expect(rejected.body.suggestions.find((s) => s.id === made.id)!.status).toBe("rejected");
  });
});

describe("odd offsets", () => {
  it("a comment whose edges split a character of two code units (😀) quotes the whole character, never half of it", async () => {
    const title = "Inaugura el Seguro Social 😀 una unidad";
    const row = await makeDraft(db, author, readyContent({ title }));
    const at = title.indexOf("😀");
    const made = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "¿Y esto?", anchor: { field: "title", from: at + 1, to: at + 5 } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.quote).toBe("😀 un");
    expect(made.body.anchor).toEqual({ field: "title", from: at, to: at + 5 });
    const ending = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "¿Y esto?", anchor: { field: "title", from: 0, to: at + 1 } });
    expect(ending.body.quote).toBe(title.slice(0, at + 2));
    // What a one-line field's save turns into a space (NEL, U+2028) is a space in the suggestion too: the text shown is the text accepted.
    const draft = await makeDraft(db, author);
    for (const separator of ["\u0085", "\u2028", "\u2029", "\r\n"]) {
      const made = await authorClient.request<Suggestion>("POST", `/bulletins/${draft.id}/suggestions`, { field: "title", from: 0, to: 0, insert: `Hoy${separator}mismo ` });
      expect(made.body.text, JSON.stringify(separator)).toBe("Hoy mismo ");
    }
    // A suggestion that would leave half of one is refused with the reason, not stored.
    const inReview = await makeInReview(db, author, readyContent({ title }));
    expect(errorCode(await reviewerClient.request("POST", `/bulletins/${inReview.id}/suggestions`, { field: "title", from: at + 1, to: at + 1, insert: "x" }))).toBe("validation_error");
  });
});

describe("huge rewrites", () => {
  it("a rewrite too large to diff word by word leaves what is around it in place: the comment stays on its own occurrence, the suggestion open", async () => {
    const words = (seed: string) => Array.from({ length: 3000 }, (_, i) => `${seed}${i}`).join(" ");
    const paragraphs = (middle: string) => bodyFromParagraphs(["La unidad abrirá en dos turnos.", middle, "Al final, la unidad abrirá en dos turnos."]);
    const row = await makeDraft(db, author, readyContent({ body: paragraphs(words("viejo")) }));
    const start = await bulletin(authorClient, row.id);
    const last = bodyText(start.body).lastIndexOf("dos turnos");
    const thread = await reviewerClient.request<Comment>("POST", `/bulletins/${row.id}/comments`, { body: "¿Cuáles?", anchor: { field: "body", from: last, to: last + 10 } });
    expect(thread.status).toBe(201);
    const made = await authorClient.request<Suggestion>("POST", `/bulletins/${row.id}/suggestions`, { field: "body", from: last, to: last + 3, insert: "tres" });
    expect(made.status).toBe(201);
    await save(authorClient, row.id, () => ({ body: paragraphs(words("nuevo")) }));
    const now = bodyText((await bulletin(authorClient, row.id)).body);
    const expected = now.lastIndexOf("dos turnos");
    const anchored = (await threads(authorClient, row.id)).find((c) => c.id === thread.body.id)!;
    expect(anchored.anchor).toEqual({ field: "body", from: expected, to: expected + 10 });
    const carried = (await suggestions(authorClient, row.id)).find((s) => s.id === made.body.id)!;
    expect(carried).toMatchObject({ status: "open", from: expected, to: expected + 3 });
  });
});

describe("many marks carried at once", () => {
  it("a save that moves 120 anchors and 120 suggestions puts each on its own words", async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Párrafo ${i}: la unidad abrirá de lunes a viernes en dos turnos.`);
    const row = await makeDraft(db, author, readyContent({ body: bodyFromParagraphs(paragraphs) }));
    const start = await bulletin(authorClient, row.id);
    const text = bodyText(start.body);
    let offset = 0;
    const starts = paragraphs.map((p) => [offset, (offset += p.length + 1)][0]!);
    for (let i = 0; i < paragraphs.length; i += 1) {
      const lunes = starts[i]! + paragraphs[i]!.indexOf("lunes");
      const turnos = starts[i]! + paragraphs[i]!.indexOf("dos turnos");
      expect(text.slice(lunes, lunes + 5)).toBe("lunes");
      expect((await authorClient.request("POST", `/bulletins/${row.id}/suggestions`, { field: "body", from: lunes, to: lunes + 5, insert: `martes ${i}` })).status).toBe(201);
      expect((await reviewerClient.request("POST", `/bulletins/${row.id}/comments`, { body: `c${i}`, anchor: { field: "body", from: turnos, to: turnos + 10 } })).status).toBe(201);
    }
    // A paragraph before all of them, and one deleted in the middle (its marks go).
    await save(authorClient, row.id, () => ({ body: bodyFromParagraphs(["Entrada nueva.", ...paragraphs.filter((_, i) => i !== 60)]) }));
    const now = await bulletin(authorClient, row.id);
    const nowText = bodyText(now.body);
    const items = await suggestions(authorClient, row.id);
    expect(items.filter((s) => s.status === "outdated")).toHaveLength(1);
    for (const s of items.filter((s) => s.status === "open")) {
      expect(nowText.slice(s.from, s.to)).toBe("lunes");
      expect(s.revision).toBe(now.version);
    }
    const comments = await threads(authorClient, row.id);
    expect(comments.filter((c) => c.outdated)).toHaveLength(1);
    for (const c of comments.filter((c) => !c.outdated)) {
      // Each comment is on the paragraph it was made on.
      const paragraph = nowText.slice(0, c.anchor!.from).split("\n").at(-1)!;
      expect(`${paragraph}${nowText.slice(c.anchor!.from, c.anchor!.to)}`).toBe(`Párrafo ${c.body.slice(1)}: la unidad abrirá de lunes a viernes en dos turnos`);
    }
    const all = await authorClient.request("POST", `/bulletins/${row.id}/suggestions/accept-all`);
    expect(all.body.suggestions.filter((s: Suggestion) => s.status === "accepted")).toHaveLength(119);
    expect(bodyText(all.body.bulletin.body)).toContain("Párrafo 119: la unidad abrirá de martes 119 a viernes");
  });
});
