import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DatabaseOrTransaction } from "../db/client";
import { bulletins } from "../db/schema";
import { parseNumberQuery } from "./number-query";
import { SNIPPET_START, SNIPPET_STOP } from "./search-text";

/**
 * Archive search that costs the same at 100,000 bulletins as at 1,000, however many match:
 * - the count stops at SEARCH_COUNT_CAP + 1 matches (`más de 1,000` past the cap), as
 *   GitLab and GitHub count search results;
 * - the order is a few tiers (the number asked for, then a match in the headline or the
 *   highlights, then a match anywhere) and, within a tier, newest first: each tier's page is
 *   `… ORDER BY <indexed recency> LIMIT n`, so a common word reads the newest rows of an
 *   index until the page is full instead of ranking every match;
 * - the snippet is ts_headline over a window of the text around the first match, not the
 *   first 4,000 characters of each result.
 */

/** Matches counted exactly; beyond it the count says `más de 1,000`. */
export const SEARCH_COUNT_CAP = 1000;

export interface SearchMatch {
  /** websearch_to_tsquery of the text. */
  query: SQL;
  /** The number `q` names (`493`, `493/2024`), when it names one. */
  numberMatch: SQL | null;
  /** What a result must satisfy: the number, or the words anywhere in its text. */
  condition: SQL;
}

export function searchMatch(q: string): SearchMatch {
  const query = sql`websearch_to_tsquery('redacta_es', ${q})`;
  const asked = parseNumberQuery(q);
  const numberMatch = asked
    ? asked.year === null
      ? sql`${bulletins.numberSeq} = ${asked.seq}`
      : sql`(${bulletins.numberSeq} = ${asked.seq} AND ${bulletins.numberYear} = ${asked.year})`
    : null;
  const words = sql`${bulletins.search} @@ ${query}`;
  return { query, numberMatch, condition: numberMatch ? sql`(${numberMatch} OR ${words})` : words };
}

/** How many bulletins satisfy `where`, exactly up to SEARCH_COUNT_CAP; `capped` when there are more. */
export async function countMatches(db: DatabaseOrTransaction, where: SQL | undefined): Promise<{ total: number; capped: boolean }> {
  const [row] = await queryRows<{ found: number | string }>(
    db,
    sql`SELECT count(*) AS found FROM (SELECT 1 FROM ${bulletins} WHERE ${where ?? sql`true`} LIMIT ${SEARCH_COUNT_CAP + 1}) AS matches`,
  );
  const found = Number(row?.found ?? 0);
  return { total: Math.min(found, SEARCH_COUNT_CAP), capped: found > SEARCH_COUNT_CAP };
}

export interface RankOptions {
  /** Keys that come before the tiers' headline/body split (the reviewer's assigned bulletins), each `… desc`-ready. */
  first: SQL[];
  /** What "newest" means within a tier (an indexed key keeps it fast), then the id. */
  newest: SQL[];
  page: number;
  pageSize: number;
}

/**
 * The ids of one page of results, in order: the number asked for first, then bulletins
 * whose headline or highlights match, then the rest, newest first within each. Each tier
 * yields at most page × pageSize rows, read in `newest` order.
 */
export async function rankedIds(db: DatabaseOrTransaction, base: SQL | undefined, match: SearchMatch, options: RankOptions): Promise<number[]> {
  const limit = options.page * options.pageSize;
  const order = [...options.first, ...options.newest, sql`${bulletins.id} DESC`];
  const inBase = base ?? sql`true`;
  const headMatch = sql`${bulletins.searchHead} @@ ${match.query}`;
  const notNumber = match.numberMatch ? sql` AND (${match.numberMatch}) IS NOT TRUE` : sql``;
  const tier = (rank: number, condition: SQL) =>
    sql`(SELECT ${bulletins.id} AS id, ${sql.raw(String(rank))} AS tier FROM ${bulletins} WHERE ${inBase} AND ${condition} ORDER BY ${sql.join(order, sql`, `)} LIMIT ${limit})`;
  const tiers = [
    ...(match.numberMatch ? [tier(2, match.numberMatch)] : []),
    tier(1, sql`${headMatch}${notNumber}`),
    tier(0, sql`${bulletins.search} @@ ${match.query} AND (${headMatch}) IS NOT TRUE${notNumber}`),
  ];
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT ${bulletins.id} AS id FROM (${sql.join(tiers, sql` UNION ALL `)}) AS candidates JOIN ${bulletins} ON ${bulletins.id} = candidates.id
        ORDER BY candidates.tier = 2 DESC, ${sql.join([...options.first, sql`candidates.tier DESC`, ...options.newest, sql`${bulletins.id} DESC`], sql`, `)}
        LIMIT ${options.pageSize} OFFSET ${(options.page - 1) * options.pageSize}`,
  );
  return rows.map((row) => Number(row.id));
}

const FOLD_FROM = "ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç";
const FOLD_TO = "AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc";
/** Characters of text before the first match that the snippet window keeps, and the window's length. */
const WINDOW_BEFORE = 200;
const WINDOW_LENGTH = 800;
const HEADLINE_OPTIONS = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "`;

/**
 * The ts_headline of a result, over WINDOW_LENGTH characters of its text starting a little
 * before the first word that begins with one of the query's lexemes (a stem is a prefix of
 * the accent-folded word it comes from). ts_headline parses and stems all the text it is
 * given, so the window is what keeps 25 snippets cheap on a long bulletin.
 */
export function snippetOf(query: SQL): SQL<string> {
  const lexemes = sql`(SELECT '\\m(' || string_agg(regexp_replace(replace(m[1], '''''', ''''), '([^[:alnum:]])', '\\\\\\1', 'g'), '|') || ')'
    FROM regexp_matches(${query}::text, '''((?:[^'']|'''')+)''', 'g') AS m)`;
  const folded = sql`lower(translate(${bulletins.searchText}, ${FOLD_FROM}, ${FOLD_TO}))`;
  const start = sql`greatest(1, regexp_instr(${folded}, ${lexemes}) - ${WINDOW_BEFORE})`;
  return sql<string>`ts_headline('redacta_es', substr(${bulletins.searchText}, ${start}, ${WINDOW_LENGTH}), ${query}, ${HEADLINE_OPTIONS})`;
}
