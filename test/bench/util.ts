import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** Shared helpers of `npm run bench`: statistics, tables, targets, scratch databases. */

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SEEDS_DIR = path.join(ROOT, "seeds");

/** The PostgreSQL server the bench may create a scratch database on (trust auth). */
export const POSTGRES_ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export function seedFiles(): { name: string; bytes: Buffer }[] {
  return fs
    .readdirSync(SEEDS_DIR)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .map((name) => ({ name, bytes: fs.readFileSync(path.join(SEEDS_DIR, name)) }));
}

/** The q-quantile (0..1) of `values`, nearest-rank on a sorted copy. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: number[]) => quantile(values, 0.5);

export function fmt(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function kb(bytes: number): string {
  return `${fmt(bytes / 1024, 1)} KB`;
}

/** "✔ met" / "✘ MISSED" for a figure against an upper (≤) or lower (≥) bound. */
export function verdict(value: number, target: number, kind: "max" | "min" = "max"): string {
  if (!Number.isFinite(value)) return "n/a";
  const met = kind === "max" ? value <= target : value >= target;
  return met ? "✔ met" : "✘ MISSED";
}

/** Prints a plain-text table with a title. Cells are strings; numeric-looking cells are right-aligned. */
export function printTable(title: string, headers: string[], rows: string[][]): void {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const numeric = /^[-+]?[\d,.]+( ?(ms|KB|x|%|req\/s))?$|^—$/;
  const line = (cells: string[]) =>
    "│ " +
    cells
      .map((cell, i) => (i > 0 && numeric.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join(" │ ") +
    " │";
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r;
  console.log(`\n${title}`);
  console.log(rule("┌", "┬", "┐"));
  console.log(line(headers));
  console.log(rule("├", "┼", "┤"));
  for (const row of rows) console.log(line(row));
  console.log(rule("└", "┴", "┘"));
}

export function section(title: string): void {
  console.log(`\n${"═".repeat(78)}\n${title}\n${"═".repeat(78)}`);
}

export function note(text: string): void {
  console.log(`  · ${text}`);
}

/** A small deterministic PRNG (mulberry32) so generated data is the same every run. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Runs `run` on the embedded database, then on a scratch PostgreSQL database named
 * `scratchName` when the server answers (else it says so); dropped afterwards.
 */
export async function onEachDatabase(scratchName: string, run: (label: string, databaseUrl?: string) => Promise<void>): Promise<void> {
  await run("PGlite (tmp dir)");
  if (!(await postgresAvailable())) {
    note("PostgreSQL not reachable: PostgreSQL rows skipped.");
    return;
  }
  const scratch = await scratchDatabase(scratchName);
  try {
    await run("PostgreSQL 127.0.0.1", scratch.url);
  } finally {
    await scratch.drop();
  }
}

/** True when the PostgreSQL server answers. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates a fresh scratch database (dropping a leftover one of the same name) and returns its URL and a dropper. */
export async function scratchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(POSTGRES_ADMIN_URL, name),
    async drop() {
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Signs in through the API and returns the session cookie (`redacta.sid=…`). */
export async function signInCookie(baseUrl: string, email: string, password = "redacta-demo"): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const cookie = await signInOnce(baseUrl, email, password);
    const check = await fetch(`${baseUrl}/api/session`, { headers: { Cookie: cookie } });
    const body = await check.text();
    if (check.status === 200) return cookie;
    if (attempt >= 3) throw new Error(`sign-in ${email}: the new session (${cookie.slice(0, 40)}…) is not recognised: ${check.status} ${body.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function signInOnce(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in ${email}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("sign-in returned no cookie");
  return cookie;
}
