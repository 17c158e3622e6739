import { and, sql, type SQL } from "drizzle-orm";
import pg from "pg";
import type { DatabaseOrTransaction, Transaction } from "../db/client";
import { countMatches, rankedIds, type RankOptions, type SearchMatch } from "./archive-search";

export interface SearchPageOptions extends Omit<RankOptions, "walkNewest"> {
  /** The filters a result must pass besides the words (not deleted, status, year, …). */
  where: SQL | undefined;
  match: SearchMatch;
}

export interface SearchPage<T> {
  total: number;
  capped: boolean;
  items: T[];
}

/**
 * One page of an archive search: the capped count, the ranked ids, then `readRows` of those ids
 * (in their order). On a PostgreSQL pool the count runs on a connection of its own beside the
 * page (ids, then rows), so a search costs the slower of the two instead of their sum; the page
 * looks among the newest bulletins first, as it does past the cap, until the count is back
 * (the same ids either way).
 * Each waits for nothing of the other's, so two searches never hold the pool waiting for each other.
 * On PGlite (one connection) or inside a transaction, one statement after the other.
 */
export async function searchPage<T>(
  db: DatabaseOrTransaction,
  options: SearchPageOptions,
  readRows: (tx: Transaction, ids: number[]) => Promise<T[]>,
): Promise<SearchPage<T>> {
  const { where, match, ...rank } = options;
  const condition = and(where, match.condition);
  const page = async (tx: Transaction, walkNewest: RankOptions["walkNewest"]) => {
    const ids = await rankedIds(tx, where, match, { ...rank, walkNewest });
    return ids.length === 0 ? [] : readRows(tx, ids);
  };
  if (onPool(db)) {
    // Until the count is back the page walks the newest bulletins; once it says at most
    // SEARCH_COUNT_CAP (a rare word, no match at all), the tiers left read their GIN index.
    let countSaysCapped: boolean | undefined;
    const [{ total, capped }, items] = await Promise.all([
      steeredToIndex(db, (tx) => countMatches(tx, condition)).then((counted) => {
        countSaysCapped = counted.capped;
        return counted;
      }),
      steeredToIndex(db, (tx) => page(tx, () => countSaysCapped ?? true)),
    ]);
    return { total, capped, items: total === 0 ? [] : items };
  }
  return steeredToIndex(db, async (tx) => {
    const { total, capped } = await countMatches(tx, condition);
    return { total, capped, items: total === 0 ? [] : await page(tx, capped) };
  });
}

/** Whether `db` is a PostgreSQL pool (not PGlite, not a transaction): statements may run on several connections at once. */
function onPool(db: DatabaseOrTransaction): boolean {
  return (db as { $client?: unknown }).$client instanceof pg.Pool;
}

/**
 * Runs `run` in a transaction that steers the planner to the GIN indexes: a search vector is
 * large and stored out of line, so the planner underrates the index (it counts nothing for
 * unpacking a vector a sequential scan tests).
 */
function steeredToIndex<T>(db: DatabaseOrTransaction, run: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    return run(tx);
  });
}
