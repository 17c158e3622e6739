import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulletinListItem, BulletinResource, User } from "../../shared/api/schemas";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import { queryRows, type Database } from "../../server/db/client";
import { signedIn, type ApiClient } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, archiveExample, createUser, ifMatch, makeApproved, makeDraft, readyContent, userByEmail } from "./fixtures";

let server: TestServer;
let db: Database;
let author: ApiClient;
let reviewer: ApiClient;
let authorUser: User;

beforeAll(async () => {
  server = await startTestServer();
  db = server.handle.db;
  [author, reviewer] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER)]);
  authorUser = await userByEmail(db, AUTHOR);
});

afterAll(async () => {
  await server?.close();
});

interface Page {
  items: BulletinListItem[];
  total: number;
}

async function search(client: ApiClient, query: string): Promise<Page> {
  const response = await client.get<Page>(`/bulletins?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;

/** Ids of the bulletins whose indexed text contains `text` exactly (accents and case as written). */
async function idsContaining(text: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`SELECT id FROM bulletins WHERE search_text LIKE ${`%${text}%`} ORDER BY id`);
  return rows.map((row) => Number(row.id));
}

describe("archive search", () => {
  it("`Zoe Robledo` finds the examples that say `Zoé Robledo` and marks the name in the snippet", async () => {
    const expected = await idsContaining("Zoé Robledo");
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const found = await search(reviewer, q("Zoe Robledo"));
    expect(found.items.map((item) => item.id).sort((a, b) => a - b)).toEqual(expected);
    expect(found.total).toBe(expected.length);
    for (const item of found.items) {
      expect(item.snippet, `snippet of ${item.id}`).toMatch(/<mark>Zoé<\/mark>\s*<mark>Robledo<\/mark>|<mark>Zoé Robledo<\/mark>/);
    }
  });

  it("`hospitales` finds a bulletin that only says `hospital`", async () => {
    const draft = await makeDraft(db, authorUser, readyContent({
      title: "Amplía el Seguro Social el área de urgencias en Tepic",
      body: bodyFromParagraphs(["El nuevo hospital de Tepic tendrá 90 camas."]),
    }));
    const found = await search(author, q("hospitales"));
    const item = found.items.find((entry) => entry.id === draft.id);
    expect(item, "the draft that says hospital").toBeDefined();
    expect(item!.snippet).toContain("<mark>hospital</mark>");
    // Singular finds the plural of the examples too.
    const plural = await idsContaining("hospitales");
    const singular = (await search(reviewer, `${q("hospital")}&pageSize=100`)).items.map((entry) => entry.id);
    expect(singular).toEqual(expect.arrayContaining([...plural, draft.id]));
  });

  it("filters by year, status and number", async () => {
    const byNumber = await search(reviewer, "number=493");
    expect(byNumber.items.map((item) => item.number)).toEqual([{ seq: 493, year: 2024 }]);
    expect(byNumber.items[0]!.status).toBe("published");

    const year2024 = await search(reviewer, "year=2024&pageSize=100");
    expect(year2024.total).toBeGreaterThanOrEqual(2);
    expect(year2024.items.every((item) => item.number?.year === 2024 || item.date?.startsWith("2024"))).toBe(true);
    expect(year2024.items.map((item) => item.number?.seq)).toEqual(expect.arrayContaining([493, 217]));
    expect((await search(reviewer, "year=1999")).items).toEqual([]);

    const draft = await makeDraft(db, authorUser, readyContent({ title: "Convoca el IMSS a la jornada de vacunación" }));
    const drafts = await search(reviewer, "status=draft&pageSize=100");
    expect(drafts.items.map((item) => item.id)).toContain(draft.id);
    expect(drafts.items.every((item) => item.status === "draft")).toBe(true);
    const published = await search(reviewer, "status=published&pageSize=100");
    expect(published.items.map((item) => item.id)).not.toContain(draft.id);
    expect(published.items.every((item) => item.status === "published")).toBe(true);

    // Filters combine with the text query.
    const combined = await search(reviewer, `${q("Zoe Robledo")}&year=2024&number=217`);
    expect(combined.items.map((item) => item.number)).toEqual([{ seq: 217, year: 2024 }]);
  });

  it("a saved draft is findable by what it says now, not by what it said before", async () => {
    const draft = await makeDraft(db, authorUser, readyContent({ title: "Presenta el IMSS su programa de ornitología urbana" }));
    expect((await search(author, q("ornitología"))).items.map((item) => item.id)).toEqual([draft.id]);

    const saved = await author.put<BulletinResource>(
      `/bulletins/${draft.id}`,
      readyContent({ title: "Presenta el IMSS su programa de apicultura urbana" }),
      ifMatch(draft.version),
    );
    expect(saved.status).toBe(200);
    expect((await search(author, q("ornitologia"))).items).toEqual([]);
    expect((await search(author, q("apicultura"))).items.map((item) => item.id)).toEqual([draft.id]);
  });

  it("an approved bulletin is found by its number as written", async () => {
    const approved = await makeApproved(db, authorUser, await userByEmail(db, REVIEWER), readyContent({ title: "Reconoce el IMSS a su personal de enfermería" }));
    const { seq, year } = approved.content.number!;
    expect((await search(reviewer, q(`${seq}/${year}`))).items.map((item) => item.id)).toContain(approved.id);
  });

  it("the snippet is escaped HTML: only the marks are tags", async () => {
    const draft = await makeDraft(db, authorUser, readyContent({
      title: `<script>alert("x")</script> Equipa el IMSS el hospital de Tlaxcala & más`,
      body: bodyFromParagraphs(['<img src=x onerror="alert(1)"> El hospital de Tlaxcala recibió equipo nuevo.']),
    }));
    const item = (await search(author, q("Tlaxcala"))).items.find((entry) => entry.id === draft.id);
    expect(item).toBeDefined();
    expect(item!.snippet).toContain("<mark>Tlaxcala</mark>");
    // No tag but the marks (ts_headline drops tag-like tokens; everything else is escaped).
    expect(item!.snippet).not.toMatch(/<(?!\/?mark>)/);
    expect(item!.snippet).toContain("alert(&quot;x&quot;)");
    expect(item!.snippet).toContain("&amp; más");
    // The title itself is data (JSON), shown as text by the client.
    expect(item!.title).toContain("<script>");
  });

  it("an author's search never reveals another author's draft, not even in the count", async () => {
    const admin = await signedIn(server.url, ADMIN);
    const other = await createUser(admin, "author", "otra-autora");
    const secret = await other.client.post<BulletinResource>("/bulletins", { templateId: "general" });
    await other.client.put(`/bulletins/${secret.body.id}`, readyContent({ title: "Anuncia el IMSS el programa Zarzamora confidencial" }), ifMatch(1));

    const asAuthor = await search(author, q("Zarzamora"));
    expect(asAuthor).toEqual({ items: [], total: 0, capped: false });
    const filtered = await search(author, `${q("Zarzamora")}&status=draft`);
    expect(filtered).toEqual({ items: [], total: 0, capped: false });
    // Its own author and the reviewers find it.
    expect((await search(other.client, q("Zarzamora"))).total).toBe(1);
    expect((await search(reviewer, q("Zarzamora"))).total).toBe(1);
  });
});

describe("archive search by number", () => {
  const ids = (page: Page) => page.items.map((item) => item.id);

  it("`493`, `493/2024`, `No. 493` and `no 493/2024` all find No. 493/2024, first", async () => {
    const example = await archiveExample(db, 493, 2024);
    for (const text of ["493", "493/2024", "No. 493", "no 493/2024", "No. 493/2024."]) {
      const found = await search(reviewer, q(text));
      expect(found.items[0]?.id, text).toBe(example);
      expect(found.items[0]?.number, text).toEqual({ seq: 493, year: 2024 });
    }
  });

  it("a year in the query keeps only that year's number; without one every year's number comes first", async () => {
    const approved = await makeApproved(db, authorUser, await userByEmail(db, REVIEWER), readyContent({ title: "Abre el IMSS su centro de rehabilitación" }));
    const { seq, year } = approved.content.number!;
    // Another bulletin with the same sequence in another year (imported archive).
    const other = await makeDraft(db, authorUser, readyContent({ title: "Boletín de otro año con el mismo número" }));
    await db.execute(sql`UPDATE bulletins SET number_seq = ${seq}, number_year = ${year - 3} WHERE id = ${other.id}`);

    const anyYear = await search(reviewer, q(`No. ${seq}`));
    expect(ids(anyYear).slice(0, 2).sort((a, b) => a - b)).toEqual([approved.id, other.id].sort((a, b) => a - b));

    const thisYear = await search(reviewer, q(`${seq}/${year}`));
    expect(thisYear.items[0]?.id).toBe(approved.id);
    expect(ids(thisYear)).not.toContain(other.id);
  });

  it("a number is also searched in the text: a draft that mentions `493` is found after the bulletin numbered 493", async () => {
    const example = await archiveExample(db, 493, 2024);
    const draft = await makeDraft(db, authorUser, readyContent({
      title: "Recuerda el IMSS el boletín 493 sobre la formalización",
      body: bodyFromParagraphs(["Como se informó en el comunicado 493, la formalización continúa."]),
    }));
    const found = await search(author, q("493"));
    expect(ids(found)).toContain(draft.id);
    expect(ids(found).indexOf(example)).toBeLessThan(ids(found).indexOf(draft.id));
  });

  it("a number the archive does not have finds nothing, not everything", async () => {
    expect(await search(reviewer, q("No. 999999/2199"))).toEqual({ items: [], total: 0, capped: false });
  });

  it("the caller's visibility still holds: another author's draft numbered by hand is not revealed by its number", async () => {
    const admin = await signedIn(server.url, ADMIN);
    const other = await createUser(admin, "author", "autora-numero");
    const secret = await other.client.post<BulletinResource>("/bulletins", { templateId: "general" });
    await db.execute(sql`UPDATE bulletins SET number_seq = 777777, number_year = 2020 WHERE id = ${secret.body.id}`);
    expect(await search(author, q("777777/2020"))).toEqual({ items: [], total: 0, capped: false });
    expect(ids(await search(other.client, q("777777/2020")))).toEqual([secret.body.id]);
  });
});
