import type { User } from "../../shared/api/schemas";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { Database } from "../db/client";
import { findBulletin, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { writeRevision } from "../review/revisions";
import { versionConflict } from "./reviseBulletin";
import { authorizeBulletin } from "../../shared/policies/bulletin";
import { custodianOf, loadBulletin } from "../policies/bulletin";

/**
 * Saves a new revision when `expectedVersion` is still the current one.
 * A stale version is refused with `version_conflict` and the current bulletin
 * (details.current is filled by the route's presenter), never overwritten.
 */
export async function saveBulletin(
  db: Database,
  user: Pick<User, "id" | "role">,
  id: number,
  expectedVersion: number,
  content: Bulletin,
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const current = await loadBulletin(tx, user, id, "read", { forUpdate: true });
    // A stale save first: whoever wrote meanwhile (and whatever they did) is what the editor must show.
    if (current.version !== expectedVersion) throw versionConflict(current, user.id);
    authorizeBulletin(user, "edit", current);
    // The number is given by approval only; whatever the client sends is ignored.
    const number = current.numberSeq && current.numberYear ? { seq: current.numberSeq, year: current.numberYear } : current.content.number;
    const saved: Bulletin = { ...content, number };
    // One person's autosaves fold into one revision (server/review/revisions.ts).
    const { version, folded } = await writeRevision(tx, { current, content: saved, authorId: user.id, custodianId: custodianOf(user), kind: "autosave" });
    await recordEvent(tx, {
      bulletinId: id, actorId: user.id, action: "save", fromStatus: current.status, toStatus: current.status, revision: version,
      detail: folded ? { folded: current.version } : null,
    });
    return (await findBulletin(tx, id))!;
  });
}
