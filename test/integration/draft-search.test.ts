import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { flushDraftSearch, reindexDrafts } from "../../server/commands/indexDraft";
import { saveBulletin } from "../../server/commands/saveBulletin";
import type { Database } from "../../server/db/client";
import { listBulletins } from "../../server/db/queries/bulletins";
import { bulletins } from "../../server/db/schema";
import { createTestDatabase, type TestDatabase } from "../db";
import { AUTHOR, REVIEWER, act, makeDraft, readyContent, userByEmail } from "./fixtures";

/**
 * Autosaves leave a draft's search vector to a refresh once the writer pauses
 * (server/commands/indexDraft.ts). What search says of drafts must still be what they
 * say: at once on the process that saved them (a search flushes what is pending), at
 * submit and approval whatever was pending, and after a restart.
 */

let database: TestDatabase;
let db: Database;
let author: User;
let reviewer: User;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  author = await userByEmail(db, AUTHOR);
  reviewer = await userByEmail(db, REVIEWER);
});

afterAll(async () => {
  await database?.close();
});

/** Ids found by the stored vectors as they are (no flush: what another process would find). */
async function foundBy(text: string): Promise<number[]> {
  return (await listBulletins(db, { q: text, page: 1, pageSize: 50 })).items.map((item) => item.id);
}

describe("draft search without a vector per autosave", () => {
  it("a search on this process finds a draft by the words of its last autosave, not by those it replaced", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Inaugura el IMSS un vivero de cactáceas en Saltillo" }));
    await flushDraftSearch(db);
    await saveBulletin(db, author, draft.id, draft.version, readyContent({ title: "Inaugura el IMSS un observatorio de luciérnagas en Saltillo" }));
    await flushDraftSearch(db);
    expect(await foundBy("luciérnagas")).toEqual([draft.id]);
    expect(await foundBy("cactáceas")).toEqual([]);
  });

  it("submitting makes what goes to review searchable as it is, whatever autosave left pending", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Presenta el IMSS su censo de ajolotes" }));
    await flushDraftSearch(db);
    const saved = await saveBulletin(db, author, draft.id, draft.version, readyContent({ title: "Presenta el IMSS su censo de tlacuaches" }));
    // The vector as a crash would leave it: the old text's.
    await db.execute(sql`UPDATE bulletins SET search = to_tsvector('redacta_es', 'ajolotes') WHERE id = ${saved.id}`);
    await act(db, author, saved.id, "submit");
    expect(await foundBy("tlacuaches")).toEqual([saved.id]);
    expect(await foundBy("ajolotes")).toEqual([]);
  });

  it("an approved bulletin is found by its approved text", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Entrega el IMSS equipo de hemodiálisis en Colima" }));
    await act(db, author, draft.id, "submit");
    await db.execute(sql`UPDATE bulletins SET search = to_tsvector('redacta_es', 'nada') WHERE id = ${draft.id}`);
    await act(db, reviewer, draft.id, "approve");
    expect(await foundBy("hemodiálisis")).toContain(draft.id);
  });

  it("a start re-indexes the drafts a process that died left with an older text's vector", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Abre el IMSS una guardería con huerto de chiles" }));
    await flushDraftSearch(db);
    const [row] = await db.select({ content: bulletins.content }).from(bulletins).where(eq(bulletins.id, draft.id));
    // Saved, then killed before its refresh: the text is new, the vector still the old one.
    await db.update(bulletins).set({ content: { ...row!.content, title: "Abre el IMSS una guardería con huerto de nopales" } }).where(eq(bulletins.id, draft.id));
    expect(await foundBy("nopales")).toEqual([]);
    await reindexDrafts(db);
    expect(await foundBy("nopales")).toEqual([draft.id]);
    expect(await foundBy("chiles")).toEqual([]);
  });
});
