import type { User } from "../../shared/api/schemas";
import type { PolicyUser } from "../../shared/policies/bulletin";
import type { Database } from "../db/client";
import { findBulletin, type BulletinRow } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { DomainError } from "../errors";
import { assignReviewers } from "../notifications/bulletin-notices";
import { notify } from "../notifications/notify";
import { loadBulletin } from "../policies/bulletin";

/**
 * `Tomar revisión` (a reviewer takes it: `userIds` is themselves) or handing it to other
 * reviewers, while the bulletin is in review. Who is asked to review never changes who may
 * approve: four-eyes decides that. The newly asked are told.
 */
export async function assignReview(db: Database, user: Pick<User, "id" | "role"> & PolicyUser, id: number, userIds: number[]): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const bulletin = await loadBulletin(tx, user, id, "read", { forUpdate: true });
    if (bulletin.status !== "in_review") {
      throw new DomainError("invalid_transition", "Solo se asigna la revisión de un boletín que está en revisión.", null);
    }
    const before = bulletin.reviewers.map((reviewer) => reviewer.id);
    const asked = await assignReviewers(tx, id, user.id, bulletin.authorId, userIds, { keep: true });
    await recordEvent(tx, { bulletinId: id, actorId: user.id, action: "assign_reviewers", revision: bulletin.version, detail: { reviewerIds: asked } });
    await notify(tx, {
      kind: "assigned", actorId: user.id, bulletinId: id, title: bulletin.content.title,
      userIds: asked.filter((who) => !before.includes(who)), text: "Te pidieron revisar un boletín.",
    });
    return (await findBulletin(tx, id))!;
  });
}
