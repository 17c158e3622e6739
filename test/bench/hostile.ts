import { performance } from "node:perf_hooks";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { runChecks } from "../../shared/checks";
import { diffTexts } from "../../server/commands/diffRevisions";
import { renderDocx } from "../../server/export/docx";
import { renderText } from "../../server/export/text";
import { loadGlossary, loadOrganization } from "../../server/templates/load";
import { mentions, misspellingsOfZoeRobledo, unrelatedParagraphs } from "../heavy-content";
import { startChild } from "./api";
import { fairnessLoad, printFairness, type FairnessResult } from "./fairness";
import { fmt, median, note, onEachDatabase, printTable, quantile, section, signInCookie, verdict } from "./util";

/**
 * Section 5 (issue 8): one person's input never slows the server for everyone else.
 * Several clients save, diff and read hostile bulletins (10,000 unrelated words in two
 * revisions; an official's name misspelt 12,000 times) while a probe asks /api/health;
 * then the CPU-heavy steps on a 10,000-word bulletin, timed in this process.
 */

const CLIENTS = Number(process.env.BENCH_HOSTILE_CLIENTS ?? 4);
const DURATION_S = Number(process.env.BENCH_HOSTILE_SECONDS ?? 10);
const PROBE_INTERVAL_MS = 25;
const RUNS = 15;
const TARGET_HEALTH_P95_MS = 100;
const TARGET_HEALTH_MAX_MS = 500;

function content(paragraphs: string[]): Bulletin {
  return {
    number: null,
    place: "Ciudad de México",
    date: "2026-11-23",
    title: "Inaugura el Seguro Social una unidad de medicina familiar en Tlalpan",
    highlights: ["Atenderá a 40 mil derechohabientes del sur de la ciudad."],
    body: bodyFromParagraphs(paragraphs),
    photoLinks: ["https://imss.gob.mx/fotos/tlalpan"],
    videoLinks: [],
  };
}

const older = content(unrelatedParagraphs(10_000, 1));
const newer = content(unrelatedParagraphs(10_000, 2));
const names = content(mentions(misspellingsOfZoeRobledo(80), 12_000));
/** A body the schema accepts that is all structure: 9,000 one-word list items (~0.5 s of DOCX rendering). */
const listItems: Bulletin = {
  ...content(["Lista:"]),
  body: {
    type: "doc",
    // Two lists: the schema takes at most 5,000 children per node.
    content: [0, 1].map((list) => ({
      type: "bulletList" as const,
      content: Array.from({ length: 4_500 }, (_, index) => ({
        type: "listItem" as const,
        content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: `punto ${list}.${index}` }] }],
      })),
    })),
  },
};
/** The 10,000-word bulletin after an ordinary edit: one word changed in every paragraph. */
const edited = content(unrelatedParagraphs(10_000, 1).map((paragraph) => paragraph.replace(/^\S+/, "Corrección")));

interface Client {
  url: string;
  cookie: string;
}

async function call(client: Client, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${client.url}/api${path}`, {
    method,
    headers: { Cookie: client.cookie, Origin: client.url, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as any;
  // Past one caller's requests in flight (server/admission.ts) the server says wait: send again, as the editor does.
  if (response.status === 429 && json?.error?.code === "too_many_requests") {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return call(client, method, path, body, headers);
  }
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

async function draftWith(author: Client, ...versions: Bulletin[]): Promise<{ id: number; version: number }> {
  const created = await call(author, "POST", "/bulletins", { templateId: "general" });
  let draft = { id: created.id as number, version: created.version as number };
  for (const version of versions) {
    const saved = await call(author, "PUT", `/bulletins/${draft.id}`, version, { "If-Match": `"${draft.version}"` });
    draft = { id: saved.id, version: saved.version };
  }
  return draft;
}

interface LoadResult {
  db: string;
  idle: number[];
  loaded: number[];
  operations: Map<string, number[]>;
  diffMode: string;
  glossaryChecks: number;
}

async function hostileLoad(label: string, databaseUrl?: string): Promise<LoadResult> {
  const server = await startChild(databaseUrl);
  try {
    const author: Client = { url: server.url, cookie: await signInCookie(server.url, "autora@redacta.local") };
    const reviewer: Client = { url: server.url, cookie: await signInCookie(server.url, "revisor@redacta.local") };
    // Another writer's save starts its own revision (one person's saves fold into one), so the
    // diff compares the older text with the newer one, revision with revision.
    const admin: Client = { url: server.url, cookie: await signInCookie(server.url, "admin@redacta.local") };
    const first = await draftWith(author, older);
    const diffed = await call(admin, "PUT", `/bulletins/${first.id}`, newer, { "If-Match": `"${first.version}"` });
    const named = await draftWith(author, names);
    const listed = await draftWith(author, listItems);
    const drafts = await Promise.all(Array.from({ length: CLIENTS }, () => draftWith(author)));
    const diffPath = `/bulletins/${diffed.id}/diff?from=${diffed.version - 1}&to=${diffed.version}`;
    const sample = await call(reviewer, "GET", diffPath);
    const read = await call(author, "GET", `/bulletins/${named.id}`);

    const probe = async (until: () => boolean, into: number[]) => {
      while (!until()) {
        const start = performance.now();
        const response = await fetch(`${server.url}/api/health`);
        await response.text();
        into.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
      }
    };
    const idle: number[] = [];
    await probe(() => idle.length >= 40, idle);

    const operations = new Map<string, number[]>();
    const timed = async (name: string, run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      const list = operations.get(name) ?? [];
      list.push(performance.now() - start);
      operations.set(name, list);
    };
    // Each client saves from a session of its own, as the author's tabs on several machines would.
    const writers: Client[] = await Promise.all(drafts.map(async () => ({ url: server.url, cookie: await signInCookie(server.url, "autora@redacta.local") })));
    const deadline = Date.now() + DURATION_S * 1000;
    let running = CLIENTS;
    const bodies = [older, newer, names];
    const clients = drafts.map(async (draft, index) => {
      try {
        for (let round = index; Date.now() < deadline; round++) {
          await timed("GET …/diff (10,000 unrelated words)", () => call(reviewer, "GET", diffPath));
          await timed("PUT a hostile body (10,000 words or 12,000 names)", async () => {
            const saved = await call(writers[index]!, "PUT", `/bulletins/${draft.id}`, bodies[round % bodies.length], { "If-Match": `"${draft.version}"` });
            draft.version = saved.version;
          });
          await timed("GET the 12,000-names bulletin", () => call(author, "GET", `/bulletins/${named.id}`));
          await timed("GET …/export?format=docx of 9,000 list items", async () => {
            const response = await fetch(`${server.url}/api/bulletins/${listed.id}/export?format=docx`, { headers: { Cookie: author.cookie } });
            await response.arrayBuffer();
          });
        }
      } finally {
        running--;
      }
    });
    const loaded: number[] = [];
    await Promise.all([...clients, probe(() => running === 0, loaded)]);
    return {
      db: label,
      idle,
      loaded,
      operations,
      diffMode: String(sample.mode ?? "(no mode: old server)"),
      glossaryChecks: (read.checks as { code: string }[]).filter((check) => check.code.startsWith("glossary_")).length,
    };
  } finally {
    await server.close();
  }
}

async function timeMedian(run: () => unknown): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function benchHostile(): Promise<void> {
  section(`5. Hostile input (issue 8): ${CLIENTS} clients for ${DURATION_S} s saving, diffing, reading and exporting hostile bulletins; /api/health probed every ${PROBE_INTERVAL_MS} ms`);
  const results: LoadResult[] = [];
  const failures: string[] = [];
  const fairness: FairnessResult[] = [];
  const attempt = async (label: string, databaseUrl?: string) => {
    try {
      results.push(await hostileLoad(label, databaseUrl));
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`);
    }
    try {
      fairness.push(await fairnessLoad(label, databaseUrl));
    } catch (error) {
      failures.push(`${label} (one user's parallel saves): ${(error as Error).message}`);
    }
  };
  await onEachDatabase("redacta_bench_hostile", attempt);
  for (const failure of failures) console.log(`  ✘ FAILED ${failure}`);

  printTable(
    "GET /api/health latency, idle and while hostile bulletins are saved, diffed and read",
    ["database", "when", "probes", "p50 ms", "p95 ms", "max ms", "target", "status"],
    results.flatMap((result) => [
      [result.db, "idle", String(result.idle.length), fmt(median(result.idle), 1), fmt(quantile(result.idle, 0.95), 1), fmt(Math.max(...result.idle), 1), "", ""],
      [
        result.db,
        "under hostile load",
        String(result.loaded.length),
        fmt(median(result.loaded), 1),
        fmt(quantile(result.loaded, 0.95), 1),
        fmt(Math.max(...result.loaded), 1),
        `p95 ≤ ${TARGET_HEALTH_P95_MS} ms, max ≤ ${TARGET_HEALTH_MAX_MS} ms`,
        quantile(result.loaded, 0.95) <= TARGET_HEALTH_P95_MS && Math.max(...result.loaded) <= TARGET_HEALTH_MAX_MS ? "✔ met" : "✘ MISSED",
      ],
    ]),
  );
  printTable(
    "Hostile requests during the load (latency as each client saw it)",
    ["database", "request", "count", "p50 ms", "p95 ms", "max ms"],
    results.flatMap((result) =>
      [...result.operations].map(([name, samples]) => [
        result.db,
        name,
        String(samples.length),
        fmt(median(samples), 1),
        fmt(quantile(samples, 0.95), 1),
        fmt(Math.max(...samples), 1),
      ]),
    ),
  );
  for (const result of results) note(`${result.db}: the unrelated diff came back as mode ${result.diffMode}; the 12,000-names bulletin has ${result.glossaryChecks} glossary results.`);
  printFairness(fairness);

  const organization = loadOrganization();
  const glossary = loadGlossary();
  const options = { organization, draft: false };
  const [olderText, newerText, editedText] = [older, newer, edited].map((bulletin) => renderText(bulletin, options));
  const rows: { name: string; value: number; target?: number; extra?: string }[] = [
    { name: "diff, one word changed per paragraph (diffTexts)", value: await timeMedian(() => diffTexts(olderText!, editedText!)), target: 50, extra: `mode ${diffTexts(olderText!, editedText!).mode}` },
    { name: "diff, 10,000 unrelated words (diffTexts)", value: await timeMedian(() => diffTexts(olderText!, newerText!)), target: 100, extra: `mode ${diffTexts(olderText!, newerText!).mode}` },
    { name: "editorial checks (runChecks)", value: await timeMedian(() => runChecks({ bulletin: older, glossary })), target: 50 },
    { name: "editorial checks, 12,000 misspelt names", value: await timeMedian(() => runChecks({ bulletin: names, glossary })), target: 200 },
    { name: "DOCX render (renderDocx)", value: await timeMedian(() => renderDocx(older, options)), target: 200 },
    { name: "txt render (renderText)", value: await timeMedian(() => renderText(older, options)) },
  ];
  printTable(
    `CPU-heavy steps on a 10,000-word bulletin (${fmt(olderText!.length / 1024, 0)} KB of text) — median of ${RUNS} runs in this process`,
    ["step", "median ms", "target", "status", "note"],
    rows.map((row) => [row.name, fmt(row.value, 1), row.target ? `≤ ${row.target} ms` : "", row.target ? verdict(row.value, row.target) : "", row.extra ?? ""]),
  );
  note("The load runs against the real server in a child process (one event loop, as in production); the probe and the clients share this process.");
}
