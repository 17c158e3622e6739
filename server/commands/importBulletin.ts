import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { Database } from "../db/client";
import { advanceCounter, numberTakenElsewhere, searchColumns } from "../db/queries/bulletins";
import { recordEvent } from "../db/queries/events";
import { bulletins, revisions } from "../db/schema";
import { loadOrganizationProfile } from "../db/queries/organization";
import { hashApproval, hashContent } from "../bulletin-hash";

export interface ImportResult {
  id: number;
  created: boolean;
  /** Why the number was not given to the bulletin (another one holds it). */
  numberConflict: boolean;
}

/**
 * Imports a past bulletin into the archive as published, bound to its only revision.
 * Idempotent: the same file (same bytes) twice makes one bulletin. Its number
 * advances the year's counter so approval never hands it out again.
 */
export async function importBulletin(
  db: Database,
  authorId: number,
  content: Bulletin,
  sourceBytes: Uint8Array,
): Promise<ImportResult> {
  const sourceKey = createHash("sha256").update(sourceBytes).digest("hex");
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: bulletins.id }).from(bulletins).where(eq(bulletins.sourceKey, sourceKey));
    if (existing) return { id: existing.id, created: false, numberConflict: false };
    const number = content.number;
    const numberConflict = number ? await numberTakenElsewhere(tx, 0, number) : false;
    const hash = hashContent(content);
    // Imported as published: its exports keep the profile of the day it came in.
    const profile = await loadOrganizationProfile(tx);
    const [row] = await tx
      .insert(bulletins)
      .values({
        status: "published",
        authorId,
        content,
        version: 1,
        numberYear: number && !numberConflict ? number.year : null,
        numberSeq: number && !numberConflict ? number.seq : null,
        approvedRevision: 1,
        approvedHash: hashApproval(content, profile),
        approvedProfile: profile,
        sourceKey,
        ...searchColumns(content),
      })
      .returning({ id: bulletins.id });
    const id = row!.id;
    await tx.insert(revisions).values({ bulletinId: id, version: 1, content, hash, authorId, status: "published" });
    if (number && !numberConflict) await advanceCounter(tx, number.year, number.seq);
    await recordEvent(tx, { bulletinId: id, actorId: authorId, action: "import", toStatus: "published", revision: 1, detail: { sourceKey } });
    return { id, created: true, numberConflict };
  });
}
