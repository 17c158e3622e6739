import { sql, type SQL } from "drizzle-orm";
import { bulletins } from "../db/schema";

/**
 * What the public sees (the press page `/prensa`, its bulletin pages, their downloads
 * and the feed), as the ONE condition they all use: a published bulletin (one being
 * corrected, back in the workflow, keeps its published revision public), not deleted,
 * with a number (its address is `/prensa/<year>/<seq>`), whose embargo, if any, has
 * lifted. A withdrawn bulletin stays visible at its number (as withdrawn, without its text).
 * Evaluated by the database (`now()`), so every server process agrees on the instant.
 */
export const publiclyVisible: SQL = sql`((${bulletins.status} = 'published' OR ${bulletins.publishedRevision} IS NOT NULL)
  AND ${bulletins.deletedAt} IS NULL
  AND ${bulletins.numberSeq} IS NOT NULL AND ${bulletins.numberYear} IS NOT NULL
  AND (${bulletins.embargoUntil} IS NULL OR ${bulletins.embargoUntil} <= now()))`;

/**
 * The revision the public has: the published one, or the approved one for bulletins
 * published before `published_revision` existed (and the imported archive).
 */
export const publicRevision: SQL<number> = sql<number>`coalesce(${bulletins.publishedRevision}, ${bulletins.approvedRevision})`;
