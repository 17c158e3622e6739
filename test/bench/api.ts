import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { fmt, note, onEachDatabase, printTable, section, signInCookie, verdict } from "./util";

/** Section 2 (issue 3): save-draft and get-bulletin under load, beside a bare one-SELECT Express endpoint. */

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_API_SECONDS ?? 10);
const WARMUP_S = 2;
const AUTHOR = "autora@redacta.local";
const TARGET_RATIO = 0.5;

export interface ChildServer {
  url: string;
  bareUrl: string;
  close(): Promise<void>;
}

/** The real server in a child process (see api-server.ts): PGlite in a temporary directory, or `databaseUrl`; `env` added to its environment. */
export async function startChild(databaseUrl?: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./api-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
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
  bare?: Result;
  extra?: string;
}

async function benchDatabase(label: string, databaseUrl?: string): Promise<Row[]> {
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

    // One draft per connection (+ spares), each a copy of a full example bulletin.
    const drafts: { id: number; version: number }[] = [];
    let content: Record<string, unknown> = {};
    for (let i = 0; i < CONNECTIONS + 10; i++) {
      const created = await api(server.url, cookie, "POST", "/bulletins", { fromBulletinId: publishedIds[i % publishedIds.length] });
      drafts.push({ id: created.json.id, version: created.json.version });
      if (i === 0) content = contentOf(created.json);
    }
    const byId = new Map(drafts.map((draft) => [draft.id, draft]));

    // --- save-draft: a pool hands each in-flight request its own draft and takes the new version back.
    const free: { id: number; version: number }[] = [];
    /** After a run (and its backlog), reads every draft's version again and refills the pool. */
    const resync = async () => {
      await drain(server.bareUrl, drafts[0]!.id);
      for (const draft of drafts) {
        const row = (await (await fetch(`${server.bareUrl}/bare/${draft.id}`)).json()) as { version: number };
        draft.version = row.version;
      }
      free.splice(0, free.length, ...drafts);
    };
    await resync();
    let spare = 0;
    let saves = 0;
    const counts = { ok: 0, conflict: 0, other: 0 };
    const saveOptions = (duration: number): autocannon.Options => ({
      url: server.url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: "PUT",
          setupRequest: (req: any, context: any) => {
            const draft = free.pop() ?? drafts[spare++ % drafts.length]!;
            context.draftId = draft.id;
            saves++;
            return {
              ...req,
              path: `/api/bulletins/${draft.id}`,
              headers: { ...headers, "Content-Type": "application/json", "If-Match": `"${draft.version}"` },
              body: JSON.stringify({ ...content, title: `Titular de prueba de carga, guardado ${saves}` }),
            };
          },
          onResponse: (status: number, body: string, context: any, responseHeaders: Record<string, string>) => {
            const draft = byId.get(context.draftId);
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
            free.push(draft);
          },
        } as any,
      ],
    });
    await run(saveOptions(WARMUP_S));
    await resync();
    Object.assign(counts, { ok: 0, conflict: 0, other: 0 });
    const save = await run(saveOptions(DURATION_S));
    const saveCounts = { ...counts };
    await resync();

    // --- get-bulletin: round robin over the published examples (each GET runs the editorial checks).
    let next = 0;
    const getOptions = (duration: number): autocannon.Options => ({
      url: server.url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: "GET",
          setupRequest: (req: any) => ({ ...req, path: `/api/bulletins/${publishedIds[next++ % publishedIds.length]}`, headers: { Cookie: cookie } }),
        } as any,
      ],
    });
    await run(getOptions(WARMUP_S));
    await drain(server.bareUrl, publishedIds[0]!);
    const get = await run(getOptions(DURATION_S));
    await drain(server.bareUrl, publishedIds[0]!);

    // --- bare: one primary-key SELECT of the same rows, same process, same database handle.
    let nextBare = 0;
    const bareOptions = (duration: number): autocannon.Options => ({
      url: server.bareUrl,
      connections: CONNECTIONS,
      duration,
      requests: [{ method: "GET", setupRequest: (req: any) => ({ ...req, path: `/bare/${publishedIds[nextBare++ % publishedIds.length]}` }) } as any],
    });
    await run(bareOptions(WARMUP_S));
    await drain(server.bareUrl, publishedIds[0]!);
    const bare = await run(bareOptions(DURATION_S));

    // --- signed-in no-op: the session and user lookups every API request pays (floor of the real app).
    const sessionOptions = (duration: number): autocannon.Options => ({
      url: `${server.url}/api/session`,
      connections: CONNECTIONS,
      duration,
      headers: { Cookie: cookie },
    });
    await run(sessionOptions(WARMUP_S));
    await drain(server.bareUrl, publishedIds[0]!);
    const session = await run(sessionOptions(DURATION_S));
    await drain(server.bareUrl, publishedIds[0]!);

    return [
      { db: label, endpoint: "bare SELECT by id (Express, no session)", result: bare },
      { db: label, endpoint: "  signed-in no-op GET /api/session", result: session, bare },
      {
        db: label,
        endpoint: "save-draft PUT /api/bulletins/:id",
        result: save,
        bare,
        extra: `200: ${saveCounts.ok}, 409 conflicts: ${saveCounts.conflict}, other: ${saveCounts.other}`,
      },
      { db: label, endpoint: "get-bulletin GET /api/bulletins/:id", result: get, bare },
    ];
  } finally {
    await server.close();
  }
}

function statusSummary(result: Result): string {
  const codes = Object.entries((result as any).statusCodeStats ?? {})
    .map(([code, stat]) => `${code}: ${(stat as { count: number }).count}`)
    .join(", ");
  return `${codes}${result.errors ? `, errors: ${result.errors}` : ""}${result.timeouts ? `, timeouts: ${result.timeouts}` : ""}`;
}

export async function benchApi(): Promise<void> {
  section(`2. API (issue 3): autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per endpoint (after ${WARMUP_S} s warm-up)`);
  const rows: Row[] = [];
  const failures: string[] = [];
  const attempt = async (label: string, databaseUrl?: string) => {
    try {
      rows.push(...(await benchDatabase(label, databaseUrl)));
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`);
    }
  };
  await onEachDatabase("redacta_bench", attempt);
  for (const failure of failures) console.log(`  ✘ FAILED ${failure}`);

  printTable(
    "API throughput and latency (ratio = endpoint req/s ÷ bare SELECT req/s on the same database)",
    ["database", "endpoint", "req/s", "p50 ms", "p99 ms", "ratio vs bare", "target", "status"],
    rows.map((row) => {
      const ratio = row.bare ? row.result.requests.average / row.bare.requests.average : Number.NaN;
      return [
        row.db,
        row.endpoint,
        fmt(row.result.requests.average, 0),
        fmt(row.result.latency.p50, 1),
        fmt(row.result.latency.p99, 1),
        row.bare ? `${fmt(ratio, 2)}x` : "—",
        row.bare ? `≥ ${TARGET_RATIO}x` : "—",
        row.bare ? verdict(ratio, TARGET_RATIO, "min") : "",
      ];
    }),
  );
  printTable(
    "API responses",
    ["database", "endpoint", "responses (status: count)", "save outcomes"],
    rows.map((row) => [row.db, row.endpoint, statusSummary(row.result), row.extra ?? ""]),
  );
  note("Server (real app + bare app) runs in a child process; autocannon runs in this process. One signed-in session (author) shared by all connections (its limit of requests in flight raised above them).");
  note("save-draft: each in-flight request takes its own draft from a pool (one per connection + spares) with its current version in If-Match, so 409s should be 0.");
}
