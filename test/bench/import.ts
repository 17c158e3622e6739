import { performance } from "node:perf_hooks";
import type { Bulletin } from "../../shared/bulletin/schema";
import { renderDocx } from "../../server/export/docx";
import { renderPdf } from "../../server/export/pdf";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { parseDocxBulletin } from "../../server/import/parse-docx";
import { parsePdfBulletin } from "../../server/import/parse-pdf";
import { loadOrganization } from "../../server/templates/load";
import { families } from "../import/other-layouts-cases";
import { fmt, kb, median, note, printTable, quantile, section, seedFiles } from "./util";

/**
 * Section import (issue 12): what reading an archive's PDF and DOCX files costs, per PDF page and
 * per DOCX, over the five seeds and bulletins in other offices' layouts, each rendered to PDF and
 * DOCX by the office's own exporters and read back with the importers.
 */

const WARMUP_ROUNDS = 2;
const ROUNDS = 10;
/** Other-layout bulletins taken: the first of each family and every fourth one after it. */
const OTHER_LAYOUT_STEP = 4;

interface Sample {
  file: string;
  pages: number;
  pdfBytes: number;
  docxBytes: number;
  /** Milliseconds per run of parsePdfBulletin, then of parseDocxBulletin. */
  pdf: number[];
  docx: number[];
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
}

function corpus(): { file: string; bulletin: Bulletin }[] {
  const seeds = seedFiles().map((seed) => ({ file: seed.name, bulletin: parseBulletin(decodeBulletinBytes(seed.bytes)).bulletin }));
  const others = families.flatMap(([family, cases]) =>
    cases
      .filter((_, index) => index % OTHER_LAYOUT_STEP === 0)
      .map((entry) => ({ file: `${family.split(" ")[0]}: ${entry.name.slice(0, 40)}`, bulletin: parseBulletin(entry.text).bulletin })),
  );
  return [...seeds, ...others];
}

export async function benchImport(): Promise<void> {
  section("Import (issue 12): PDF and DOCX read back, per PDF page and per DOCX");
  const organization = loadOrganization();
  const options = { organization, draft: false };
  const samples: Sample[] = [];
  const files: { file: string; pdf: Buffer; docx: Buffer }[] = [];
  for (const { file, bulletin } of corpus()) {
    const pdf = await renderPdf(bulletin, options);
    const docx = await renderDocx(bulletin, options);
    files.push({ file, pdf, docx });
    samples.push({ file, pages: pageCount(pdf), pdfBytes: pdf.length, docxBytes: docx.length, pdf: [], docx: [] });
  }
  const seedCount = seedFiles().length;
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    for (const [index, { pdf, docx }] of files.entries()) {
      let start = performance.now();
      await parsePdfBulletin(pdf, organization);
      const pdfMs = performance.now() - start;
      start = performance.now();
      await parseDocxBulletin(docx, organization);
      const docxMs = performance.now() - start;
      if (round >= WARMUP_ROUNDS) {
        samples[index]!.pdf.push(pdfMs);
        samples[index]!.docx.push(docxMs);
      }
    }
  }

  const rows = (label: string, group: Sample[]) => {
    const perPage = group.flatMap((sample) => sample.pdf.map((ms) => ms / sample.pages));
    const perPdf = group.flatMap((sample) => sample.pdf);
    const perDocx = group.flatMap((sample) => sample.docx);
    const pages = group.reduce((sum, sample) => sum + sample.pages, 0);
    const line = (measure: string, values: number[], pdf = true) => [
      `${measure} — ${label}`,
      pdf ? `${group.length} (${pages} pp.)` : String(group.length),
      String(values.length),
      fmt(mean(values), 2),
      fmt(median(values), 2),
      fmt(quantile(values, 0.95), 2),
      fmt(Math.max(...values), 2),
    ];
    return [line("PDF parse per page (parsePdfBulletin ÷ pages)", perPage), line("PDF parse per file", perPdf), line("DOCX parse per file (parseDocxBulletin)", perDocx, false)];
  };
  printTable(
    `Import timings — ${ROUNDS} runs of each file after ${WARMUP_ROUNDS} warm-up rounds; PDF and DOCX from renderPdf / renderDocx`,
    ["measure", "files", "samples", "mean ms", "median ms", "p95 ms", "max ms"],
    [...rows("five seeds", samples.slice(0, seedCount)), ...rows("other layouts", samples.slice(seedCount)), ...rows("all", samples)],
  );
  printTable(
    "Import medians per file (ms)",
    ["file", "pages", "PDF", "DOCX", "PDF parse", "per page", "DOCX parse"],
    samples.map((sample) => [
      sample.file,
      String(sample.pages),
      kb(sample.pdfBytes),
      kb(sample.docxBytes),
      fmt(median(sample.pdf), 2),
      fmt(median(sample.pdf) / sample.pages, 2),
      fmt(median(sample.docx), 2),
    ]),
  );
  note("parsePdfBulletin: pdf.js text layer → lines, paragraphs, repeated edges dropped → parseBulletin. parseDocxBulletin: mammoth → hast → mdast → Markdown → parseBulletin.");
  note("Wall-clock in this process (performance.now), one file at a time; the PDF's fonts are embedded subsets of Arimo. Mean and p95 mix every run of every file.");
}
