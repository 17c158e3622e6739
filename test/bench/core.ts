import os from "node:os";
import { performance } from "node:perf_hooks";
import { Document, Packer } from "docx";
import type { Bulletin } from "../../shared/bulletin/schema";
import { runChecks } from "../../shared/checks";
import type { ExportOptions } from "../../server/export/options";
import { renderDocx } from "../../server/export/docx";
import { renderMarkdown } from "../../server/export/markdown";
import { renderPdf } from "../../server/export/pdf";
import { renderText } from "../../server/export/text";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { loadGlossary, loadOrganization } from "../../server/templates/load";
import { fmt, median, note, printTable, quantile, section, seedFiles, verdict } from "./util";

/** Section 1 (issue 2): parse and render times per bulletin over the five seeds. */

const WARMUP = 50;
const RUNS = 250;

async function timeEach(label: string, items: number, run: (i: number) => unknown | Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run(i % items);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i % items);
    samples.push(performance.now() - start);
  }
  if (samples.length < 200) throw new Error(`${label}: too few samples`);
  return samples;
}

export async function benchCore(): Promise<void> {
  section("1. Core (issue 2): parse and export, per bulletin, over the five seeds");
  const seeds = seedFiles();
  const texts = seeds.map((seed) => decodeBulletinBytes(seed.bytes));
  const bulletins = texts.map((text) => parseBulletin(text).bulletin);
  const organization = loadOrganization();
  const options = { organization, draft: false };
  const n = seeds.length;

  const measures: { name: string; target?: number; samples: number[]; perSeed: number[][] }[] = [];
  const measure = async (name: string, run: (i: number) => unknown, target?: number) => {
    // Rotate through the seeds so every sample is one bulletin; keep per-seed samples too.
    const perSeed: number[][] = seeds.map(() => []);
    const samples = await timeEach(name, n, run);
    samples.forEach((value, i) => perSeed[i % n]!.push(value));
    measures.push({ name, target, samples, perSeed });
  };

  await measure("parse (parseBulletin on text)", (i) => parseBulletin(texts[i]!), 1);
  await measure("decode + parse (bytes → bulletin)", (i) => parseBulletin(decodeBulletinBytes(seeds[i]!.bytes)));
  await measure("txt render (renderText)", (i) => renderText(bulletins[i]!, options));
  await measure("md render (renderMarkdown)", (i) => renderMarkdown(bulletins[i]!, options));
  await measure("DOCX render (renderDocx)", (i) => renderDocx(bulletins[i]!, options), 10);
  await measure("PDF render (renderPdf)", (i) => renderPdf(bulletins[i]!, options));
  // Diagnostics: the docx library's fixed cost, and the checks every GET/PUT of a bulletin runs.
  await measure("  docx floor: empty Document → Packer.toBuffer", () => Packer.toBuffer(new Document({ sections: [{ children: [] }] })));
  const glossary = loadGlossary();
  await measure("  editorial checks (runChecks, per GET/PUT)", (i) => runChecks({ bulletin: bulletins[i]!, glossary, duplicateNumber: false }));

  printTable(
    `Core timings — ${RUNS} runs each after ${WARMUP} warm-up runs, rotating over ${n} seeds (${fmt(
      texts.reduce((sum, text) => sum + text.length, 0) / n / 1024,
      1,
    )} KB of text per seed on average)`,
    ["measure", "median ms", "p95 ms", "max ms", "target", "status"],
    measures.map((m) => [
      m.name,
      fmt(median(m.samples), 3),
      fmt(quantile(m.samples, 0.95), 3),
      fmt(Math.max(...m.samples), 3),
      m.target === undefined ? "—" : `≤ ${m.target} ms (median)`,
      m.target === undefined ? "" : verdict(median(m.samples), m.target),
    ]),
  );
  printTable(
    "Core medians per seed (ms)",
    ["seed", "chars", ...measures.map((m) => m.name.split(" (")[0]!)],
    seeds.map((seed, i) => [seed.name, String(texts[i]!.length), ...measures.map((m) => fmt(median(m.perSeed[i]!), 3))]),
  );
  await rendersAgainstFloor(bulletins, options);
  note("Timings are wall-clock in this process (performance.now), single-threaded, no I/O.");
}

/**
 * Issue 13: DOCX and PDF renders beside the docx floor (an empty Document through Packer.toBuffer:
 * what the docx library costs for any file at all). The three are sampled in turn, so a machine
 * loaded by others slows them alike; CPU time (this process's, from process.cpuUsage) is printed
 * beside wall-clock time, as it moves less with the load.
 */
async function rendersAgainstFloor(bulletins: Bulletin[], options: ExportOptions): Promise<void> {
  const runs: { name: string; run: (i: number) => Promise<unknown> }[] = [
    { name: "docx floor (empty Document → Packer.toBuffer)", run: () => Packer.toBuffer(new Document({ sections: [{ children: [] }] })) },
    { name: "DOCX (renderDocx)", run: (i) => renderDocx(bulletins[i % bulletins.length]!, options) },
    { name: "PDF (renderPdf)", run: (i) => renderPdf(bulletins[i % bulletins.length]!, options) },
  ];
  const wall = runs.map((): number[] => []);
  const cpu = runs.map((): number[] => []);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [index, { run }] of runs.entries()) {
      const startCpu = process.cpuUsage();
      const start = performance.now();
      await run(i);
      const elapsed = performance.now() - start;
      const used = process.cpuUsage(startCpu);
      if (i < WARMUP) continue;
      wall[index]!.push(elapsed);
      cpu[index]!.push((used.user + used.system) / 1000);
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const aims: Record<string, number | undefined> = { "DOCX (renderDocx)": 1.5 };
  printTable(
    `Renders against the docx floor (issue 13: DOCX ≤ 1.5× the floor; PDF measured beside it) — ${RUNS} runs each, interleaved, after ${WARMUP} warm-up runs; load average ${os
      .loadavg()
      .map((value) => fmt(value, 2))
      .join(" / ")}`,
    ["render", "mean ms", "p95 ms", "ratio (mean)", "CPU mean ms", "ratio (CPU)", "aim", "status"],
    runs.map(({ name }, index) => {
      const ratio = mean(wall[index]!) / mean(wall[0]!);
      const cpuRatio = mean(cpu[index]!) / mean(cpu[0]!);
      const aim = aims[name];
      return [
        name,
        fmt(mean(wall[index]!), 3),
        fmt(quantile(wall[index]!, 0.95), 3),
        index === 0 ? "1.00x" : `${fmt(ratio, 2)}x`,
        fmt(mean(cpu[index]!), 3),
        index === 0 ? "1.00x" : `${fmt(cpuRatio, 2)}x`,
        aim === undefined ? "—" : `≤ ${aim}x`,
        aim === undefined ? "" : verdict(ratio, aim),
      ];
    }),
  );
}
