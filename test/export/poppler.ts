import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";

/** poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) read the PDFs back as a reader's viewer would. */
export const popplerAvailable = ["pdftotext", "pdfinfo", "pdffonts", "pdftoppm"].every((tool) => existsSync(`/usr/bin/${tool}`));

/** `describe` when poppler-utils is there; skipped saying so when not, except under CI, where it fails. */
export function describeWithPoppler(name: string, body: () => void, options: { timeout?: number } = {}): void {
  if (popplerAvailable) {
    describe(name, { timeout: options.timeout ?? 60_000 }, body);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs poppler-utils", () => {
        throw new Error("poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) es obligatorio en CI para leer los PDF.");
      });
    });
    return;
  }
  console.warn(`\n⚠️  poppler-utils no está instalado: se OMITE «${name}».\n`);
  describe.skip(name, body);
}

function withFile<T>(pdf: Buffer, run: (file: string, directory: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), "redacta-pdf-"));
  try {
    const file = join(directory, "boletin.pdf");
    writeFileSync(file, pdf);
    return run(file, directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The PDF's text in reading order, pages separated by form feeds. */
export function pdfText(pdf: Buffer, layout = false): string {
  return withFile(pdf, (file) => execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
}

/**
 * The text with every run of white space as one space: lines wrap wherever the page is full.
 * Read in layout mode: the plain mode joins a line ending in `-` to the next (`---o0o--LINK FOTOS`).
 */
export function flowingText(pdf: Buffer): string {
  return pdfText(pdf, true).replace(/\s+/g, " ");
}

/** pdfinfo's fields (Title, Subject, Keywords, Pages…). */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const output = withFile(pdf, (file) => execFileSync("pdfinfo", ["-enc", "UTF-8", file], { encoding: "utf8" }));
  return Object.fromEntries(output.split("\n").flatMap((line) => {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    return match ? [[match[1]!.trim(), match[2]!.trim()]] : [];
  }));
}

/** The link targets of the PDF's annotations (what a click opens). */
export function pdfUrls(pdf: Buffer): string[] {
  const output = withFile(pdf, (file) => execFileSync("pdfinfo", ["-url", file], { encoding: "utf8" }));
  return output.split("\n").slice(1).map((line) => line.trim().split(/\s+/).slice(2).join(" ")).filter(Boolean);
}

/** pdffonts' table: each font's name and whether it is embedded. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  const output = withFile(pdf, (file) => execFileSync("pdffonts", [file], { encoding: "utf8" }));
  return output
    .split("\n")
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      return { name: columns[0]!, embedded: columns[columns.length - 5] === "yes" };
    });
}

/** Renders each page to PNG files `<prefix>-<n>.png`; returns their paths. */
export function pdfToPng(pdf: Buffer, prefix: string, resolution = 60): string[] {
  withFile(pdf, (file) => execFileSync("pdftoppm", ["-r", String(resolution), "-png", file, prefix]));
  const directory = prefix.slice(0, prefix.lastIndexOf("/"));
  const base = prefix.slice(prefix.lastIndexOf("/") + 1);
  return readdirSync(directory)
    .filter((name) => name.startsWith(`${base}-`) && name.endsWith(".png"))
    .sort()
    .map((name) => join(directory, name));
}

/** One page as RGB pixels (pdftoppm's PPM output): what the page looks like, to count colours in. */
export function pageRgb(pdf: Buffer, page = 1, resolution = 30): { width: number; height: number; pixels: Buffer } {
  return withFile(pdf, (file, directory) => {
    const prefix = join(directory, "page");
    execFileSync("pdftoppm", ["-r", String(resolution), "-f", String(page), "-l", String(page), "-singlefile", file, prefix]);
    const ppm = readFileSync(`${prefix}.ppm`);
    // P6 <width> <height> <max>\n then the bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 40).toString("latin1"))!;
    return { width: Number(header[1]), height: Number(header[2]), pixels: ppm.subarray(header[0].length) };
  });
}

/** How many pixels of a page are red or tinted red (BORRADOR and its light watermark, the banner's box). */
export function redPixels(pdf: Buffer, page = 1): number {
  const { pixels } = pageRgb(pdf, page);
  let count = 0;
  for (let index = 0; index + 2 < pixels.length; index += 3) {
    const [red, green, blue] = [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!];
    if (red > 150 && red - green > 15 && red - blue > 15) count += 1;
  }
  return count;
}
