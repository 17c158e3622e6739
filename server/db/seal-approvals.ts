import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { hashApproval, hashContent } from "../bulletin-hash";
import type { DatabaseOrTransaction } from "./client";
import { loadOrganizationProfile } from "./queries/organization";
import { bulletins, revisions } from "./schema";

/**
 * Bulletins approved before approvals kept their organisation profile (or
 * restored from such a backup) get today's profile as theirs, once, with the
 * hash recomputed: from then on their exports no longer follow profile changes.
 * Only a row whose content still matches its old (content-only) hash is sealed:
 * one edited behind the approval's back stays unsealed, and its export keeps
 * refusing with `integrity_error`.
 */
export async function sealLegacyApprovals(db: DatabaseOrTransaction): Promise<number> {
  const legacy = await db
    .select({ id: bulletins.id, content: revisions.content, approvedHash: bulletins.approvedHash })
    .from(bulletins)
    .innerJoin(revisions, and(eq(revisions.bulletinId, bulletins.id), eq(revisions.version, bulletins.approvedRevision)))
    .where(and(isNotNull(bulletins.approvedRevision), isNull(bulletins.approvedProfile)));
  const intact = legacy.filter((row) => row.approvedHash === hashContent(row.content));
  if (intact.length === 0) return 0;
  const profile = await loadOrganizationProfile(db);
  for (const row of intact) {
    await db
      .update(bulletins)
      .set({ approvedProfile: profile, approvedHash: hashApproval(row.content, profile) })
      .where(and(eq(bulletins.id, row.id), isNull(bulletins.approvedProfile)));
  }
  return intact.length;
}
