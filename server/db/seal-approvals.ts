import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { hashApproval } from "../bulletin-hash";
import type { DatabaseOrTransaction } from "./client";
import { loadOrganizationProfile } from "./queries/organization";
import { bulletins, revisions } from "./schema";

/**
 * Bulletins approved before approvals kept their organisation profile (or
 * restored from such a backup) get today's profile as theirs, once, with the
 * hash recomputed: from then on their exports no longer follow profile changes.
 */
export async function sealLegacyApprovals(db: DatabaseOrTransaction): Promise<number> {
  const legacy = await db
    .select({ id: bulletins.id, content: revisions.content })
    .from(bulletins)
    .innerJoin(revisions, and(eq(revisions.bulletinId, bulletins.id), eq(revisions.version, bulletins.approvedRevision)))
    .where(and(isNotNull(bulletins.approvedRevision), isNull(bulletins.approvedProfile)));
  if (legacy.length === 0) return 0;
  const profile = await loadOrganizationProfile(db);
  for (const row of legacy) {
    await db
      .update(bulletins)
      .set({ approvedProfile: profile, approvedHash: hashApproval(row.content, profile) })
      .where(and(eq(bulletins.id, row.id), isNull(bulletins.approvedProfile)));
  }
  return legacy.length;
}
