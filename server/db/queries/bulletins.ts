import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { BulletinStatus } from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { searchMatch, snippetOf } from "../../search/archive-search";
import { searchPage } from "../../search/search-page";
import { escapeSnippet, searchDocument } from "../../search/search-text";
import { getTableColumns } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { queryRows, type DatabaseOrTransaction } from "../client";
import { pgClientOf, runPrepared, runStatement, type PreparedRead, type PreparedStatement } from "../prepared";
import type pg from "pg";
import { bulletinReviewers, bulletins, comments, revisions, suggestions, users } from "../schema";

/** The search columns are large (a vector of the whole text) and only search reads them: a bulletin row leaves them out. */
const { search: _search, searchText: _searchText, searchHead: _searchHead, ...rowColumns } = getTableColumns(bulletins);

export type BulletinRow = Omit<typeof bulletins.$inferSelect, "search" | "searchText" | "searchHead"> & {
  authorName: string;
  /** Who saved a revision since the bulletin was last approved (ever, before a first approval): four-eyes reads it. */
  writerIds: number[];
  /** Who saved the current version. */
  lastSavedBy: { id: number; name: string } | null;
  /** The bulletin this one was copied from, when there is one. */
  /** With what the policy needs to tell who may see it (the presenter shows it only to them). */
  copiedFrom: {
    id: number; numberSeq: number | null; numberYear: number | null; title: string;
    status: BulletinStatus; authorId: number; deletedAt: string | null;
  } | null;
  openSuggestions: number;
  openThreads: number;
  /** The reviewers asked to review it, with who asked and when (none: any reviewer). */
  reviewers: { id: number; name: string; assignedById: number | null; assignedByName: string | null; assignedAt: string }[];
  /** Whether the current revision is sealed (someone else has seen it): a read by another person then changes nothing. */
  currentSealed: boolean;
  /** An unnumbered bulletin whose text names a number another bulletin holds (the duplicate-number check), read with the row. */
  duplicateNumber: boolean;
};

/**
 * The users who wrote the bulletin's text since its last approval: whoever saved a
 * revision after the approved one (the revision an approval writes, carrying the
 * number, is the approved one, so it is not counted), and, before a first approval,
 * the writers of the text it started from (`origin_writer_ids`: a copied draft's, a template's).
 * A revision saved by an account whose password someone else had set counts that person too.
 */
const writerIds = sql<number[]>`array(
  SELECT DISTINCT w.id FROM (
    SELECT unnest(ARRAY[r.author_id, r.custodian_id]) AS id FROM ${revisions} r
    WHERE r.bulletin_id = ${bulletins.id} AND r.version > coalesce(${bulletins.approvedRevision}, 0)
    UNION ALL
    SELECT unnest(CASE WHEN ${bulletins.approvedRevision} IS NULL THEN ${bulletins.originWriterIds} ELSE '{}'::integer[] END)
  ) w WHERE w.id IS NOT NULL ORDER BY w.id)`;

const lastSavedBy = sql<{ id: number; name: string } | null>`(
  SELECT json_build_object('id', u.id, 'name', u.name) FROM ${revisions} r JOIN ${users} u ON u.id = r.author_id
  WHERE r.bulletin_id = ${bulletins.id} AND r.version = ${bulletins.version})`;
const copiedFrom = sql<BulletinRow["copiedFrom"]>`(
  SELECT json_build_object('id', c.id, 'numberSeq', c.number_seq, 'numberYear', c.number_year, 'title', c.content->>'title',
    'status', c.status, 'authorId', c.author_id, 'deletedAt', c.deleted_at)
  FROM ${bulletins} c WHERE c.id = ${bulletins.copiedFromId})`;
const reviewers = sql<BulletinRow["reviewers"]>`coalesce((
  SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'assignedById', a.id, 'assignedByName', a.name, 'assignedAt', r.assigned_at) ORDER BY u.name)
  FROM ${bulletinReviewers} r JOIN ${users} u ON u.id = r.user_id LEFT JOIN ${users} a ON a.id = r.assigned_by
  WHERE r.bulletin_id = ${bulletins.id}), '[]'::json)`;
const openSuggestions = sql<number>`(SELECT count(*) FROM ${suggestions} s WHERE s.bulletin_id = ${bulletins.id} AND s.status = 'open')`;
const openThreads = sql<number>`(SELECT count(*) FROM ${comments} c WHERE c.bulletin_id = ${bulletins.id} AND c.parent_id IS NULL AND NOT c.resolved)`;
const currentSealed = sql<boolean>`coalesce((SELECT r.sealed FROM ${revisions} r WHERE r.bulletin_id = ${bulletins.id} AND r.version = ${bulletins.version}), false)`;
// The question numberTakenElsewhere asks, in the row's own statement: one round trip fewer per read.
const duplicateNumber = sql<boolean>`(${bulletins.numberSeq} IS NULL AND jsonb_typeof(${bulletins.content}->'number') = 'object' AND EXISTS (
  SELECT 1 FROM ${bulletins} o WHERE o.number_year = (${bulletins.content}->'number'->>'year')::int
    AND o.number_seq = (${bulletins.content}->'number'->>'seq')::int AND o.id <> ${bulletins.id}))`;

const selection = { ...rowColumns, authorName: users.name, writerIds, lastSavedBy, copiedFrom, openSuggestions, openThreads, reviewers, currentSealed, duplicateNumber };
const selectList = sql.join(Object.entries(selection).map(([key, value]) => sql`${value} AS ${sql.identifier(key)}`), sql`, `);

/** The bulletin read as a statement whose plan the database keeps (server/db/prepared.ts): its planning cost more than running it. */
function bulletinRead(locked: boolean): PreparedRead {
  const query = new PgDialect().sqlToQuery(sql`SELECT ${selectList} FROM ${bulletins} INNER JOIN ${users} ON ${users.id} = ${bulletins.authorId}
    WHERE ${bulletins.id} = ${sql.raw("$1")}${locked ? sql` FOR UPDATE OF ${bulletins}` : sql``}`);
  // The parameter is written in as $1: anything else bound here would be lost.
  if (query.params.length > 0) throw new Error("the bulletin read binds no value of its own");
  return { name: locked ? "find_bulletin_locked" : "find_bulletin", text: query.sql, types: ["integer"] };
}
const readBulletin = bulletinRead(false);
const readBulletinLocked = bulletinRead(true);

type SelectedRow = Omit<BulletinRow, "openSuggestions"> & { openSuggestions: number | string; openThreads: number | string };

/** One bulletin with its author's name and its writers; `forUpdate` locks the row until the transaction ends. */
export async function findBulletin(
  db: DatabaseOrTransaction,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<BulletinRow | null> {
  // An id PostgreSQL's integer cannot hold (a client's `fromBulletinId`) names no bulletin; asking would fail.
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const rows = await runPrepared(db, options.forUpdate ? readBulletinLocked : readBulletin, [id]);
  const row = rows[0] as SelectedRow | undefined;
  if (!row) return null;
  return {
    ...row,
    writerIds: row.writerIds.map(Number),
    // count(*) is a bigint: a string from pg, a number from PGlite.
    openSuggestions: Number(row.openSuggestions),
    openThreads: Number(row.openThreads),
    currentSealed: Boolean(row.currentSealed),
    duplicateNumber: Boolean(row.duplicateNumber),
  };
}

/**
 * The search columns of a bulletin's content (the text archive search reads, the headline
 * weighted above the rest), to set in the same INSERT or UPDATE that writes the content.
 */
export function searchColumns(content: Bulletin) {
  const text = searchDocument(content);
  const head = sql`setweight(to_tsvector('redacta_es', ${content.title}), 'A') || to_tsvector('redacta_es', ${content.highlights.join(" ")})`;
  // A real bulletin is a few thousand characters; indexing a 1 MB body would cost every save
  // of it ~100 ms of the embedded database's (shared) thread. Its first SEARCH_INDEX_CHARS are searchable.
  const indexed = text.length > SEARCH_INDEX_CHARS ? text.slice(0, cutBefore(text, SEARCH_INDEX_CHARS)) : text;
  return { searchText: text, searchHead: head, search: sql`${head} || to_tsvector('redacta_es', ${indexed})` };
}

/** How much of a bulletin's text the archive search indexes (about 15,000 words). */
export const SEARCH_INDEX_CHARS = 100_000;

/** `index`, or one less when it would split a surrogate pair. */
function cutBefore(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}

export interface ListFilters {
  status?: BulletinStatus;
  year?: number;
  number?: number;
  q?: string;
  authorId?: number;
  excludeAuthorId?: number;
  /** Only what the caller may see: the policy's condition (server/policies/bulletin.ts); undefined sees all. */
  visibleTo?: SQL;
  /** The deleted drafts instead of the live bulletins (admins). */
  deleted?: boolean;
  /** `Por revisar`: the bulletins this reviewer was asked to review come first. */
  assignedFirstFor?: number;
  /** What "newest" means, after the ranking when searching (default: the latest change first). */
  newestFirst?: SQL[];
  page: number;
  pageSize: number;
}

interface ListReviewer {
  id: number;
  name: string;
  assignedById: number | null;
  assignedByName: string | null;
  assignedAt: string;
}

/**
 * How many bulletins each list tab holds for `userId`, counting only what `visibleTo` lets
 * them see (the same condition as the lists), in one pass over the live bulletins.
 */
export async function countBulletins(db: DatabaseOrTransaction, userId: number, visibleTo: SQL | undefined, withDeleted: boolean) {
  const assigned = sql`EXISTS (SELECT 1 FROM ${bulletinReviewers} r WHERE r.bulletin_id = ${bulletins.id} AND r.user_id = ${userId})`;
  const inReviewByOthers = sql`${bulletins.status} = 'in_review' AND ${bulletins.authorId} <> ${userId}`;
  const [row] = await db
    .select({
      mine: sql<number>`count(*) FILTER (WHERE ${bulletins.authorId} = ${userId})`.mapWith(Number),
      toReview: sql<number>`count(*) FILTER (WHERE ${inReviewByOthers})`.mapWith(Number),
      assignedToMe: sql<number>`count(*) FILTER (WHERE ${inReviewByOthers} AND ${assigned})`.mapWith(Number),
      draft: sql<number>`count(*) FILTER (WHERE ${bulletins.status} = 'draft')`.mapWith(Number),
      inReview: sql<number>`count(*) FILTER (WHERE ${bulletins.status} = 'in_review')`.mapWith(Number),
      changesRequested: sql<number>`count(*) FILTER (WHERE ${bulletins.status} = 'changes_requested')`.mapWith(Number),
      approved: sql<number>`count(*) FILTER (WHERE ${bulletins.status} = 'approved')`.mapWith(Number),
      published: sql<number>`count(*) FILTER (WHERE ${bulletins.status} = 'published')`.mapWith(Number),
    })
    .from(bulletins)
    .where(and(sql`${bulletins.deletedAt} IS NULL`, visibleTo));
  const deleted = withDeleted
    ? (await db.select({ total: count() }).from(bulletins).where(sql`${bulletins.deletedAt} IS NOT NULL`))[0]?.total ?? 0
    : null;
  return {
    mine: row?.mine ?? 0,
    toReview: row?.toReview ?? 0,
    assignedToMe: row?.assignedToMe ?? 0,
    byStatus: {
      draft: row?.draft ?? 0,
      in_review: row?.inReview ?? 0,
      changes_requested: row?.changesRequested ?? 0,
      approved: row?.approved ?? 0,
      published: row?.published ?? 0,
    },
    deleted: deleted === null ? null : Number(deleted),
  };
}

/**
 * Lists bulletins, newest change first; with `q`, searches: the number asked for, then
 * headline and highlight matches, then the rest, newest first within each, with a
 * highlighted snippet, and a count exact up to SEARCH_COUNT_CAP (`capped` beyond it).
 */
export async function listBulletins(db: DatabaseOrTransaction, filters: ListFilters) {
  const conditions: SQL[] = [filters.deleted ? sql`${bulletins.deletedAt} IS NOT NULL` : sql`${bulletins.deletedAt} IS NULL`];
  if (filters.status) conditions.push(eq(bulletins.status, filters.status));
  if (filters.year) {
    conditions.push(
      sql`coalesce(${bulletins.numberYear}, extract(year from (${bulletins.content}->>'date')::date)::int) = ${filters.year}`,
    );
  }
  if (filters.number) conditions.push(eq(bulletins.numberSeq, filters.number));
  if (filters.authorId) conditions.push(eq(bulletins.authorId, filters.authorId));
  if (filters.excludeAuthorId) conditions.push(sql`${bulletins.authorId} <> ${filters.excludeAuthorId}`);
  if (filters.visibleTo) conditions.push(filters.visibleTo);
  const where = conditions.length ? and(...conditions) : undefined;
  if (!filters.q) return pageOfBulletins(db, where, null, filters);
  // Searching: a capped count and a page read tier by tier in an indexed order (server/search/search-page.ts).
  const match = searchMatch(filters.q);
  return searchPage(db, {
    where,
    match,
    first: filters.assignedFirstFor ? [sql`${assignedTo(filters.assignedFirstFor)} DESC`] : [],
    newest: filters.newestFirst ?? [desc(bulletins.updatedAt)],
    page: filters.page,
    pageSize: filters.pageSize,
  }, async (tx, ids) => {
    const page = await pageOfBulletins(tx, inArray(bulletins.id, ids), match.query, { ...filters, page: 1, pageSize: ids.length });
    const position = new Map(ids.map((id, index) => [id, index]));
    return page.items.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  });
}

/** Whether `userId` was asked to review the bulletin. */
function assignedTo(userId: number): SQL<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM ${bulletinReviewers} r WHERE r.bulletin_id = ${bulletins.id} AND r.user_id = ${userId})`;
}

/** A page of the list (newest change first), or, with `query`, the rows of a search page with their snippets. */
async function pageOfBulletins(
  db: DatabaseOrTransaction,
  where: SQL | undefined,
  query: SQL | null,
  filters: ListFilters,
) {
  const assignedToMe = filters.assignedFirstFor ? assignedTo(filters.assignedFirstFor) : sql<boolean>`false`;
  const assignedFirst = filters.assignedFirstFor ? [sql`${assignedToMe} desc`] : [];
  const [{ total } = { total: 0 }] = query ? [{ total: 0 }] : await db.select({ total: count() }).from(bulletins).where(where);
  const rows = await db
    .select({
      id: bulletins.id,
      status: bulletins.status,
      numberYear: bulletins.numberYear,
      numberSeq: bulletins.numberSeq,
      // Only what the list shows of the content: the whole JSON (with the body) would be sent and parsed for every row.
      date: sql<string | null>`${bulletins.content}->>'date'`,
      place: sql<string | null>`${bulletins.content}->>'place'`,
      title: sql<string>`coalesce(${bulletins.content}->>'title', '')`,
      authorId: bulletins.authorId,
      authorName: users.name,
      updatedAt: bulletins.updatedAt,
      version: bulletins.version,
      assignedToMe,
      reviewers: sql<ListReviewer[] | null>`(
        SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'assignedById', r.assigned_by, 'assignedByName', b.name, 'assignedAt', r.assigned_at) ORDER BY r.assigned_at, u.name)
        FROM ${bulletinReviewers} r JOIN ${users} u ON u.id = r.user_id LEFT JOIN ${users} b ON b.id = r.assigned_by
        WHERE r.bulletin_id = ${bulletins.id})`,
      snippet: query ? snippetOf(query) : sql<null>`null`,
    })
    .from(bulletins)
    .innerJoin(users, eq(users.id, bulletins.authorId))
    .where(where)
    .orderBy(...assignedFirst, ...(filters.newestFirst ?? [desc(bulletins.updatedAt)]), desc(bulletins.id))
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);

  return {
    total: Number(total),
    /** Never for a plain list: only a search's count stops at SEARCH_COUNT_CAP. */
    capped: false,
    items: rows.map((row) => ({
      id: row.id,
      status: row.status,
      number: row.numberSeq && row.numberYear ? { seq: row.numberSeq, year: row.numberYear } : null,
      date: row.date,
      place: row.place,
      title: row.title,
      authorId: row.authorId,
      authorName: row.authorName,
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
      assignedToMe: Boolean(row.assignedToMe),
      reviewers: (row.reviewers ?? []).map((reviewer) => ({ ...reviewer, assignedAt: new Date(reviewer.assignedAt).toISOString() })),
      snippet: row.snippet ? escapeSnippet(row.snippet) : null,
    })),
  };
}

/** True when another bulletin already holds this number. */
export async function numberTakenElsewhere(
  db: DatabaseOrTransaction,
  id: number,
  number: { seq: number; year: number },
): Promise<boolean> {
  const rows = await db
    .select({ id: bulletins.id })
    .from(bulletins)
    .where(and(eq(bulletins.numberYear, number.year), eq(bulletins.numberSeq, number.seq), sql`${bulletins.id} <> ${id}`))
    .limit(1);
  return rows.length > 0;
}

export async function listRevisions(db: DatabaseOrTransaction, bulletinId: number) {
  const rows = await db
    .select({
      version: revisions.version, authorId: revisions.authorId, authorName: users.name, createdAt: revisions.createdAt, updatedAt: revisions.updatedAt,
      status: revisions.status, sealed: revisions.sealed, appliedSuggestions: revisions.appliedSuggestions, restoredFrom: revisions.restoredFrom,
    })
    .from(revisions)
    .innerJoin(users, eq(users.id, revisions.authorId))
    .where(eq(revisions.bulletinId, bulletinId))
    .orderBy(revisions.version);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }));
}

export async function findRevision(db: DatabaseOrTransaction, bulletinId: number, version: number) {
  const rows = await db
    .select({ revision: revisions, authorName: users.name })
    .from(revisions)
    .innerJoin(users, eq(users.id, revisions.authorId))
    .where(and(eq(revisions.bulletinId, bulletinId), eq(revisions.version, version)));
  const row = rows[0];
  return row
    ? { ...row.revision, authorName: row.authorName, createdAt: row.revision.createdAt.toISOString(), updatedAt: row.revision.updatedAt.toISOString() }
    : null;
}

/** The number the next approval in `year` would take, without taking it. */
export async function peekNextNumber(db: DatabaseOrTransaction, year: number): Promise<number> {
  const rows = await queryRows<{ last_seq: number }>(db, sql`SELECT last_seq FROM number_counters WHERE year = ${year}`);
  return Number(rows[0]?.last_seq ?? 0) + 1;
}

/**
 * Takes the next number of `year` inside the caller's transaction: the counter
 * row stays locked until commit, so concurrent approvals queue and get consecutive numbers.
 */
export async function allocateNumber(db: DatabaseOrTransaction, year: number): Promise<number> {
  const postgres = pgClientOf(db);
  if (!postgres) return Number((await runStatement(db, ALLOCATE_NUMBER, [year]))[0]!.last_seq);
  // Approvals of one year queue on its counter's row, each holding it until it commits: fifty
  // at one instant wait for each other, each briefly, longer in all than one statement may
  // (DB_STATEMENT_TIMEOUT). Waiting its turn is not a stuck statement, so this one waits up to
  // NUMBER_QUEUE_TIMEOUT_MS (never less than the configured timeout), and the rest of the
  // transaction goes back to the configured one.
  await postgres.query(
    `SELECT set_config('statement_timeout', CASE WHEN setting::bigint = 0 OR setting::bigint >= $1 THEN setting ELSE $1::text END, true)
     FROM pg_settings WHERE name = 'statement_timeout'`,
    [NUMBER_QUEUE_TIMEOUT_MS],
  );
  const { rows } = await postgres.query({ text: ALLOCATE_NUMBER.text, values: [year], query_timeout: NUMBER_QUEUE_TIMEOUT_MS + 5_000 } as pg.QueryConfig);
  await postgres.query("SET LOCAL statement_timeout TO DEFAULT");
  return Number(rows[0]!.last_seq);
}

const ALLOCATE_NUMBER: PreparedStatement = {
  name: "allocate_number",
  text: "INSERT INTO number_counters (year, last_seq) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last_seq = number_counters.last_seq + 1 RETURNING last_seq",
};

/** How long an approval may wait its turn for the year's number (allocateNumber). */
const NUMBER_QUEUE_TIMEOUT_MS = 60_000;

/** Makes sure the counter of `year` never hands out `seq` again (imported archive numbers). */
export async function advanceCounter(db: DatabaseOrTransaction, year: number, seq: number): Promise<void> {
  await db.execute(
    sql`INSERT INTO number_counters (year, last_seq) VALUES (${year}, ${seq})
        ON CONFLICT (year) DO UPDATE SET last_seq = GREATEST(number_counters.last_seq, excluded.last_seq)`,
  );
}
