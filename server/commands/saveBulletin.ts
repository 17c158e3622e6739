import type { User } from "../../shared/api/schemas";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { Database } from "../db/client";
import type { BulletinRow } from "../db/queries/bulletins";
import { writeAutosaveRevision } from "../review/revisions";
import { scheduleDraftSearch } from "./indexDraft";
import { versionConflict } from "./reviseBulletin";
import { authorizeBulletin } from "../../shared/policies/bulletin";
import { custodianOf, loadBulletin } from "../policies/bulletin";

/**
 * Saves a new revision when `expectedVersion` is still the current one.
 * A stale version is refused with `version_conflict` and the current bulletin
 * (details.current is filled by the route's presenter), never overwritten.
 * Answers the bulletin as saved, worked out from the locked row and what the save
 * wrote (an autosave a second per person typing need not read it all back).
 */
export async function saveBulletin(
  db: Database,
  user: Pick<User, "id" | "role" | "name"> & Partial<Pick<User, "passwordSetBy">>,
  id: number,
  expectedVersion: number,
  content: Bulletin,
): Promise<BulletinRow> {
  const row = await db.transaction(async (tx) => {
    const current = await loadBulletin(tx, user, id, "read", { forUpdate: true });
    // A stale save first: whoever wrote meanwhile (and whatever they did) is what the editor must show.
    if (current.version !== expectedVersion) throw versionConflict(current, user.id);
    authorizeBulletin(user, "edit", current);
    // The number is given by approval only; whatever the client sends is ignored.
    const number = current.numberSeq && current.numberYear ? { seq: current.numberSeq, year: current.numberYear } : current.content.number;
    const saved: Bulletin = { ...content, number };
    // One person's autosaves fold into one revision (server/review/revisions.ts).
    const now = new Date();
    const custodianId = custodianOf(user);
    // The text, the revision and the `save` event in one statement; the search vector waits
    // until the writer pauses (server/commands/indexDraft.ts).
    const written = await writeAutosaveRevision(tx, { current, content: saved, authorId: user.id, custodianId, now });
    return savedRow(current, { content: saved, version: written.version, now, writer: user, custodianId, outdatedSuggestions: written.outdatedSuggestions });
  });
  scheduleDraftSearch(db, id);
  return row;
}

/**
 * The row findBulletin would read after the save: the new text, version and time; its writer
 * (and who set their password) among the writers since the last approval (the new revision
 * comes after it); an open revision of theirs, not sealed; the suggestions the edit outdated no
 * longer open. The number is unchanged (a save never sets it), so is the duplicate-number answer.
 * test/integration/saved-row.test.ts compares it with findBulletin.
 */
function savedRow(
  current: BulletinRow,
  save: { content: Bulletin; version: number; now: Date; writer: Pick<User, "id" | "name">; custodianId: number | null; outdatedSuggestions: number },
): BulletinRow {
  const writers = new Set([...current.writerIds, save.writer.id, ...(save.custodianId !== null ? [save.custodianId] : [])]);
  return {
    ...current,
    content: save.content,
    version: save.version,
    updatedAt: save.now,
    writerIds: [...writers].sort((a, b) => a - b),
    lastSavedBy: { id: save.writer.id, name: save.writer.name },
    openSuggestions: current.openSuggestions - save.outdatedSuggestions,
    currentSealed: false,
  };
}
