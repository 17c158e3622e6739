import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/pglite";
import type { User } from "../../shared/api/schemas";
import { addComment } from "../../server/commands/commentOnBulletin";
import { saveBulletin } from "../../server/commands/saveBulletin";
import { suggestEdit } from "../../server/commands/suggestions";
import type { Database } from "../../server/db/client";
import { findBulletin } from "../../server/db/queries/bulletins";
import * as schema from "../../server/db/schema";
import { createTestDatabase, type TestDatabase } from "../db";
import { AUTHOR, REVIEWER, act, makeDraft, readyContent, userByEmail } from "./fixtures";

/**
 * The bulletin read is a statement whose plan the database keeps (server/db/prepared.ts):
 * it must read what is stored now, inside and outside transactions, on any connection.
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

describe("the prepared bulletin read", () => {
  it("still reads after the transaction that first asked for it rolled back", async () => {
    const draft = await makeDraft(db, author);
    // The very first locked read of this database happens in a transaction that fails.
    await expect(
      db.transaction(async (tx) => {
        const locked = await findBulletin(tx, draft.id, { forUpdate: true });
        expect(locked?.id).toBe(draft.id);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const locked = await db.transaction((tx) => findBulletin(tx, draft.id, { forUpdate: true }));
    expect(locked?.content.title).toBe(draft.content.title);
    expect((await findBulletin(db, draft.id))?.version).toBe(draft.version);
  });

  it("reads the new text, version and writer right after a save", async () => {
    const draft = await makeDraft(db, author);
    await saveBulletin(db, author, draft.id, draft.version, readyContent({ title: "Titular guardado después" }));
    const row = (await findBulletin(db, draft.id))!;
    expect(row.content.title).toBe("Titular guardado después");
    expect(row.lastSavedBy?.id).toBe(author.id);
    expect(row.updatedAt).toBeInstanceOf(Date);
    expect(row.writerIds).toContain(author.id);
  });

  it("counts a new comment thread and a new suggestion at once, and shows a transition", async () => {
    const draft = await makeDraft(db, author);
    const inReview = await act(db, author, draft.id, "submit");
    expect(inReview.status).toBe("in_review");
    const before = (await findBulletin(db, draft.id))!;
    await addComment(db, reviewer, draft.id, { body: "¿Fuente de la cifra?" });
    await suggestEdit(db, reviewer, draft.id, { field: "title", from: 0, to: 3, insert: "Nuevo" });
    const after = (await findBulletin(db, draft.id))!;
    expect(after.status).toBe("in_review");
    expect(after.openThreads).toBe(before.openThreads + 1);
    expect(after.openSuggestions).toBe(before.openSuggestions + 1);
    expect(typeof after.openThreads).toBe("number");
  });

  it("answers no bulletin for an id that names none", async () => {
    expect(await findBulletin(db, 2_000_000_000)).toBeNull();
    expect(await findBulletin(db, 0)).toBeNull();
  });

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))("works over two Drizzle instances of one embedded database, the second first asking in a rolled-back transaction", async () => {
    const pglite = database.handle.pglite;
    if (!pglite) return;
    const draft = await makeDraft(db, author);
    const other = drizzle(pglite, { schema }) as unknown as Database;
    // This instance's first reads (and so its PREPAREs) happen in a transaction that rolls back.
    await expect(
      other.transaction(async (tx) => {
        expect((await findBulletin(tx, draft.id, { forUpdate: true }))?.id).toBe(draft.id);
        expect((await findBulletin(tx, draft.id))?.id).toBe(draft.id);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await findBulletin(other, draft.id))?.id).toBe(draft.id);
    expect((await findBulletin(db, draft.id))?.id).toBe(draft.id);
    expect((await other.transaction((tx) => findBulletin(tx, draft.id, { forUpdate: true })))?.id).toBe(draft.id);
  });
});
