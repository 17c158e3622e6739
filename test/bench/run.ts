import os from "node:os";
import { performance } from "node:perf_hooks";
import { benchApi } from "./api";
import { benchClient } from "./client";
import { benchCore } from "./core";
import { benchHostile } from "./hostile";
import { benchImport } from "./import";
import { benchReview } from "./review";
import { benchSearch } from "./search";
import { fmt } from "./util";

/**
 * `npm run bench [-- --only core|import|api|search|client|hostile|review[,…]]`: prints labelled figures,
 * one table per section, each beside its target. A script, not a test: a missed
 * target is reported, never fails the run (a section that crashes is reported too).
 *
 * Knobs (environment): BENCH_DATABASE_URL (PostgreSQL server for scratch databases,
 * default postgres://postgres@127.0.0.1:5432/test; redacta_bench and
 * redacta_bench_search are created and dropped), BENCH_API_SECONDS (10),
 * BENCH_SEARCH_COUNT (100000), BENCH_SEARCH_BUDGET_S (60), CHROMIUM_PATH (/usr/bin/chromium),
 * BENCH_HOSTILE_CLIENTS (4), BENCH_HOSTILE_SECONDS (10), BENCH_MEMORY_SAVES (10000: saves per run of the
 * API section's memory check), BENCH_CPU_PROF_DIR (a CPU profile of each API server child; see also
 * test/bench/profile-api.ts). The API section on PostgreSQL starts Debian's nginx when installed.
 * The filled PGlite search database is cached in $TMPDIR/redacta-bench-cache.
 */

const SECTIONS = { core: benchCore, import: benchImport, api: benchApi, search: benchSearch, client: benchClient, hostile: benchHostile, review: benchReview } as const;
type Name = keyof typeof SECTIONS;

function selected(argv: string[]): Name[] {
  const index = argv.findIndex((arg) => arg === "--only" || arg.startsWith("--only="));
  if (index < 0) return Object.keys(SECTIONS) as Name[];
  const value = argv[index]!.includes("=") ? argv[index]!.split("=")[1]! : argv[index + 1] ?? "";
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(name in SECTIONS));
  if (unknown.length || names.length === 0) {
    console.error(`--only expects ${Object.keys(SECTIONS).join("|")} (comma-separated); got "${value}"`);
    process.exit(2);
  }
  return names as Name[];
}

const names = selected(process.argv.slice(2));
const load = () => os.loadavg().map((value) => fmt(value, 2)).join(" / ");
console.log(
  `Redacta bench — ${new Date().toISOString()} — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, ` +
    `load average (1/5/15 min) ${load()}`,
);
console.log(`Sections: ${names.join(", ")}`);

const outcomes: { name: Name; seconds: number; error?: string }[] = [];
for (const name of names) {
  const start = performance.now();
  try {
    await SECTIONS[name]();
    outcomes.push({ name, seconds: (performance.now() - start) / 1000 });
  } catch (error) {
    console.error(`\n✘ section ${name} failed:`, error);
    outcomes.push({ name, seconds: (performance.now() - start) / 1000, error: (error as Error).message });
  }
  console.log(`  · section ${name}: ${fmt((performance.now() - start) / 1000, 1)} s; load average now ${load()}`);
}

console.log(`\nDone: ${outcomes.map((o) => `${o.name} ${fmt(o.seconds, 0)} s${o.error ? " (FAILED)" : ""}`).join(", ")}.`);
// Libraries (PGlite, pg, Chromium pipes) may keep handles open; the figures are printed.
process.exit(0);
