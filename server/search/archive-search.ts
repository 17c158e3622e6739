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

/**
 * The bulletins in the sample GIN index (migration 0012): ids whose last three digits are below
 * 100, a tenth of the archive in runs of a hundred consecutive ids (neighbours on disk).
 */
export const IN_SEARCH_SAMPLE = sql`${bulletins.id} % 1000 < 100`;

/**
 * How many bulletins satisfy `where`, exactly up to SEARCH_COUNT_CAP; `capped` when there are more.
 * A GIN bitmap costs as many postings as the words have, not the LIMIT (97,000 for a common word
 * at 100,000 bulletins), so the tenth in the sample index is counted first: SEARCH_COUNT_CAP + 1
 * matches there are enough to say `más de 1,000`. With fewer, the whole archive is counted, and
 * then the words have at most about ten times as many postings as the cap.
 */
export async function countMatches(db: DatabaseOrTransaction, where: SQL | undefined): Promise<{ total: number; capped: boolean }> {
  const counted = async (condition: SQL) => {
    const [row] = await queryRows<{ found: number | string }>(
      db,
      sql`SELECT count(*) AS found FROM (SELECT 1 FROM ${bulletins} WHERE ${condition} LIMIT ${SEARCH_COUNT_CAP + 1}) AS matches`,
    );
    return Number(row?.found ?? 0);
  };
  const all = where ?? sql`true`;
  const found = (await counted(sql`${all} AND ${IN_SEARCH_SAMPLE}`)) > SEARCH_COUNT_CAP ? SEARCH_COUNT_CAP + 1 : await counted(all);
  return { total: Math.min(found, SEARCH_COUNT_CAP), capped: found > SEARCH_COUNT_CAP };
}

export interface RankOptions {
  /** Keys that come before the tiers' headline/body split (the reviewer's assigned bulletins), each `… desc`-ready. */
  first: SQL[];
  /** What "newest" means within a tier (an indexed key keeps it fast), then the id. */
  newest: SQL[];
  page: number;
  pageSize: number;
  /**
   * Look for each tier's page among the WALK_ROWS newest bulletins first: the count said there
   * are more than SEARCH_COUNT_CAP matches (the newest rows are dense with them), or the count
   * runs beside the page and is not known yet (a function: asked again before each tier, so a
   * count that has come back by then is followed). Whatever it says, the ids are the same.
   */
  walkNewest: boolean | (() => boolean);
}

/** Rows of the recency order a tier reads before it gives up on finding its page there and asks its GIN index instead. */
export const WALK_ROWS = 1000;

/**
 * The ids of one page of results, in order: the number asked for first, then bulletins
 * whose headline or highlights match, then the rest, newest first within each. The tiers
 * together need page × pageSize rows; each is read only for what the tiers before it left.
 * With at most SEARCH_COUNT_CAP matches they come from the GIN index, sorted. With more, they
 * are looked for among the WALK_ROWS newest bulletins (read from the recency index), which hold
 * them when matches are dense; a tier that finds too few there takes them from its GIN index.
 */
export async function rankedIds(db: DatabaseOrTransaction, base: SQL | undefined, match: SearchMatch, options: RankOptions): Promise<number[]> {
  const limit = options.page * options.pageSize;
  const order = sql.join([...options.first, ...options.newest, sql`${bulletins.id} DESC`], sql`, `);
  const inBase = base ?? sql`true`;
  const headMatch = sql`${bulletins.searchHead} @@ ${match.query}`;
  const notNumber = match.numberMatch ? sql` AND (${match.numberMatch}) IS NOT TRUE` : sql``;
  const tiers: { rank: number; condition: SQL }[] = [
    ...(match.numberMatch ? [{ rank: 2, condition: match.numberMatch }] : []),
    { rank: 1, condition: sql`${headMatch}${notNumber}` },
    // The headline test first: its vector is in the row, the body's is read from out of line.
    { rank: 0, condition: sql`(${headMatch}) IS NOT TRUE AND ${bulletins.search} @@ ${match.query}${notNumber}` },
  ];
  // Each tier reads a subquery named like the table, so `order` and `condition` apply to either.
  // All matches of a tier through its index (OFFSET 0 keeps the planner from walking the order instead), sorted.
  const fromIndex = (rank: number, condition: SQL, rows = limit) =>
    sql`(SELECT ${bulletins.id}, ${sql.raw(String(rank))} AS tier, row_number() OVER (ORDER BY ${order}) AS n
         FROM (SELECT * FROM ${bulletins} WHERE ${inBase} AND ${condition} OFFSET 0) AS ${bulletins}
         ORDER BY ${order} LIMIT ${rows})`;
  // The tier's matches among the newest WALK_ROWS bulletins, read in order until the page is full.
  const fromNewest = (rank: number, condition: SQL, rows = limit) =>
    sql`(SELECT ${bulletins.id}, ${sql.raw(String(rank))} AS tier, row_number() OVER (ORDER BY ${order}) AS n
         FROM (SELECT * FROM ${bulletins} WHERE ${inBase} ORDER BY ${order} LIMIT ${WALK_ROWS}) AS ${bulletins}
         WHERE ${condition} ORDER BY ${order} LIMIT ${rows})`;
  if (options.first.length > 0) {
    // A key before the tiers (the reviewer's own first) mixes them: one ordered union of every tier from its index.
    const rows = await queryRows<{ id: number }>(
      db,
      sql`SELECT ${bulletins.id} AS id FROM (${sql.join(tiers.map((tier) => fromIndex(tier.rank, tier.condition)), sql` UNION ALL `)}) AS candidates
          JOIN ${bulletins} ON ${bulletins.id} = candidates.id
          ORDER BY candidates.tier = 2 DESC, ${sql.join([...options.first, sql`candidates.tier DESC`, ...options.newest, sql`${bulletins.id} DESC`], sql`, `)}
          LIMIT ${options.pageSize} OFFSET ${(options.page - 1) * options.pageSize}`,
    );
    return rows.map((row) => Number(row.id));
  }
  // Tier after tier, each asked only for what the tiers before it left of the page: a page that
  // the number and the headline matches fill never reads a body.
  const ordered: number[] = [];
  for (const tier of tiers) {
    const need = limit - ordered.length;
    if (need <= 0) break;
    let ids: number[] | null = null;
    const walkNewest = typeof options.walkNewest === "function" ? options.walkNewest() : options.walkNewest;
    if (tier.rank < 2 && walkNewest && limit <= WALK_ROWS) {
      const walked = (await candidates(db, [fromNewest(tier.rank, tier.condition, need)])).map((row) => row.id);
      if (walked.length >= need) ids = walked;
    }
    ids ??= (await candidates(db, [fromIndex(tier.rank, tier.condition, need)])).map((row) => row.id);
    ordered.push(...ids);
  }
  return ordered.slice((options.page - 1) * options.pageSize, limit);
}

/** The rows of a UNION ALL of tiers, each tier's in its order (`n`). */
async function candidates(db: DatabaseOrTransaction, tiers: SQL[]): Promise<{ id: number; tier: number }[]> {
  const rows = await queryRows<{ id: number; tier: number; n: number }>(db, sql.join(tiers, sql` UNION ALL `));
  return rows
    .map((row) => ({ id: Number(row.id), tier: Number(row.tier), n: Number(row.n) }))
    .sort((a, b) => b.tier - a.tier || a.n - b.n);
}

/** Characters of text before the first match that the snippet window keeps, and the window's length. */
const WINDOW_BEFORE = 100;
const WINDOW_LENGTH = 240;
const HEADLINE_OPTIONS = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "`;

/**
 * The lexemes of `query` (`'zoe' & 'robled'`) each as written with no accent and with an
 * accent on one of its letters (`atencion`, `atención`, …), in lower case and capitalised:
 * a stem is the start of the accent-folded word it comes from, so one of these starts every
 * word that matches (but one in capitals). Computed once per search.
 */
function writtenForms(query: SQL): SQL {
  return sql`(SELECT array_agg(DISTINCT written.cased) FROM (
      SELECT lexeme, i FROM (SELECT replace(m[1], '''''', '''') AS lexeme FROM regexp_matches(${query}::text, '''((?:[^'']|'''')+)''', 'g') AS m) AS l
      CROSS JOIN LATERAL generate_series(0, length(lexeme)) AS i) AS at
    CROSS JOIN LATERAL (VALUES
      (CASE WHEN i = 0 THEN lexeme END),
      (CASE WHEN i > 0 AND substr(lexeme, i, 1) IN ('a', 'e', 'i', 'o', 'u', 'n') THEN overlay(lexeme PLACING translate(substr(lexeme, i, 1), 'aeioun', 'áéíóúñ') FROM i FOR 1) END),
      (CASE WHEN i > 0 AND substr(lexeme, i, 1) = 'u' THEN overlay(lexeme PLACING 'ü' FROM i FOR 1) END)
    ) AS accented(form)
    CROSS JOIN LATERAL (VALUES (form), (upper(left(form, 1)) || substr(form, 2))) AS written(cased) WHERE form IS NOT NULL)`;
}

/**
 * The ts_headline of a result, over WINDOW_LENGTH characters of its text starting a little
 * before the first place one of the query's words is written (strpos: a regular expression,
 * lower() or translate() over a whole bulletin costs more than the headline). ts_headline parses and stems all the text it is given, so the window is what
 * keeps 25 snippets cheap on a long bulletin. The text is decompressed once per result (`|| ''`
 * in a subquery the planner keeps apart, OFFSET 0): each strpos of the stored, compressed text
 * would decompress it again, a dozen times or more per result.
 */
export function snippetOf(query: SQL): SQL<string> {
  const first = sql`(SELECT min(nullif(strpos(whole.text, form), 0)) FROM unnest(${writtenForms(query)}) AS form)`;
  const start = sql`greatest(1, coalesce(${first}, 1) - ${WINDOW_BEFORE})`;
  return sql<string>`(SELECT ts_headline('redacta_es', substr(whole.text, ${start}, ${WINDOW_LENGTH}), ${query}, ${HEADLINE_OPTIONS})
    FROM (SELECT ${bulletins.searchText} || '' AS text OFFSET 0) AS whole)`;
}
