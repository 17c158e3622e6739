import { performance } from "node:perf_hooks";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { unrelatedParagraphs } from "../heavy-content";
import { startChild } from "./api";
import { fmt, median, printTable, quantile, signInCookie } from "./util";

/**
 * Per-caller fairness (issue 8): one signed-in user fires BURST parallel ~0.85 MB saves with
 * the same If-Match (one can win, the rest are stale) while another user reads a bulletin
 * over and over; that reader's latency is the figure.
 */

const BURST = 40;
const ROUNDS = Number(process.env.BENCH_FAIRNESS_ROUNDS ?? 5);
const PROBE_PAUSE_MS = 10;
const TARGET_P95_MS = 250;
const TARGET_MAX_MS = 500;

/** ~0.85 MB of JSON: 112,000 words in paragraphs of 100. */
export const heavySave: Bulletin = {
  number: null,
  place: "Ciudad de México",
  date: "2026-11-23",
  title: "Inaugura el Seguro Social una unidad de medicina familiar en Tlalpan",
  highlights: ["Atenderá a 40 mil derechohabientes del sur de la ciudad."],
  body: bodyFromParagraphs(unrelatedParagraphs(112_000, 3)),
  photoLinks: [],
  videoLinks: [],
};

export interface FairnessResult {
  db: string;
  bodyBytes: number;
  idle: number[];
  /** While the same user saves once at a time. */
  single: number[];
  loaded: number[];
  /** How the BURST × ROUNDS saves were answered, by status. */
  statuses: Map<number, number>;
  burstMs: number[];
}

export async function fairnessLoad(label: string, databaseUrl?: string): Promise<FairnessResult> {
  const server = await startChild(databaseUrl);
  try {
    const author = await signInCookie(server.url, "autora@redacta.local");
    const reader = await signInCookie(server.url, "revisor@redacta.local");
    const json = (response: Response) => response.json() as Promise<any>;
    const created = await json(
      await fetch(`${server.url}/api/bulletins`, {
        method: "POST",
        headers: { Cookie: author, Origin: server.url, "Content-Type": "application/json" },
        body: JSON.stringify({ templateId: "general" }),
      }),
    );
    const listed = await json(await fetch(`${server.url}/api/bulletins?status=published`, { headers: { Cookie: reader } }));
    const readPath = `/api/bulletins/${listed.items[0].id}`;
    const payload = JSON.stringify(heavySave);
    const save = (version: number) =>
      fetch(`${server.url}/api/bulletins/${created.id}`, {
        method: "PUT",
        headers: { Cookie: author, Origin: server.url, "Content-Type": "application/json", "If-Match": `"${version}"` },
        body: payload,
      })
        .then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        })
        .catch(() => 0);

    const probe = async (until: () => boolean, into: number[]) => {
      while (!until()) {
        const start = performance.now();
        const response = await fetch(`${server.url}${readPath}`, { headers: { Cookie: reader } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`the other user's GET answered ${response.status}`);
        into.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
      }
    };
    const idle: number[] = [];
    await probe(() => idle.length >= 40, idle);

    // The reference: the same saves one at a time (what one heavy save costs everyone, limit or not).
    const single: number[] = [];
    let version = created.version as number;
    for (let round = 0; round < 3; round++) {
      let done = false;
      const saving = save(version).then((status) => {
        done = true;
        if (status !== 200) throw new Error(`a single save answered ${status}`);
      });
      await Promise.all([saving, probe(() => done, single)]);
      version++;
    }

    const loaded: number[] = [];
    const statuses = new Map<number, number>();
    const burstMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let done = false;
      const start = performance.now();
      const burst = Promise.all(Array.from({ length: BURST }, () => save(version))).then((answers) => {
        burstMs.push(performance.now() - start);
        done = true;
        return answers;
      });
      const [answers] = await Promise.all([burst, probe(() => done, loaded)]);
      for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const current = await json(await fetch(`${server.url}/api/bulletins/${created.id}`, { headers: { Cookie: author } }));
      version = current.version;
    }
    return { db: label, bodyBytes: Buffer.byteLength(payload), idle, single, loaded, statuses, burstMs };
  } finally {
    await server.close();
  }
}

export function printFairness(results: FairnessResult[]): void {
  printTable(
    `Another user's GET /api/bulletins/:id while one user fires ${BURST} parallel ${fmt((results[0]?.bodyBytes ?? 0) / 1e6, 2)} MB PUTs with the same If-Match (${ROUNDS} rounds)`,
    ["database", "when", "GETs", "p50 ms", "p95 ms", "max ms", "PUT answers", "burst ms (median)", "target", "status"],
    results.flatMap((result) => [
      ...(
        [
          ["idle", result.idle],
          ["one save at a time", result.single],
        ] as const
      ).map(([when, samples]) => [result.db, when, String(samples.length), fmt(median(samples), 1), fmt(quantile(samples, 0.95), 1), fmt(Math.max(...samples), 1), "", "", "", ""]),
      [
        result.db,
        "during the bursts",
        String(result.loaded.length),
        fmt(median(result.loaded), 1),
        fmt(quantile(result.loaded, 0.95), 1),
        fmt(Math.max(...result.loaded), 1),
        [...result.statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count}×${status}`).join(" "),
        fmt(median(result.burstMs), 0),
        `p95 ≤ ${TARGET_P95_MS} ms, max ≤ ${TARGET_MAX_MS} ms`,
        quantile(result.loaded, 0.95) <= TARGET_P95_MS && Math.max(...result.loaded) <= TARGET_MAX_MS ? "✔ met" : "✘ MISSED",
      ],
    ]),
  );
}
