import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { and, eq, sql } from "drizzle-orm";
import type { QueryConfig } from "pg";
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase, queryRows, type DatabaseHandle } from "../../server/db/client";
import { listBulletins } from "../../server/db/queries/bulletins";
import { bulletins, users } from "../../server/db/schema";
import { SEEDS_FOLDER, seedDatabase } from "../../server/db/seed";
import { SEARCH_COUNT_CAP, countMatches, rankedIds, searchMatch } from "../../server/search/archive-search";
import { loadGlossary } from "../../server/templates/load";
import { CORPUS_AGGREGATE, CORPUS_AGGREGATE_DROP, CORPUS_INSERT, corpusParams, material, searchQueries, type SearchQuery } from "./corpus";
import { fmt, median, note, postgresAvailable, printTable, quantile, rng, scratchDatabase, section, verdict } from "./util";

/**
 * Section 3 (issues 3 and 13): archive search over 100,000 generated bulletins (BENCH_SEARCH_COUNT),
 * PGlite and PostgreSQL, each query beside the floor: the bare search, one
 * `search @@ websearch_to_tsquery(…) LIMIT 25` over the GIN index, with no count and no rank.
 */

const COUNT = Number(process.env.BENCH_SEARCH_COUNT ?? 100_000);
/** Bulletins per INSERT … SELECT generate_series (each statement one transaction). */
const CHUNK = 2_000;
const AIM_P95: Record<DatabaseHandle["kind"], number> = { postgres: 30, pglite: 60 };
const SANITY = ["Zoé Robledo", "Zoe Robledo", "hospitales", "hospital", "xilófono"];
/** Seconds of measured queries per database at most. */
const BUDGET_S = Number(process.env.BENCH_SEARCH_BUDGET_S ?? 60);
const WARMUP_QUERIES = 5;
const FLOOR = "SELECT id FROM bulletins WHERE search @@ websearch_to_tsquery('redacta_es', $1) LIMIT 25";
/** Bump to throw away a cached PGlite search database. */
const CACHE_VERSION = 2;

/** Runs `text` on the handle's own connection (PGlite) or on one pooled client with no statement timeout (PostgreSQL). */
async function onOneConnection(handle: DatabaseHandle, run: (query: (text: string, params?: unknown[]) => Promise<unknown[]>) => Promise<void>) {
  if (handle.kind === "pglite") {
    await run(async (text, params) => (await handle.pglite!.query(text, params)).rows);
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("SET statement_timeout = 0");
    // The pool's client-side read timeout too: building a GIN index over 100,000 vectors takes a while.
    await run(async (text, params) => (await client.query({ text, values: params, query_timeout: 3_600_000 } as QueryConfig)).rows);
  } finally {
    await client.query("RESET statement_timeout").catch(() => undefined);
    client.release();
  }
}

/**
 * Fills the archive in the database itself (CORPUS_INSERT, CHUNK bulletins a statement) with
 * the GIN indexes dropped, then builds them once: building a GIN index in bulk is many times
 * cheaper than inserting 100,000 vectors into it one by one.
 */
async function insertBulletins(handle: DatabaseHandle, authorId: number): Promise<{ insertMs: number; indexMs: number }> {
  const params = corpusParams(COUNT);
  let insertMs = 0;
  let indexMs = 0;
  await onOneConnection(handle, async (query) => {
    const gin = (await query(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'bulletins' AND indexdef ILIKE '% USING gin %'",
    )) as { indexname: string; indexdef: string }[];
    for (const index of gin) await query(`DROP INDEX ${index.indexname}`);
    for (const statement of CORPUS_AGGREGATE) await query(statement);
    const start = performance.now();
    for (let first = 1; first <= COUNT; first += CHUNK) {
      const last = Math.min(COUNT, first + CHUNK - 1);
      await query(CORPUS_INSERT, [params.sentences, params.titles, params.highlights, params.places, first, last, params.perYear, authorId]);
    }
    insertMs = performance.now() - start;
    await query(CORPUS_AGGREGATE_DROP);
    const indexStart = performance.now();
    await query("SET maintenance_work_mem = '256MB'");
    for (const index of gin) await query(index.indexdef);
    await query("RESET maintenance_work_mem");
    await query("ANALYZE bulletins");
    indexMs = performance.now() - indexStart;
  });
  return { insertMs, indexMs };
}

interface Built {
  label: string;
  handle: DatabaseHandle;
  insertMs: number;
  indexMs: number;
  cached: boolean;
  close(): Promise<void>;
}

interface Sample {
  query: SearchQuery;
  ms: number;
  floorMs: number;
  hits: number;
  capped: boolean;
}

interface Measured {
  label: string;
  kind: DatabaseHandle["kind"];
  built: Built;
  total: number;
  averageChars: number;
  samples: Sample[];
  breakdown: Breakdown[];
  sanity: Map<string, string>;
}

async function fill(handle: DatabaseHandle): Promise<{ insertMs: number; indexMs: number }> {
  await migrateDatabase(handle);
  await seedDatabase(handle.db);
  const [admin] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  return insertBulletins(handle, admin!.id);
}

/**
 * PGlite on a data directory, as `npm start` runs it. The filled directory is kept in the OS
 * temp dir, keyed by what shapes it (generator, insert statement, migrations, seeds, count):
 * later runs open it in a second or two.
 */
async function buildPglite(): Promise<Built> {
  const hash = createHash("sha256").update(`${CACHE_VERSION}:${COUNT}:${CORPUS_INSERT}`);
  const files = [
    fileURLToPath(new URL("./corpus.ts", import.meta.url)),
    ...fs.readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith(".sql")).map((name) => path.join(MIGRATIONS_FOLDER, name)),
    ...fs.readdirSync(SEEDS_FOLDER).map((name) => path.join(SEEDS_FOLDER, name)),
  ];
  for (const file of files.sort()) hash.update(fs.readFileSync(file));
  const key = hash.digest("hex").slice(0, 16);
  const cacheDir = path.join(os.tmpdir(), "redacta-bench-cache");
  const dataDir = path.join(cacheDir, `search-${key}`);
  const marker = `${dataDir}.json`;
  const label = "PGlite (data dir)";
  if (fs.existsSync(marker) && fs.existsSync(dataDir)) {
    const handle = await openDatabase({ dataDir });
    const { insertMs, indexMs } = JSON.parse(fs.readFileSync(marker, "utf8")) as { insertMs: number; indexMs: number };
    return { label, handle, insertMs, indexMs, cached: true, close: () => handle.close() };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const old of fs.readdirSync(cacheDir).filter((name) => name.startsWith("search-"))) {
    fs.rmSync(path.join(cacheDir, old), { recursive: true, force: true });
  }
  const building = `${dataDir}.building`;
  const filling = await openDatabase({ dataDir: building });
  let times: { insertMs: number; indexMs: number };
  try {
    times = await fill(filling);
  } finally {
    await filling.close();
  }
  fs.renameSync(building, dataDir);
  fs.writeFileSync(marker, JSON.stringify(times));
  const handle = await openDatabase({ dataDir });
  return { label, handle, ...times, cached: false, close: () => handle.close() };
}

async function buildPostgres(): Promise<Built> {
  const scratch = await scratchDatabase("redacta_bench_search");
  try {
    const handle = await openDatabase({ url: scratch.url, poolSize: 4 });
    const times = await fill(handle);
    return {
      label: "PostgreSQL 127.0.0.1",
      handle,
      ...times,
      cached: false,
      async close() {
        await handle.close();
        await scratch.drop();
      },
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

/** The time of one statement, run as the app runs it. */
async function timeFloor(handle: DatabaseHandle, q: string): Promise<number> {
  const start = performance.now();
  if (handle.kind === "pglite") await handle.pglite!.query(FLOOR, [q]);
  else await handle.pool!.query(FLOOR, [q]);
  return performance.now() - start;
}

interface Breakdown {
  q: string;
  hits: string;
  floor: number;
  count: number;
  ranked: number;
  whole: number;
}

/** Where a search's time goes, for a few broad queries: the count and the ranked ids alone, one after the other, beside the whole listBulletins (which on PostgreSQL runs the count beside the page). */
async function breakdown(handle: DatabaseHandle, q: string): Promise<Breakdown> {
  const match = searchMatch(q);
  const where = sql`${bulletins.deletedAt} IS NULL`;
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const value = await run();
    return [value, performance.now() - start];
  };
  await timeFloor(handle, q);
  const floor = await timeFloor(handle, q);
  // As listBulletins runs them: in one transaction that steers the planner to the GIN index.
  const { counted, count, ranked } = await handle.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const [counted, count] = await timed(() => countMatches(tx, and(where, match.condition)));
    const [, ranked] = await timed(() =>
      rankedIds(tx, where, match, { first: [], newest: [sql`${bulletins.updatedAt} DESC`], page: 1, pageSize: 25, walkNewest: counted.capped }),
    );
    return { counted, count, ranked };
  });
  const [, whole] = await timed(() => listBulletins(handle.db, { q, page: 1, pageSize: 25 }));
  return { q, hits: hitsText(counted.total, counted.capped), floor, count, ranked, whole };
}

function hitsText(total: number, capped: boolean): string {
  return capped ? `> ${SEARCH_COUNT_CAP.toLocaleString("en-US")}` : total.toLocaleString("en-US");
}

async function measureSearch(built: Built, queries: SearchQuery[]): Promise<Measured> {
  const { handle } = built;
  const total = (await listBulletins(handle.db, { page: 1, pageSize: 1 })).total;
  const [{ average } = { average: 0 }] = await queryRows<{ average: number }>(handle.db, sql`SELECT avg(octet_length(search_text))::float8 AS average FROM bulletins`);
  // Warm-up: a few queries not recorded (from the end of the list, so they are not the measured ones).
  for (const query of queries.slice(-WARMUP_QUERIES)) {
    await listBulletins(handle.db, { q: query.q, page: 1, pageSize: 25 });
    await timeFloor(handle, query.q);
  }
  const samples: Sample[] = [];
  const deadline = performance.now() + BUDGET_S * 1000;
  for (const query of queries) {
    if (performance.now() > deadline) break;
    const start = performance.now();
    const result = await listBulletins(handle.db, { q: query.q, page: 1, pageSize: 25 });
    const ms = performance.now() - start;
    samples.push({ query, ms, floorMs: await timeFloor(handle, query.q), hits: result.total, capped: result.capped });
  }
  const breakdowns: Breakdown[] = [];
  for (const q of ["Zoé Robledo", "hospitales", '"Seguro Social"']) breakdowns.push(await breakdown(handle, q));
  const sanity = new Map<string, string>();
  for (const q of SANITY) {
    const found = await listBulletins(handle.db, { q, page: 1, pageSize: 1 });
    sanity.set(q, hitsText(found.total, found.capped));
  }
  return { label: built.label, kind: handle.kind, built, total, averageChars: Number(average), samples, breakdown: breakdowns, sanity };
}

/** Same order every run, but kinds mixed, so a run cut short by the time budget is still a fair sample. */
function shuffled<T>(items: T[]): T[] {
  const random = rng(77);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function ratio(value: number, floor: number): string {
  return floor > 0 ? `${fmt(value / floor, 1)}×` : "—";
}

export async function benchSearch(): Promise<void> {
  section(`3. Search (issues 3, 13): listBulletins(db, { q, page: 1, pageSize: 25 }) over ${COUNT.toLocaleString("en-US")} generated bulletins, beside the bare search`);
  const source = material();
  const glossaryNames = loadGlossary().entries.map((entry) => entry.canonical);
  const queries = shuffled(searchQueries(source, glossaryNames, 200));

  // Both databases are filled at once: PGlite works in this process, PostgreSQL in its server.
  const usePostgres = await postgresAvailable();
  if (!usePostgres) note("PostgreSQL not reachable: PostgreSQL rows skipped.");
  const builds = await Promise.allSettled([buildPglite(), ...(usePostgres ? [buildPostgres()] : [])]);
  const built = builds.flatMap((b) => (b.status === "fulfilled" ? [b.value] : []));
  const results: Measured[] = [];
  try {
    for (const failed of builds) if (failed.status === "rejected") throw failed.reason;
    for (const database of built) results.push(await measureSearch(database, queries));
  } finally {
    for (const database of built) await database.close().catch(() => undefined);
  }
  note(`${queries.length} queries; ${results.map((r) => `${r.label}: ${fmt(r.averageChars / 1024, 1)} KB of indexed text a bulletin`).join(", ")}.`);

  printTable(
    `Archive search latency (each query once, then the bare search for it; after ${WARMUP_QUERIES} warm-up queries; at most ${BUDGET_S} s of queries per database)`,
    ["database", "rows", "fill s", "GIN build s", "queries run", "p50 ms", "p95 ms", "max ms", "floor p50", "floor p95", "p95 ratio", "aim", "status"],
    results.map((r) => {
      const times = r.samples.map((s) => s.ms);
      const floors = r.samples.map((s) => s.floorMs);
      return [
        r.label,
        r.total.toLocaleString("en-US"),
        `${fmt(r.built.insertMs / 1000, 1)}${r.built.cached ? " (cached)" : ""}`,
        fmt(r.built.indexMs / 1000, 1),
        `${times.length} of ${queries.length}`,
        fmt(median(times), 1),
        fmt(quantile(times, 0.95), 1),
        fmt(Math.max(...times), 1),
        fmt(median(floors), 1),
        fmt(quantile(floors, 0.95), 1),
        ratio(quantile(times, 0.95), quantile(floors, 0.95)),
        `p95 ≤ ${AIM_P95[r.kind]} ms`,
        verdict(quantile(times, 0.95), AIM_P95[r.kind]),
      ];
    }),
  );

  const kinds = [...new Set(queries.map((query) => query.kind))];
  for (const r of results) {
    printTable(
      `${r.label}: search latency by kind of query beside the bare search (p50 / p95 ms; median hits, > ${SEARCH_COUNT_CAP.toLocaleString("en-US")} when capped)`,
      ["kind", "n", "p50", "p95", "floor p50", "floor p95", "p95 ratio", "median hits", "max hits", "aim", "status"],
      kinds.map((kind) => {
        const of = r.samples.filter((s) => s.query.kind === kind);
        if (of.length === 0) return [kind, "0", "—", "—", "—", "—", "—", "—", "—", `p95 ≤ ${AIM_P95[r.kind]} ms`, "n/a"];
        const times = of.map((s) => s.ms);
        const floors = of.map((s) => s.floorMs);
        const hits = of.map((s) => (s.capped ? SEARCH_COUNT_CAP + 1 : s.hits));
        const shown = (value: number) => (value > SEARCH_COUNT_CAP ? `> ${SEARCH_COUNT_CAP.toLocaleString("en-US")}` : String(value));
        return [
          kind,
          String(of.length),
          fmt(median(times), 1),
          fmt(quantile(times, 0.95), 1),
          fmt(median(floors), 1),
          fmt(quantile(floors, 0.95), 1),
          ratio(quantile(times, 0.95), quantile(floors, 0.95)),
          shown(median(hits)),
          shown(Math.max(...hits)),
          `p95 ≤ ${AIM_P95[r.kind]} ms`,
          verdict(quantile(times, 0.95), AIM_P95[r.kind]),
        ];
      }),
    );
  }

  const slowest = results.flatMap((r) => r.samples.map((s) => ({ ...s, label: r.label }))).sort((a, b) => b.ms - a.ms).slice(0, 6);
  printTable(
    "Slowest searches",
    ["database", "q", "hits", "ms", "floor ms"],
    slowest.map((s) => [s.label, s.query.q, hitsText(s.hits, s.capped), fmt(s.ms, 1), fmt(s.floorMs, 1)]),
  );
  printTable(
    "Spanish search sanity (hits; accent-less and plural forms must find the same bulletins)",
    ["q", ...results.map((r) => r.label)],
    SANITY.map((q) => [q, ...results.map((r) => r.sanity.get(q) ?? "—")]),
  );
  printTable(
    `Where the time goes (ms, one run each): the bare search, the count capped at ${SEARCH_COUNT_CAP + 1} and the ranked ids of page 1 each alone, and the whole listBulletins (with the 25 rows and snippets)`,
    ["database", "q", "hits", "bare search", "count", "ranked ids", "whole search"],
    results.flatMap((r) => r.breakdown.map((b) => [r.label, b.q, b.hits, fmt(b.floor, 1), fmt(b.count, 1), fmt(b.ranked, 1), fmt(b.whole, 1)])),
  );
  note("listBulletins with q runs the capped count (over the tenth of the archive in the sample index first, then, unless 1,001 matches there settle it, over all), the page's ids tier by tier (number, headline/highlights, body; a tier only when those before it left room) in recency order, then the 25 rows with their snippets; on PostgreSQL the count runs on its own connection beside the rest.");
  const missed = results.flatMap((r) =>
    kinds.flatMap((kind) => {
      const times = r.samples.filter((s) => s.query.kind === kind).map((s) => s.ms);
      const p95 = quantile(times, 0.95);
      return times.length && p95 > AIM_P95[r.kind] ? [`${r.label} ${kind} p95 ${fmt(p95, 1)} ms > ${AIM_P95[r.kind]} ms`] : [];
    }),
  );
  note(missed.length ? `Aims missed: ${missed.join("; ")}.` : "Every kind of query met its aim on every database.");
}
