import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { searchColumns } from "../db/queries/bulletins";
import { bulletins } from "../db/schema";

/**
 * The search columns of drafts, kept off the autosave path. Building a bulletin's search
 * vector costs more than the rest of its UPDATE (≈14 ms of the embedded database's one
 * thread, ≈5 ms on PostgreSQL), and autosave sends a PUT about every second per person
 * typing: a save leaves the vector as it was and this process refreshes it once the
 * writer pauses (DRAFT_SEARCH_DELAY_MS after the last save, DRAFT_SEARCH_MAX_DELAY_MS at
 * the latest while they keep typing).
 *
 * What search then says of drafts:
 * - on this process, exactly what they say now: a search first refreshes what is pending
 *   (flushDraftSearch);
 * - on another process, what they said at most DRAFT_SEARCH_MAX_DELAY_MS ago;
 * - after a crash, what they said at their last refresh, until the next start re-indexes
 *   every draft (reindexDrafts).
 * The archive stays exact: submitting and approving write the vector of the text they
 * carry (server/commands/transitionBulletin.ts), and nothing autosaves after that.
 */

export const DRAFT_SEARCH_DELAY_MS = 2_000;
export const DRAFT_SEARCH_MAX_DELAY_MS = 10_000;

interface Pending {
  timer: NodeJS.Timeout;
  /** When the first save not yet indexed was made. */
  since: number;
}

const pendingByDatabase = new WeakMap<Database, Map<number, Pending>>();

function pendingOf(db: Database): Map<number, Pending> {
  let pending = pendingByDatabase.get(db);
  if (!pending) pendingByDatabase.set(db, (pending = new Map()));
  return pending;
}

/** After a committed autosave of `bulletinId`: its search columns are refreshed once its writer pauses. */
export function scheduleDraftSearch(db: Database, bulletinId: number): void {
  const pending = pendingOf(db);
  const now = Date.now();
  const earlier = pending.get(bulletinId);
  if (earlier) clearTimeout(earlier.timer);
  const since = earlier?.since ?? now;
  const delay = Math.max(0, Math.min(DRAFT_SEARCH_DELAY_MS, since + DRAFT_SEARCH_MAX_DELAY_MS - now));
  const timer = setTimeout(() => {
    pending.delete(bulletinId);
    // A failure (the database closed under a test, a restart) leaves the old vector until the next save or start.
    void refreshDraftSearch(db, [bulletinId]).catch(() => undefined);
  }, delay);
  timer.unref();
  pending.set(bulletinId, { timer, since });
}

/** Refreshes now every draft this process has left pending (before a search, before closing). */
export async function flushDraftSearch(db: Database): Promise<void> {
  const pending = pendingOf(db);
  if (pending.size === 0) return;
  const ids = [...pending.keys()];
  for (const id of ids) clearTimeout(pending.get(id)!.timer);
  pending.clear();
  await refreshDraftSearch(db, ids);
}

/**
 * Writes the search columns of the current text of each bulletin in `ids`. Each row is
 * updated only if its version is still the one read, so a save meanwhile (which schedules
 * its own refresh) is never given an older text's vector.
 */
export async function refreshDraftSearch(db: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.select({ id: bulletins.id, version: bulletins.version, content: bulletins.content }).from(bulletins).where(inArray(bulletins.id, ids));
  for (const row of rows) {
    await db.update(bulletins).set(searchColumns(row.content)).where(and(eq(bulletins.id, row.id), eq(bulletins.version, row.version)));
  }
}

/** At start: re-indexes the drafts being written (a process that died may have left some pending). */
export async function reindexDrafts(db: Database): Promise<number> {
  const rows = await db.select({ id: bulletins.id }).from(bulletins).where(inArray(bulletins.status, ["draft", "changes_requested"]));
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 50) await refreshDraftSearch(db, ids.slice(start, start + 50));
  return ids.length;
}
