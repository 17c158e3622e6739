import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinPage, User } from "../../shared/api/schemas";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Database } from "../../server/db/client";
import { searchColumns } from "../../server/db/queries/bulletins";
import { bulletins } from "../../server/db/schema";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { AUTHOR, REVIEWER, makeDraft, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let reviewer: ApiClient;
let authorUser: User;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  reviewer = await signedIn(server.url, REVIEWER);
  authorUser = await userByEmail(db, AUTHOR);
});

afterAll(async () => {
  await server?.close();
});

async function search(query: string): Promise<BulletinPage> {
  const response = await reviewer.get<BulletinPage>(`/bulletins?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;
const ids = (page: BulletinPage) => page.items.map((item) => item.id);

/** A draft saying `word` where `where` says, last changed `daysAgo` days ago. */
async function bulletinWith(word: string, where: "title" | "highlight" | "body", daysAgo: number): Promise<number> {
  const draft = await makeDraft(db, authorUser, readyContent({
    title: where === "title" ? `Presenta el IMSS el programa ${word} en Tlaxcala` : "Presenta el IMSS un programa en Tlaxcala",
    highlights: where === "highlight" ? [`El programa ${word} llegará a 40 clínicas.`] : ["Llegará a 40 clínicas."],
    body: bodyFromParagraphs([
      "El Instituto Mexicano del Seguro Social presentó un programa para las clínicas del estado.",
      where === "body" ? `El director explicó que el programa ${word} empieza en enero.` : "El director explicó que empieza en enero.",
    ]),
  }));
  await db.execute(sql`UPDATE bulletins SET updated_at = now() - make_interval(days => ${daysAgo}) WHERE id = ${draft.id}`);
  return draft.id;
}

/** `count` published bulletins whose body says `word`, inserted in one statement (as an import would leave them). */
async function manyWith(word: string, count: number): Promise<void> {
  const content = readyContent({ body: bodyFromParagraphs([`Se presentó el programa ${word} en las clínicas.`]) });
  const columns = searchColumns(content);
  await db.execute(sql`
    INSERT INTO ${bulletins} (status, author_id, content, version, search_text, search_head, search)
    SELECT 'published', ${authorUser.id}, ${JSON.stringify(content)}::jsonb, 1, ${columns.searchText}, ${columns.searchHead}, ${columns.search}
    FROM generate_series(1, ${count})`);
}

describe("archive search order", () => {
  it("a headline or highlight match comes before a body-only match of a newer bulletin; among equals the newest first", async () => {
    const oldTitle = await bulletinWith("Quetzalcóatl", "title", 30);
    const highlight = await bulletinWith("Quetzalcóatl", "highlight", 20);
    const newTitle = await bulletinWith("Quetzalcóatl", "title", 10);
    const newestBody = await bulletinWith("Quetzalcóatl", "body", 0);
    const olderBody = await bulletinWith("Quetzalcóatl", "body", 5);

    const found = await search(q("Quetzalcóatl"));
    expect(ids(found)).toEqual([newTitle, highlight, oldTitle, newestBody, olderBody]);
    expect(found).toMatchObject({ total: 5, capped: false });
    // The snippet marks the word where it is, in the body too.
    expect(found.items.at(-1)!.snippet).toContain("<mark>Quetzalcóatl</mark>");
  });

  it("finds the same bulletins in the same order with or without accents and capitals", async () => {
    await bulletinWith("Tonantzín", "title", 3);
    await bulletinWith("Tonantzín", "body", 1);
    const accented = ids(await search(q("Tonantzín")));
    expect(accented).toHaveLength(2);
    expect(ids(await search(q("tonantzin")))).toEqual(accented);
    expect(ids(await search(q("TONANTZIN")))).toEqual(accented);
  });

  it("pages never repeat or skip a result: page after page is the one long page", async () => {
    for (let index = 0; index < 12; index++) {
      await bulletinWith("Xochipilli", index % 3 === 0 ? "title" : index % 3 === 1 ? "highlight" : "body", index % 4);
    }
    const whole = ids(await search(`${q("xochipilli")}&pageSize=100`));
    expect(whole).toHaveLength(12);
    const paged: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const found = await search(`${q("xochipilli")}&pageSize=5&page=${page}`);
      expect(found.total).toBe(12);
      paged.push(...ids(found));
    }
    expect(paged).toEqual(whole);
    expect((await search(`${q("xochipilli")}&pageSize=5&page=4`)).items).toEqual([]);
  });
});

describe("archive search snippets", () => {
  it("a word said only deep in a long bulletin is marked in its snippet, with the text around it", async () => {
    const filler = Array.from({ length: 60 }, (_, index) => `El párrafo ${index + 1} de la crónica recuerda la historia de la clínica y de su personal.`);
    const draft = await makeDraft(db, authorUser, readyContent({
      title: "Presenta el IMSS un programa en Tlaxcala",
      highlights: ["Llegará a 40 clínicas."],
      body: bodyFromParagraphs([...filler, "Al final, la directora agradeció a la comunidad de Cacaxtla su apoyo."]),
    }));
    const found = await search(q("Cacaxtla"));
    expect(ids(found)).toEqual([draft.id]);
    const snippet = found.items[0]!.snippet!;
    expect(snippet).toContain("<mark>Cacaxtla</mark>");
    expect(snippet).toContain("agradeció");
    expect(snippet).not.toContain("El párrafo 1 de");
  });
});

describe("archive search past the newest bulletins", () => {
  it("a few matches among many newer bulletins that do not match are all found: headline first, then newest", async () => {
    // The headline match is the oldest: over a thousand newer bulletins say something else.
    const oldHeadline = await bulletinWith("Chalchiuhtlicue", "title", 500);
    const oldBody = await bulletinWith("Chalchiuhtlicue", "body", 450);
    await manyWith("Tezcatlipoca", 1100);
    const newBody = await bulletinWith("Chalchiuhtlicue", "body", 0);
    const found = await search(q("Chalchiuhtlicue"));
    expect(ids(found)).toEqual([oldHeadline, newBody, oldBody]);
    expect(found).toMatchObject({ total: 3, capped: false });
    // A query as common as the filler stays capped and ordered, page after page.
    const first50 = ids(await search(`${q("tezcatlipoca")}&pageSize=50`));
    const pages = [...ids(await search(`${q("tezcatlipoca")}&pageSize=25`)), ...ids(await search(`${q("tezcatlipoca")}&pageSize=25&page=2`))];
    expect(pages).toEqual(first50);
    expect(await search(`${q("tezcatlipoca")}&pageSize=1`)).toMatchObject({ total: 1000, capped: true });
  });
});

describe("archive search count", () => {
  it("is exact up to 1,000 matches and says only `más de 1,000` past it", async () => {
    // An old headline match, older than all the body matches inserted after it.
    const oldHeadline = await bulletinWith("Tlaloque", "title", 400);
    await manyWith("Tlaloque", 998);
    expect(await search(`${q("tlaloque")}&pageSize=1`)).toMatchObject({ total: 999, capped: false });
    await manyWith("Tlaloque", 1);
    expect(await search(`${q("tlaloque")}&pageSize=1`)).toMatchObject({ total: 1000, capped: false });
    await manyWith("Tlaloque", 1);
    const capped = await search(`${q("tlaloque")}&pageSize=25`);
    expect(capped).toMatchObject({ total: 1000, capped: true });
    expect(capped.items).toHaveLength(25);
    // Past the cap the order holds: the old headline match first, and page 2 goes on where page 1 stopped.
    expect(capped.items[0]!.id).toBe(oldHeadline);
    const first50 = ids(await search(`${q("tlaloque")}&pageSize=50`));
    const page2 = ids(await search(`${q("tlaloque")}&pageSize=25&page=2`));
    expect([...ids(capped), ...page2]).toEqual(first50);
    expect(new Set(first50).size).toBe(50);
    // Past the 1,000th the results still come, page after page.
    const deep = await search(`${q("tlaloque")}&pageSize=100&page=11`);
    expect(deep.items).toHaveLength(1);
    // A plain list (no words) counts everything exactly.
    const all = await search("pageSize=1");
    expect(all.capped).toBe(false);
    expect(all.total).toBeGreaterThan(1001);
  });

  it("a filter counts only what it keeps", async () => {
    // Of the 1,001 bulletins that say it, one is a draft: the draft filter counts it alone.
    const drafts = await search(`${q("tlaloque")}&status=draft`);
    expect(drafts).toMatchObject({ total: 1, capped: false });
    expect(drafts.items.map((item) => item.status)).toEqual(["draft"]);
    expect(await search(`${q("tlaloque")}&status=approved`)).toEqual({ items: [], total: 0, capped: false });
  });
});
