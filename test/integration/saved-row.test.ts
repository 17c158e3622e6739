import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { saveBulletin } from "../../server/commands/saveBulletin";
import { suggestEdit } from "../../server/commands/suggestions";
import type { Database } from "../../server/db/client";
import { findBulletin, findRevision, listRevisions, type BulletinRow } from "../../server/db/queries/bulletins";
import { listEvents } from "../../server/db/queries/events";
import { users } from "../../server/db/schema";
import { createTestDatabase, type TestDatabase } from "../db";
import { ADMIN, AUTHOR, REVIEWER, act, makeDraft, makeInReview, readyContent, userByEmail } from "./fixtures";

/**
 * A save answers the bulletin worked out from the locked row and what it wrote, without
 * reading it back (server/commands/saveBulletin.ts): it must be exactly what is stored —
 * the editor, the checks and allowedActions are built from it.
 */

let database: TestDatabase;
let db: Database;
let author: User;
let admin: User;
let reviewer: User;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  author = await userByEmail(db, AUTHOR);
  admin = await userByEmail(db, ADMIN);
  reviewer = await userByEmail(db, REVIEWER);
});

afterAll(async () => {
  await database?.close();
});

async function save(user: User, row: BulletinRow, title: string): Promise<BulletinRow> {
  return saveBulletin(db, user, row.id, row.version, readyContent({ title }));
}

async function expectStored(saved: BulletinRow): Promise<void> {
  expect(saved).toEqual(await findBulletin(db, saved.id));
}

describe("the bulletin a save answers is the bulletin as stored", () => {
  it("a new revision, then saves folded into it", async () => {
    const draft = await makeDraft(db, author);
    await expectStored(draft);
    const second = await save(author, draft, "Segundo guardado del mismo borrador de prueba");
    await expectStored(second);
    await expectStored(await save(author, second, "Tercer guardado del mismo borrador de prueba"));
  });

  it("another writer (an admin) joins the writers and is the one who saved last", async () => {
    const draft = await makeDraft(db, author);
    const byAdmin = await save(admin, draft, "Lo corrige la administración antes de enviarlo");
    expect(byAdmin.writerIds).toEqual([author.id, admin.id].sort((a, b) => a - b));
    expect(byAdmin.lastSavedBy).toEqual({ id: admin.id, name: admin.name });
    await expectStored(byAdmin);
  });

  it("a sealed revision (seen by a reviewer) is followed by a new open one", async () => {
    const inReview = await makeInReview(db, author);
    const back = await act(db, reviewer, inReview.id, "request_changes", "Cambia el titular.");
    expect(back.currentSealed).toBe(true);
    const saved = await save(author, back, "Titular cambiado como pidió la revisión");
    expect(saved.currentSealed).toBe(false);
    await expectStored(saved);
  });

  it("a save that rewrites a suggested passage leaves one open suggestion fewer", async () => {
    const inReview = await makeInReview(db, author, readyContent({ title: "Titular con una palabra sugerida aquí" }));
    await suggestEdit(db, reviewer, inReview.id, { field: "title", from: 0, to: 7, insert: "Encabezado" });
    await suggestEdit(db, reviewer, inReview.id, { field: "highlights.0", from: 0, to: 0, insert: "Nuevo: " });
    const back = await act(db, reviewer, inReview.id, "request_changes", "Mira las sugerencias.");
    expect(back.openSuggestions).toBe(2);
    const saved = await saveBulletin(db, author, back.id, back.version, { ...back.content, title: "Otro titular distinto del todo" });
    expect(saved.openSuggestions).toBe(1);
    await expectStored(saved);
  });

  it("an account whose password an admin set counts that admin among the writers", async () => {
    const [row] = await db.update(users).set({ passwordSetBy: admin.id }).where(eq(users.id, author.id)).returning();
    try {
      const custodied: User = { ...author, passwordSetBy: row!.passwordSetBy };
      const draft = await makeDraft(db, author);
      const saved = await save(custodied, draft, "Guardado por una cuenta con contraseña ajena");
      expect(saved.writerIds).toContain(admin.id);
      await expectStored(saved);
    } finally {
      await db.update(users).set({ passwordSetBy: null }).where(eq(users.id, author.id));
    }
  });

  it("each save is one event in the audit trail; one writer's saves fold into the revision that holds the last text, another writer's start their own", async () => {
    const draft = await makeDraft(db, author);
    const second = await save(author, draft, "Segundo guardado, el que abre la sesión de edición");
    const third = await save(author, second, "Tercer guardado, que extiende la misma revisión");
    const byAdmin = await save(admin, third, "La administración corrige el titular en su propia revisión");
    const versions = (await listRevisions(db, draft.id)).map((revision) => revision.version);
    // The third save replaced the second's revision; the admin's is a revision of its own.
    expect(versions).not.toContain(second.version);
    expect(versions.slice(-2)).toEqual([third.version, byAdmin.version]);
    expect((await findRevision(db, draft.id, third.version))?.content.title).toBe("Tercer guardado, que extiende la misma revisión");
    expect((await findRevision(db, draft.id, byAdmin.version))?.content.title).toBe("La administración corrige el titular en su propia revisión");
    const saves = (await listEvents(db, draft.id)).filter((event) => event.action === "save" && event.revision! > draft.version);
    expect(saves.map((event) => [event.actorId, event.revision, event.fromStatus, event.toStatus])).toEqual([
      [author.id, second.version, "draft", "draft"],
      [author.id, third.version, "draft", "draft"],
      [admin.id, byAdmin.version, "draft", "draft"],
    ]);
    expect(saves[1]!.detail).toEqual({ folded: second.version });
    expect(saves[2]!.detail).toBeNull();
  });
});
