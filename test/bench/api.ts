import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { startNginx, type Proxy } from "./nginx";
import { fmt, note, onEachDatabase, printTable, section, signInCookie, verdict } from "./util";

/**
 * Section 2 (issues 3 and 13): save-draft and get-bulletin under load, each beside its floor
 * measured in the same run on the same database: a bare save (the SQL a save needs, raw, in
 * a bare Express endpoint) and a bare one-SELECT endpoint. Then, on PGlite, the server's RSS
 * across two runs of the save benchmark; on PostgreSQL, two server processes behind nginx.
 */

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_API_SECONDS ?? 10);
const WARMUP_S = 2;
const AUTHOR = "autora@redacta.local";
/** Aims of issue 13: save-draft ≥ 0.6× the bare save, get-bulletin ≥ 0.5× the bare SELECT, p99 ≤ 3× the floor's p99. */
const SAVE_AIM = 0.6;
const GET_AIM = 0.5;
const P99_AIM = 3;
/** Saves per run of the memory check (two runs; the RSS after each is compared). */
const MEMORY_SAVES = Number(process.env.BENCH_MEMORY_SAVES ?? 10_000);
/** RSS may move this much between the two runs before it counts as growth (allocator noise). */
const MEMORY_GROWTH_AIM = 0.05;

export interface ChildServer {
  url: string;
  bareUrl: string;
  close(): Promise<void>;
}

/** The real server in a child process (see api-server.ts): PGlite in a temporary directory, or `databaseUrl`; `env` added to its environment. */
export async function startChild(databaseUrl?: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./api-server.ts", import.meta.url)), [], {
    // --expose-gc: the memory check reads the RSS after a full collection. BENCH_CPU_PROF_DIR: a CPU profile per child.
    execArgv: ["--import", "tsx", "--expose-gc", ...(process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [])],
    env: { ...process.env, BENCH_DATABASE_URL_CHILD: databaseUrl ?? "", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<{ url: string; bareUrl: string }>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on("message", (message: { ready?: boolean; url: string; bareUrl: string }) => {
      if (message.ready) resolve(message);
    });
  });
  child.removeAllListeners("exit");
  return {
    ...ready,
    async close() {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ close: true });
      const timeout = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

type Result = autocannon.Result;

function run(options: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * autocannon closes its sockets at the end of a run but the server still works through
 * the requests it had accepted: wait until a bare request is quick again, so one run's
 * backlog is not measured in the next.
 */
async function drain(bareUrl: string, id: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let quick = 0;
  while (Date.now() < deadline && quick < 3) {
    const start = performance.now();
    await (await fetch(`${bareUrl}/bare/${id}`)).text();
    quick = performance.now() - start < 50 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function api(baseUrl: string, cookie: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { Cookie: cookie, Origin: baseUrl, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as any;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return { json, etag: response.headers.get("etag") };
}

const CONTENT_FIELDS = ["number", "place", "date", "title", "highlights", "body", "photoLinks", "videoLinks"] as const;

function contentOf(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CONTENT_FIELDS.map((key) => [key, resource[key]]));
}

interface Row {
  db: string;
  endpoint: string;
  result: Result;
  floor?: { name: string; result: Result; aim: number };
  extra?: string;
}

interface SaveCounts {
  ok: number;
  conflict: number;
  other: number;
}

/**
 * Drafts for the save benchmark, one per connection (+ spares), each a copy of a full example
 * bulletin: each in-flight request takes its own draft with its current version in If-Match,
 * so no 409 is expected.
 */
class DraftPool {
  readonly drafts: { id: number; version: number }[] = [];
  private readonly free: { id: number; version: number }[] = [];
  private byId = new Map<number, { id: number; version: number }>();
  content: Record<string, unknown> = {};
  private spare = 0;
  private saves = 0;
  private readonly busy = new Set<number>();

  /** A draft no request in flight holds (any, as a last resort). */
  private idle(): { id: number; version: number } {
    for (let i = 0; i < this.drafts.length; i++) {
      const draft = this.drafts[this.spare++ % this.drafts.length]!;
      if (!this.busy.has(draft.id)) return draft;
    }
    return this.drafts[this.spare++ % this.drafts.length]!;
  }

  static async create(baseUrl: string, cookie: string, sourceIds: number[], count: number): Promise<DraftPool> {
    const pool = new DraftPool();
    for (let i = 0; i < count; i++) {
      const created = await api(baseUrl, cookie, "POST", "/bulletins", { fromBulletinId: sourceIds[i % sourceIds.length] });
      pool.drafts.push({ id: created.json.id, version: created.json.version });
      if (i === 0) pool.content = contentOf(created.json);
    }
    pool.byId = new Map(pool.drafts.map((draft) => [draft.id, draft]));
    pool.free.push(...pool.drafts);
    return pool;
  }

  /** After a run (and the backlog of every process in `drainUrls`), reads every draft's version again and refills the pool. */
  async resync(bareUrl: string, drainUrls: string[] = [bareUrl]): Promise<void> {
    for (const url of drainUrls) await drain(url, this.drafts[0]!.id);
    for (const draft of this.drafts) {
      const row = (await (await fetch(`${bareUrl}/bare/${draft.id}`)).json()) as { version: number };
      draft.version = row.version;
    }
    this.free.splice(0, this.free.length, ...this.drafts);
    this.busy.clear();
  }

  /** autocannon options saving drafts at `baseUrl + pathPrefix + id` for `duration` seconds or `amount` requests. */
  options(baseUrl: string, pathPrefix: string, headers: Record<string, string>, counts: SaveCounts, run: { duration?: number; amount?: number }): autocannon.Options {
    return {
      url: baseUrl,
      connections: CONNECTIONS,
      ...(run.amount ? { amount: run.amount } : { duration: run.duration }),
      requests: [
        {
          method: "PUT",
          setupRequest: (req: any, context: any) => {
            // A request autocannon abandoned (a connection reset) never returns its draft: take one nobody holds.
            const draft = this.free.pop() ?? this.idle();
            this.busy.add(draft.id);
            context.draftId = draft.id;
            this.saves++;
            return {
              ...req,
              path: `${pathPrefix}${draft.id}`,
              headers: { ...headers, "Content-Type": "application/json", "If-Match": `"${draft.version}"` },
              body: JSON.stringify({ ...this.content, title: `Titular de prueba de carga, guardado ${this.saves}` }),
            };
          },
          onResponse: (status: number, body: string, context: any, responseHeaders: Record<string, string>) => {
            const draft = this.byId.get(context.draftId);
            if (!draft) return;
            if (status === 200) {
              counts.ok++;
              const etag = responseHeaders.etag ?? responseHeaders.ETag ?? "";
              draft.version = Number(String(etag).replace(/\D/g, "")) || draft.version + 1;
            } else if (status === 409) {
              counts.conflict++;
              try {
                draft.version = JSON.parse(body).error.details.current.version;
              } catch {
                /* keep the old version */
              }
            } else {
              counts.other++;
            }
            this.busy.delete(draft.id);
            this.free.push(draft);
          },
        } as any,
      ],
    };
  }
}

const zero = (): SaveCounts => ({ ok: 0, conflict: 0, other: 0 });
const countsText = (counts: SaveCounts) => `200: ${counts.ok}, 409 conflicts: ${counts.conflict}, other: ${counts.other}`;

/** Warm-up, then the measured run; the backlog drained after each. */
async function measure(options: (duration: number) => autocannon.Options, settle: () => Promise<void>): Promise<Result> {
  await run(options(WARMUP_S));
  await settle();
  const result = await run(options(DURATION_S));
  await settle();
  return result;
}

interface Memory {
  before: number;
  after: number[];
  heap: number[];
  counts: SaveCounts[];
}

interface DatabaseFigures {
  rows: Row[];
  memory?: Memory;
}

async function memoryOf(bareUrl: string): Promise<{ rss: number; heapUsed: number }> {
  return (await (await fetch(`${bareUrl}/debug/memory`)).json()) as { rss: number; heapUsed: number };
}

async function benchDatabase(label: string, databaseUrl?: string): Promise<DatabaseFigures> {
  // One session stands for all the connections: its limit of requests in flight (server/admission.ts) is raised above them.
  const limit = String(2 * CONNECTIONS);
  const server = await startChild(databaseUrl, { MAX_REQUESTS_IN_FLIGHT: limit, MAX_HEAVY_REQUESTS_IN_FLIGHT: limit });
  try {
    let cookie: string;
    try {
      cookie = await signInCookie(server.url, AUTHOR);
    } catch (error) {
      const store = await (await fetch(`${server.bareUrl}/debug/sessions`)).text();
      throw new Error(`${(error as Error).message}; session rows: ${store.slice(0, 600)}`);
    }
    const headers = { Cookie: cookie, Origin: server.url };

    // The archive's example bulletins (published): what get-bulletin reads.
    const archive = await api(server.url, cookie, "GET", "/bulletins?status=published&page=1&pageSize=25");
    const publishedIds: number[] = archive.json.items.map((item: { id: number }) => item.id);
    if (publishedIds.length === 0) throw new Error("no published bulletins in the seeded database");
    const settle = () => drain(server.bareUrl, publishedIds[0]!);

    const pool = await DraftPool.create(server.url, cookie, publishedIds, CONNECTIONS + 10);
    await pool.resync(server.bareUrl);
    const counts = { real: zero(), bare: zero() };
    const saveRun = async (prefix: string, tally: SaveCounts) => {
      const warm = zero();
      await run(pool.options(server.url, prefix, headers, warm, { duration: WARMUP_S }));
      await pool.resync(server.bareUrl);
      const result = await run(pool.options(server.url, prefix, headers, tally, { duration: DURATION_S }));
      await pool.resync(server.bareUrl);
      return result;
    };
    // The bare save listens on the bare port: its options point there.
    const bareSaveRun = async (tally: SaveCounts) => {
      const warm = zero();
      await run(pool.options(server.bareUrl, "/bare-save/", {}, warm, { duration: WARMUP_S }));
      await pool.resync(server.bareUrl);
      const result = await run(pool.options(server.bareUrl, "/bare-save/", {}, tally, { duration: DURATION_S }));
      await pool.resync(server.bareUrl);
      return result;
    };

    // Floor and endpoint side by side, floor first.
    const bareSave = await bareSaveRun(counts.bare);
    const save = await saveRun("/api/bulletins/", counts.real);

    // --- bare: one primary-key SELECT of the same rows, same process, same database handle.
    let nextBare = 0;
    const bare = await measure(
      (duration) => ({
        url: server.bareUrl,
        connections: CONNECTIONS,
        duration,
        requests: [{ method: "GET", setupRequest: (req: any) => ({ ...req, path: `/bare/${publishedIds[nextBare++ % publishedIds.length]}` }) } as any],
      }),
      settle,
    );
    // --- get-bulletin: round robin over the published examples (each GET runs the editorial checks).
    let next = 0;
    const get = await measure(
      (duration) => ({
        url: server.url,
        connections: CONNECTIONS,
        duration,
        requests: [
          { method: "GET", setupRequest: (req: any) => ({ ...req, path: `/api/bulletins/${publishedIds[next++ % publishedIds.length]}`, headers: { Cookie: cookie } }) } as any,
        ],
      }),
      settle,
    );
    // --- signed-in no-op: the session and user lookups every API request pays (floor of the real app).
    const session = await measure((duration) => ({ url: `${server.url}/api/session`, connections: CONNECTIONS, duration, headers: { Cookie: cookie } }), settle);

    const rows: Row[] = [
      { db: label, endpoint: "bare save (raw SQL, no session, no validation)", result: bareSave, extra: countsText(counts.bare) },
      { db: label, endpoint: "save-draft PUT /api/bulletins/:id", result: save, floor: { name: "bare save", result: bareSave, aim: SAVE_AIM }, extra: countsText(counts.real) },
      { db: label, endpoint: "bare SELECT by id (Express, no session)", result: bare },
      { db: label, endpoint: "get-bulletin GET /api/bulletins/:id", result: get, floor: { name: "bare SELECT", result: bare, aim: GET_AIM } },
      { db: label, endpoint: "  signed-in no-op GET /api/session", result: session, floor: { name: "bare SELECT", result: bare, aim: GET_AIM } },
    ];

    // --- memory (the embedded database lives in the server's process): RSS after each of two runs of MEMORY_SAVES saves.
    let memory: Memory | undefined;
    if (!databaseUrl) {
      memory = { before: (await memoryOf(server.bareUrl)).rss, after: [], heap: [], counts: [] };
      for (let round = 0; round < 2; round++) {
        const tally = zero();
        await run(pool.options(server.url, "/api/bulletins/", headers, tally, { amount: MEMORY_SAVES }));
        await pool.resync(server.bareUrl);
        const figures = await memoryOf(server.bareUrl);
        memory.after.push(figures.rss);
        memory.heap.push(figures.heapUsed);
        memory.counts.push(tally);
      }
    }
    return { rows, memory };
  } finally {
    await server.close();
  }
}

interface Scale {
  skipped?: string;
  one?: Result;
  two?: Result;
  counts?: { one: SaveCounts; two: SaveCounts };
}

/**
 * Two server processes on one PostgreSQL database behind Debian's nginx (started here with
 * a config in a temporary directory): the save benchmark through nginx to one process, then
 * to both (round robin over kept-alive upstream connections).
 */
async function benchScale(databaseUrl: string): Promise<Scale> {
  const limit = String(2 * CONNECTIONS);
  let proxy: Proxy | null = null;
  const children: ChildServer[] = [];
  try {
    proxy = await startNginx();
    if (!proxy.available) return { skipped: proxy.reason };
    const env = { MAX_REQUESTS_IN_FLIGHT: limit, MAX_HEAVY_REQUESTS_IN_FLIGHT: limit, BENCH_PUBLIC_URL: proxy.publicUrl };
    // One after the other: the first migrates and seeds (already done by the main run), the second finds it done.
    children.push(await startChild(databaseUrl, env));
    children.push(await startChild(databaseUrl, env));
    await proxy.route(children.map((child) => child.url));
    const cookie = await signInCookie(proxy.urls.two, AUTHOR);
    const headers = { Cookie: cookie, Origin: proxy.publicUrl };
    const archive = await api(proxy.urls.two, cookie, "GET", "/bulletins?status=published&page=1&pageSize=25", undefined, { Origin: proxy.publicUrl });
    const publishedIds: number[] = archive.json.items.map((item: { id: number }) => item.id);
    const pool = await DraftPool.create(proxy.urls.two, cookie, publishedIds, CONNECTIONS + 10).catch(async () =>
      DraftPool.create(proxy!.urls.two, cookie, publishedIds, CONNECTIONS + 10),
    );
    const bareUrl = children[0]!.bareUrl;
    const everyProcess = children.map((child) => child.bareUrl);
    await pool.resync(bareUrl, everyProcess);
    const counts = { one: zero(), two: zero() };
    const through = async (url: string, tally: SaveCounts) => {
      await run(pool.options(url, "/api/bulletins/", headers, zero(), { duration: WARMUP_S }));
      await pool.resync(bareUrl, everyProcess);
      const result = await run(pool.options(url, "/api/bulletins/", headers, tally, { duration: DURATION_S }));
      await pool.resync(bareUrl, everyProcess);
      return result;
    };
    const one = await through(proxy.urls.one, counts.one);
    const two = await through(proxy.urls.two, counts.two);
    return { one, two, counts };
  } finally {
    await proxy?.close();
    for (const child of children) await child.close();
  }
}

function statusSummary(result: Result): string {
  const codes = Object.entries((result as any).statusCodeStats ?? {})
    .map(([code, stat]) => `${code}: ${(stat as { count: number }).count}`)
    .join(", ");
  return `${codes}${result.errors ? `, errors: ${result.errors}` : ""}${result.timeouts ? `, timeouts: ${result.timeouts}` : ""}`;
}

const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MB`;

export async function benchApi(): Promise<void> {
  section(`2. API (issues 3, 13): autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per endpoint (after ${WARMUP_S} s warm-up)`);
  const rows: Row[] = [];
  const memories: { db: string; memory: Memory }[] = [];
  let scale: Scale | null = null;
  const failures: string[] = [];
  const attempt = async (label: string, databaseUrl?: string) => {
    try {
      const figures = await benchDatabase(label, databaseUrl);
      rows.push(...figures.rows);
      if (figures.memory) memories.push({ db: label, memory: figures.memory });
    } catch (error) {
      failures.push(`${label}: ${(error as Error).stack ?? (error as Error).message}`);
    }
    if (databaseUrl) {
      try {
        scale = await benchScale(databaseUrl);
      } catch (error) {
        failures.push(`${label} behind nginx: ${(error as Error).stack ?? (error as Error).message}`);
      }
    }
  };
  await onEachDatabase("redacta_bench", attempt);
  for (const failure of failures) console.log(`  ✘ FAILED ${failure}`);

  printTable(
    "API throughput and latency, each endpoint beside its floor (same run, same database, same process)",
    ["database", "endpoint", "req/s", "p50 ms", "p99 ms", "floor", "ratio", "aim", "status", "p99 ÷ floor p99", "aim", "status"],
    rows.map((row) => {
      if (!row.floor) return [row.db, row.endpoint, fmt(row.result.requests.average, 0), fmt(row.result.latency.p50, 1), fmt(row.result.latency.p99, 1), "—", "—", "—", "", "—", "—", ""];
      const ratio = row.result.requests.average / row.floor.result.requests.average;
      const p99 = row.result.latency.p99 / row.floor.result.latency.p99;
      return [
        row.db,
        row.endpoint,
        fmt(row.result.requests.average, 0),
        fmt(row.result.latency.p50, 1),
        fmt(row.result.latency.p99, 1),
        row.floor.name,
        `${fmt(ratio, 2)}x`,
        `≥ ${row.floor.aim}x`,
        verdict(ratio, row.floor.aim, "min"),
        `${fmt(p99, 2)}x`,
        `≤ ${P99_AIM}x`,
        verdict(p99, P99_AIM),
      ];
    }),
  );
  printTable(
    "API responses",
    ["database", "endpoint", "responses (status: count)", "save outcomes"],
    rows.map((row) => [row.db, row.endpoint, statusSummary(row.result), row.extra ?? ""]),
  );

  for (const { db, memory } of memories) {
    const growth = (memory.after[1]! - memory.after[0]!) / memory.after[0]!;
    printTable(
      `Server memory on ${db}: RSS after a full GC, before and after each of two runs of ${fmt(MEMORY_SAVES, 0)} saves (save benchmark, ${CONNECTIONS} connections)`,
      ["when", "RSS", "JS heap used", "save outcomes"],
      [
        ["before", mb(memory.before), "—", ""],
        ...memory.after.map((rss, i) => [`after run ${i + 1} (${fmt((i + 1) * MEMORY_SAVES, 0)} saves)`, mb(rss), mb(memory.heap[i]!), countsText(memory.counts[i]!)]),
      ],
    );
    note(`RSS from run 1 to run 2: ${growth >= 0 ? "+" : ""}${fmt(growth * 100, 1)}% (${mb(memory.after[1]! - memory.after[0]!)}); aim: no growth (≤ +${MEMORY_GROWTH_AIM * 100}%, allocator noise) — ${verdict(growth, MEMORY_GROWTH_AIM)}`);
  }

  const scaled = scale as Scale | null;
  if (scaled?.skipped) note(`Two processes behind nginx: skipped (${scaled.skipped}).`);
  else if (scaled?.one && scaled.two && scaled.counts) {
    const expected = (counts: SaveCounts) => counts.conflict === 0 && counts.other === 0;
    printTable(
      `Scale: save-draft through nginx on PostgreSQL, ${CONNECTIONS} connections, ${DURATION_S} s (each in-flight request saves its own draft: no 409 expected)`,
      ["server processes", "req/s", "p50 ms", "p99 ms", "responses", "errors", "unexpected 409", "status"],
      (["one", "two"] as const).map((which) => {
        const result = scaled[which]!;
        const counts = scaled.counts![which];
        return [
          which === "one" ? "1 (nginx → one)" : "2 (nginx → both)",
          fmt(result.requests.average, 0),
          fmt(result.latency.p50, 1),
          fmt(result.latency.p99, 1),
          statusSummary(result),
          String(result.errors + result.timeouts + counts.other),
          String(counts.conflict),
          expected(counts) && result.errors === 0 && result.timeouts === 0 ? "✔ met" : "✘ MISSED",
        ];
      }),
    );
    note(`two processes ÷ one: ${fmt(scaled.two.requests.average / scaled.one.requests.average, 2)}x (on ${os.cpus().length} cores shared with PostgreSQL, nginx and autocannon).`);
  }
  note("Server (real app + bare endpoints) runs in a child process; autocannon runs in this process. One signed-in session (author) shared by all connections (its limit of requests in flight raised above them).");
  note("bare save: BEGIN; SELECT … FOR UPDATE (version check); UPDATE bulletins (content, version); UPDATE revisions (the open revision takes the text); INSERT events; COMMIT — through the server's own pg pool or PGlite, answering the saved row.");
  note("save-draft: each in-flight request takes its own draft from a pool (one per connection + spares) with its current version in If-Match, so 409s should be 0.");
}
