import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import type { Glossary } from "../../shared/checks";
import { saveBulletin } from "../../server/commands/saveBulletin";
import type { Database } from "../../server/db/client";
import { findBulletin } from "../../server/db/queries/bulletins";
import { presentBulletin } from "../../server/presenters/bulletin";
import { loadGlossary } from "../../server/templates/load";
import { createTestDatabase, type TestDatabase } from "../db";
import { AUTHOR, act, makeDraft, readyContent, userByEmail } from "./fixtures";

/**
 * The editorial checks of a bulletin are computed once per state and kept
 * (server/presenters/cachedChecks.ts): a save, a transition or another glossary must
 * show what the checks say of the new state, never what they said before.
 */

let database: TestDatabase;
let db: Database;
let author: User;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  author = await userByEmail(db, AUTHOR);
});

afterAll(async () => {
  await database?.close();
});

const codes = async (id: number, glossary: Glossary = loadGlossary()) =>
  (await presentBulletin(db, (await findBulletin(db, id))!, author, glossary)).checks.map((check) => check.code);

function yesterdayInMexicoCity(): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City", year: "numeric", month: "2-digit", day: "2-digit" });
  return day.format(new Date(Date.now() - 24 * 3600_000));
}

describe("kept check results follow the bulletin", () => {
  it("a save that fixes a misspelled official's name clears the glossary warning", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Visita Zoe Robledo la nueva unidad de medicina familiar" }));
    expect(await codes(draft.id)).toContain("glossary_spelling");
    await saveBulletin(db, author, draft.id, draft.version, readyContent({ title: "Visita Zoé Robledo la nueva unidad de medicina familiar" }));
    expect(await codes(draft.id)).not.toContain("glossary_spelling");
  });

  it("a transition changes what is checked: a past date warns while written, not once in review", async () => {
    const date = yesterdayInMexicoCity();
    const draft = await makeDraft(db, author, readyContent({ date }));
    expect(await codes(draft.id)).toContain("date_in_past");
    await act(db, author, draft.id, "submit");
    expect(await codes(draft.id)).not.toContain("date_in_past");
  });

  it("another glossary, or the same glossary edited in place, gives that glossary's findings", async () => {
    const draft = await makeDraft(db, author, readyContent({ title: "Recorre Zoe Robledo el hospital de Ciudad Juárez" }));
    const glossary = loadGlossary();
    expect(await codes(draft.id, glossary)).toContain("glossary_spelling");
    const without: Glossary = { entries: glossary.entries.filter((entry) => entry.canonical !== "Zoé Robledo") };
    expect(await codes(draft.id, without)).not.toContain("glossary_spelling");
    // The same object, edited in place (an admin's change to the glossary it was loaded from).
    without.entries.push({ canonical: "Zoé Robledo", variants: ["Zoe Robledo"] });
    expect(await codes(draft.id, without)).toContain("glossary_spelling");
  });
});
