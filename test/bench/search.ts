import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import type { Bulletin } from "../../shared/bulletin/schema";
import { hashContent } from "../../server/bulletin-hash";
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase, type DatabaseHandle } from "../../server/db/client";
import { listBulletins } from "../../server/db/queries/bulletins";
import { users } from "../../server/db/schema";
import { SEEDS_FOLDER, seedDatabase } from "../../server/db/seed";
import { searchDocument } from "../../server/search/search-text";
import { loadGlossary } from "../../server/templates/load";
import { generateBulletins, material, searchQueries, type SearchQuery } from "./corpus";
import { fmt, median, note, postgresAvailable, printTable, quantile, rng, scratchDatabase, section, verdict } from "./util";

/** Section 3 (issue 3): archive search over 20,000 generated bulletins, PGlite and PostgreSQL. */

const COUNT = Number(process.env.BENCH_SEARCH_COUNT ?? 20_000);
const BATCH = 500;
const TARGET_P95 = 30;
/** Seconds of measured queries per database at most (searches can take ~1 s each on this corpus). */
const SANITY = ["Zoé Robledo", "Zoe Robledo", "hospitales", "hospital", "xilófono"];
const BUDGET_S = Number(process.env.BENCH_SEARCH_BUDGET_S ?? 30);
const WARMUP_QUERIES = 5;

const INSERT_STATEMENT = `
    INSERT INTO bulletins (status, author_id, number_year, number_seq, content, version, approved_revision, approved_hash, source_key, search_text, search_head, search)
    SELECT 'published', x.author_id, x.number_year, x.number_seq, x.content, 1, 1, x.approved_hash, x.source_key, x.search_text, x.head,
           x.head || to_tsvector('redacta_es', x.search_text)
    FROM (SELECT r.*, setweight(to_tsvector('redacta_es', r.content->>'title'), 'A')
                      || to_tsvector('redacta_es', coalesce(array_to_string(ARRAY(SELECT jsonb_array_elements_text(r.content->'highlights')), ' '), '')) AS head
          FROM jsonb_to_recordset($1::jsonb) AS r(author_id int, number_year int, number_seq int, content jsonb, approved_hash text, source_key text, search_text text)) AS x`;
/** Bump to throw away a cached PGlite search database. */
const CACHE_VERSION = 1;

/**
 * Bulk insert, one statement per batch inside one transaction per 10 batches. The
 * search vector is computed in SQL exactly as searchColumns does:
 * head = setweight(to_tsvector('redacta_es', title), 'A') || to_tsvector('redacta_es', highlights);
 * search_head = head, search = head || to_tsvector('redacta_es', searchDocument(content)).
 */
async function insertBulletins(handle: DatabaseHandle, authorId: number, bulletins: Bulletin[]): Promise<number> {
  const rows = bulletins.map((content) => ({
    author_id: authorId,
    number_year: content.number!.year,
    number_seq: content.number!.seq,
    content,
    approved_hash: hashContent(content),
    source_key: createHash("sha256").update(`bench:${content.number!.year}:${content.number!.seq}`).digest("hex"),
    search_text: searchDocument(content),
  }));
  const statement = INSERT_STATEMENT;
  const start = performance.now();
  const perTransaction = BATCH * 10;
  for (let offset = 0; offset < rows.length; offset += perTransaction) {
    const chunk = rows.slice(offset, offset + perTransaction);
    const batches: string[] = [];
    for (let i = 0; i < chunk.length; i += BATCH) batches.push(JSON.stringify(chunk.slice(i, i + BATCH)));
    if (handle.kind === "pglite") {
      await handle.pglite!.transaction(async (tx) => {
        for (const batch of batches) await tx.query(statement, [batch]);
      });
    } else {
      const client = await handle.pool!.connect();
      try {
        await client.query("BEGIN");
        for (const batch of batches) await client.query(statement, [batch]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
  }
  await handle.db.execute(sql`ANALYZE bulletins`);
  return performance.now() - start;
}

interface Built {
  label: string;
  handle: DatabaseHandle;
  insertMs: number;
  cached: boolean;
  close(): Promise<void>;
}

interface Measured {
  label: string;
  insertMs: number;
  cached: boolean;
  total: number;
  samples: { query: SearchQuery; ms: number; hits: number }[];
  breakdown: Breakdown[];
  sanity: Map<string, number>;
}

async function fill(handle: DatabaseHandle, bulletins: Bulletin[]): Promise<number> {
  await migrateDatabase(handle);
  await seedDatabase(handle.db);
  const [admin] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  return insertBulletins(handle, admin!.id, bulletins);
}

/**
 * PGlite on a data directory, as `npm start` runs it. Filling it (to_tsvector in WASM)
 * is the slowest step of the bench, so the filled directory is kept in the OS temp dir,
 * keyed by what shapes it (generator, insert statement, migrations, seeds, count):
 * later runs open it in a second or two.
 */
async function buildPglite(bulletins: Bulletin[]): Promise<Built> {
  const hash = createHash("sha256").update(`${CACHE_VERSION}:${COUNT}:${INSERT_STATEMENT}`);
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
    const { insertMs } = JSON.parse(fs.readFileSync(marker, "utf8")) as { insertMs: number };
    return { label, handle, insertMs, cached: true, close: () => handle.close() };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const old of fs.readdirSync(cacheDir).filter((name) => name.startsWith("search-"))) {
    fs.rmSync(path.join(cacheDir, old), { recursive: true, force: true });
  }
  const building = `${dataDir}.building`;
  const filling = await openDatabase({ dataDir: building });
  let insertMs: number;
  try {
    insertMs = await fill(filling, bulletins);
  } finally {
    await filling.close();
  }
  fs.renameSync(building, dataDir);
  fs.writeFileSync(marker, JSON.stringify({ insertMs }));
  const handle = await openDatabase({ dataDir });
  return { label, handle, insertMs, cached: false, close: () => handle.close() };
}

async function buildPostgres(bulletins: Bulletin[]): Promise<Built> {
  const scratch = await scratchDatabase("redacta_bench_search");
  try {
    const handle = await openDatabase({ url: scratch.url, poolSize: 4 });
    const insertMs = await fill(handle, bulletins);
    return {
      label: "PostgreSQL 127.0.0.1",
      handle,
      insertMs,
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

/** Runs `statements` in one transaction (after `setup`, e.g. SET LOCAL) and returns the time of each. */
async function timeStatements(handle: DatabaseHandle, setup: string[], statements: [string, unknown[]][]): Promise<number[]> {
  const times: number[] = [];
  if (handle.kind === "pglite") {
    await handle.pglite!.transaction(async (tx) => {
      for (const statement of setup) await tx.query(statement);
      for (const [text, params] of statements) {
        const start = performance.now();
        await tx.query(text, params);
        times.push(performance.now() - start);
      }
      await tx.rollback();
    }).catch((error: Error) => {
      if (!/rollback/i.test(error.message)) throw error;
    });
    return times;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("BEGIN");
    for (const statement of setup) await client.query(statement);
    for (const [text, params] of statements) {
      const start = performance.now();
      await client.query(text, params);
      times.push(performance.now() - start);
    }
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
  return times;
}

interface Breakdown {
  q: string;
  hits: number;
  countPlanned: number;
  countIndexed: number;
  rankAll: number;
  headline25: number;
}

const Q = "websearch_to_tsquery('redacta_es', $1)";
const HEADLINE = `'StartSel=<, StopSel=>, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "'`;

/** Where a search's time goes, for a few broad queries: the parts of what listBulletins runs. */
async function breakdown(handle: DatabaseHandle, q: string, hits: number): Promise<Breakdown> {
  const count: [string, unknown[]] = [`SELECT count(*) FROM bulletins WHERE search @@ ${Q}`, [q]];
  const statements: [string, unknown[]][] = [
    count,
    [`SELECT max(ts_rank(search, ${Q})) FROM bulletins WHERE search @@ ${Q}`, [q]],
    [`SELECT ts_headline('redacta_es', search_text, ${Q}, ${HEADLINE}) FROM bulletins WHERE search @@ ${Q} LIMIT 25`, [q]],
  ];
  await timeStatements(handle, [], statements); // warm
  const [countPlanned, rankAll, headline25] = await timeStatements(handle, [], statements);
  const [countIndexed] = await timeStatements(handle, ["SET LOCAL enable_seqscan = off"], [count]);
  return { q, hits, countPlanned: countPlanned!, countIndexed: countIndexed!, rankAll: rankAll!, headline25: headline25! };
}

async function measureSearch(built: Built, queries: SearchQuery[]): Promise<Measured> {
  const { handle } = built;
  const total = (await listBulletins(handle.db, { page: 1, pageSize: 1 })).total;
  // Warm-up: a few queries not recorded (from the end of the list, so they are not the measured ones).
  for (const query of queries.slice(-WARMUP_QUERIES)) await listBulletins(handle.db, { q: query.q, page: 1, pageSize: 25 });
  const samples: Measured["samples"] = [];
  const deadline = performance.now() + BUDGET_S * 1000;
  for (const query of queries) {
    if (performance.now() > deadline) break;
    const start = performance.now();
    const result = await listBulletins(handle.db, { q: query.q, page: 1, pageSize: 25 });
    samples.push({ query, ms: performance.now() - start, hits: result.total });
  }
  const probes = ["Zoé Robledo", "hospitales", "humana"];
  const breakdowns: Breakdown[] = [];
  for (const q of probes) {
    const hits = (await listBulletins(handle.db, { q, page: 1, pageSize: 1 })).total;
    breakdowns.push(await breakdown(handle, q, hits));
  }
  const sanity = new Map<string, number>();
  for (const q of SANITY) sanity.set(q, (await listBulletins(handle.db, { q, page: 1, pageSize: 1 })).total);
  return { label: built.label, insertMs: built.insertMs, cached: built.cached, total, samples, breakdown: breakdowns, sanity };
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

export async function benchSearch(): Promise<void> {
  section(`3. Search (issue 3): listBulletins(db, { q, page: 1, pageSize: 25 }) over ${COUNT.toLocaleString("en-US")} generated bulletins`);
  const source = material();
  const bulletins = generateBulletins(COUNT, source);
  const glossaryNames = loadGlossary().entries.map((entry) => entry.canonical);
  const queries = shuffled(searchQueries(source, glossaryNames, 200));
  const averageChars = bulletins.reduce((sum, bulletin) => sum + searchDocument(bulletin).length, 0) / bulletins.length;
  note(`Generated ${bulletins.length} bulletins from the seeds' sentences (${fmt(averageChars / 1024, 1)} KB of indexed text each on average); ${queries.length} queries.`);

  // Both databases are filled at once: PGlite works in this process, PostgreSQL in its server.
  const usePostgres = await postgresAvailable();
  if (!usePostgres) note("PostgreSQL not reachable: PostgreSQL rows skipped.");
  const builds = await Promise.allSettled([buildPglite(bulletins), ...(usePostgres ? [buildPostgres(bulletins)] : [])]);
  const built = builds.flatMap((b) => (b.status === "fulfilled" ? [b.value] : []));
  const results: Measured[] = [];
  try {
    for (const failed of builds) if (failed.status === "rejected") throw failed.reason;
    for (const database of built) results.push(await measureSearch(database, queries));
  } finally {
    for (const database of built) await database.close().catch(() => undefined);
  }

  printTable(
    `Archive search latency (each query once, after ${WARMUP_QUERIES} warm-up queries; at most ${BUDGET_S} s of queries per database)`,
    ["database", "rows", "bulk insert s", "queries run", "p50 ms", "p95 ms", "max ms", "target", "status"],
    results.map((r) => {
      const times = r.samples.map((s) => s.ms);
      return [
        r.label,
        r.total.toLocaleString("en-US"),
        `${fmt(r.insertMs / 1000, 1)}${r.cached ? " (cached)" : ""}`,
        `${times.length} of ${queries.length}`,
        fmt(median(times), 1),
        fmt(quantile(times, 0.95), 1),
        fmt(Math.max(...times), 1),
        `p95 ≤ ${TARGET_P95} ms`,
        verdict(quantile(times, 0.95), TARGET_P95),
      ];
    }),
  );

  const kinds = [...new Set(queries.map((query) => query.kind))];
  printTable(
    "Search latency by kind of query (n run, p50 / p95 ms, median hits)",
    ["kind", ...results.flatMap((r) => [`${r.label} n`, "p50", "p95", "hits"])],
    kinds.map((kind) => [
      kind,
      ...results.flatMap((r) => {
        const of = r.samples.filter((s) => s.query.kind === kind);
        if (of.length === 0) return ["0", "—", "—", "—"];
        return [
          String(of.length),
          fmt(median(of.map((s) => s.ms)), 1),
          fmt(quantile(of.map((s) => s.ms), 0.95), 1),
          String(median(of.map((s) => s.hits))),
        ];
      }),
    ]),
  );

  const slowest = results.flatMap((r) => r.samples.map((s) => ({ ...s, label: r.label }))).sort((a, b) => b.ms - a.ms).slice(0, 6);
  printTable(
    "Slowest searches",
    ["database", "q", "hits", "ms"],
    slowest.map((s) => [s.label, s.query.q, s.hits.toLocaleString("en-US"), fmt(s.ms, 1)]),
  );
  printTable(
    "Spanish search sanity (hits; accent-less and plural forms must find the same bulletins)",
    ["q", ...results.map((r) => r.label)],
    SANITY.map((q) => [q, ...results.map((r) => String(r.sanity.get(q) ?? "—"))]),
  );
  printTable(
    "Where the time goes (ms, one run each): count(*) as planned vs forced GIN bitmap scan (enable_seqscan=off), ts_rank over every match, ts_headline for 25 rows",
    ["database", "q", "hits", "count planned", "count via GIN", "ts_rank all", "ts_headline ×25"],
    results.flatMap((r) =>
      r.breakdown.map((b) => [r.label, b.q, b.hits.toLocaleString("en-US"), fmt(b.countPlanned, 1), fmt(b.countIndexed, 1), fmt(b.rankAll, 1), fmt(b.headline25, 1)]),
    ),
  );
  note("Each search runs two statements (count(*) of all matches, then the ranked page with ts_headline), as listBulletins does.");
}
