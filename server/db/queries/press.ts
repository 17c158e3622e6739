import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Bulletin } from "../../../shared/bulletin/schema";
import type { Organization } from "../../../shared/organization";
import { publicRevision, publiclyVisible } from "../../policies/public-bulletin";
import { parseNumberQuery } from "../../search/number-query";
import type { DatabaseOrTransaction } from "../client";
import { bulletinCorrections, bulletins, revisions } from "../schema";
import { listBulletins } from "./bulletins";

/** A bulletin as the public has it: its published revision's text, never the current draft of a correction. */
export interface PublicBulletin {
  id: number;
  number: { seq: number; year: number };
  revision: number;
  content: Bulletin;
  contentHash: string;
  publishedAt: Date | null;
  /** When its published revision was written (dateModified). */
  revisedAt: Date;
  withdrawnAt: Date | null;
  withdrawalNote: string | null;
  approvedRevision: number | null;
  approvedHash: string | null;
  approvedProfile: Organization | null;
}

export interface PublicListItem extends PublicBulletin {
  /** Safe HTML (`<mark>` around matches) when searching and the match is in the published text. */
  snippet: string | null;
}

// Newest publication first; the imported archive (never published here) after, by number.
const newestPublished = [sql`${bulletins.publishedAt} DESC NULLS LAST`, desc(bulletins.numberYear), desc(bulletins.numberSeq)];

const publicColumns = {
  id: bulletins.id,
  numberSeq: bulletins.numberSeq,
  numberYear: bulletins.numberYear,
  version: bulletins.version,
  revision: revisions.version,
  content: revisions.content,
  contentHash: revisions.hash,
  revisedAt: revisions.updatedAt,
  publishedAt: bulletins.publishedAt,
  withdrawnAt: bulletins.withdrawnAt,
  withdrawalNote: bulletins.withdrawalNote,
  approvedRevision: bulletins.approvedRevision,
  approvedHash: bulletins.approvedHash,
  approvedProfile: bulletins.approvedProfile,
};

/** The public bulletins matching `where`, each with its published revision. */
function selectPublic(db: DatabaseOrTransaction, where: SQL | undefined) {
  return db
    .select(publicColumns)
    .from(bulletins)
    .innerJoin(revisions, and(eq(revisions.bulletinId, bulletins.id), eq(revisions.version, publicRevision)))
    .where(and(where, publiclyVisible));
}

type PublicRow = Awaited<ReturnType<typeof selectPublic>>[number];

function present(row: PublicRow): PublicBulletin {
  return {
    id: row.id,
    number: { seq: row.numberSeq!, year: row.numberYear! },
    revision: row.revision,
    content: row.content,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt,
    revisedAt: row.revisedAt,
    withdrawnAt: row.withdrawnAt,
    withdrawalNote: row.withdrawalNote,
    approvedRevision: row.approvedRevision,
    approvedHash: row.approvedHash,
    approvedProfile: row.approvedProfile,
  };
}

/** Searching words never finds a withdrawn bulletin (that would tell what its text said); its number still does. */
function withdrawnOnlyByNumber(q: string): SQL {
  const asked = parseNumberQuery(q);
  if (!asked) return sql`${bulletins.withdrawnAt} IS NULL`;
  const year = asked.year === null ? sql`` : sql` AND ${bulletins.numberYear} = ${asked.year}`;
  return sql`(${bulletins.withdrawnAt} IS NULL OR (${bulletins.numberSeq} = ${asked.seq}${year}))`;
}

/**
 * A page of the public list, newest first, or the archive search's ranking for `q`
 * (the same search as the API's, restricted to `publiclyVisible`).
 */
export async function listPublicBulletins(
  db: DatabaseOrTransaction,
  params: { q?: string; page: number; pageSize: number },
): Promise<{ total: number; capped: boolean; items: PublicListItem[] }> {
  const found = await listBulletins(db, {
    q: params.q,
    visibleTo: params.q ? and(publiclyVisible, withdrawnOnlyByNumber(params.q)) : publiclyVisible,
    newestFirst: newestPublished,
    page: params.page,
    pageSize: params.pageSize,
  });
  if (found.items.length === 0) return { total: found.total, capped: found.capped, items: [] };
  // Visibility is checked again: the answer never holds what stopped being public between the two reads.
  const rows = await selectPublic(db, inArray(bulletins.id, found.items.map((item) => item.id)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items: PublicListItem[] = [];
  for (const item of found.items) {
    const row = byId.get(item.id);
    if (!row) continue;
    // The snippet quotes the current text: shown only when that is the published one, and never for a withdrawn bulletin.
    const snippet = item.snippet && row.version === row.revision && !row.withdrawnAt ? item.snippet : null;
    items.push({ ...present(row), snippet });
  }
  return { total: found.total, capped: found.capped, items };
}

/** The public bulletin `seq/year`, with its published corrections oldest first; null when it is not public. */
export async function findPublicBulletin(
  db: DatabaseOrTransaction,
  year: number,
  seq: number,
): Promise<(PublicBulletin & { corrections: { correctedAt: Date; note: string }[] }) | null> {
  const [row] = await selectPublic(db, and(eq(bulletins.numberYear, year), eq(bulletins.numberSeq, seq)));
  if (!row) return null;
  const corrections = await db
    .select({ correctedAt: bulletinCorrections.correctedAt, note: bulletinCorrections.note })
    .from(bulletinCorrections)
    .where(eq(bulletinCorrections.bulletinId, row.id))
    .orderBy(asc(bulletinCorrections.correctedAt), asc(bulletinCorrections.id));
  return { ...present(row), corrections };
}
