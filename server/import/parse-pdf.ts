import organizationJson from "../../templates/organization.json" with { type: "json" };
import { organizationSchema, type Organization } from "../../shared/organization";
import { parseBulletin, type ParsedBulletin } from "./parse-bulletin";

const DEFAULT_ORGANIZATION: Organization = organizationSchema.parse(organizationJson);

/** A PDF that cannot become a bulletin: its message (Spanish) says why, for the person importing it. */
export class PdfImportError extends Error {
  override name = "PdfImportError";
}

export const NO_TEXT_MESSAGE =
  "El PDF no tiene texto: parece escaneado (solo imágenes). Páselo por un programa de reconocimiento de texto (OCR) o importe el DOCX o TXT original.";

/** One line of a page, in PDF units (y grows upwards, as pdf.js reports it). */
interface PageLine {
  text: string;
  y: number;
  size: number;
  /** Where the line's first piece starts and its last ends. */
  left: number;
  right: number;
}

interface TextPiece {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

const SENTENCE_END = /[.!?…:;”"»)\]]$/u;
const PAGE_NUMBER = /^(p[áa]gina|p[áa]g\.?)\s*\d+(\s*(de|\/)\s*\d+)?$|^\d+\s*(de|\/)\s*\d+$|^-?\s*\d+\s*-?$/iu;
const BULLET = /^[•·▪◦●■\-–]\s/u;

/** Pieces on the same baseline (within a fraction of their size) become one line, left to right. */
function piecesToLines(pieces: TextPiece[]): PageLine[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextPiece[][] = [];
  for (const piece of sorted) {
    const row = rows.at(-1);
    const head = row?.[0];
    if (row && head && Math.abs(head.y - piece.y) <= Math.max(head.size, piece.size) * 0.4) row.push(piece);
    else rows.push([piece]);
  }
  return rows
    .map((row) => {
      row.sort((a, b) => a.x - b.x);
      let text = "";
      let end = -Infinity;
      for (const piece of row) {
        const gap = piece.x - end;
        if (text && !/\s$/u.test(text) && !/^\s/u.test(piece.str) && gap > piece.size * 0.15) text += " ";
        text += piece.str;
        end = Math.max(end, piece.x + piece.width);
      }
      return { text: text.replace(/\s+/gu, " ").trim(), y: row[0]!.y, size: Math.max(...row.map((piece) => piece.size)), left: row[0]!.x, right: end };
    })
    .filter((line) => line.text !== "");
}

const repeatKey = (text: string) => text.toLowerCase().replace(/\d+/gu, "#");

/**
 * Drops the lines every page repeats at its top or bottom (letterhead, motto,
 * `Página N de M`, with numbers ignored) and page numbers anywhere at the edges.
 */
function dropRepeatedEdges(pages: PageLine[][]): PageLine[][] {
  const EDGE = 4;
  const edgeKeys = (lines: PageLine[], fromTop: boolean) =>
    new Set((fromTop ? lines.slice(0, EDGE) : lines.slice(-EDGE)).map((line) => repeatKey(line.text)));
  const everyPage = (fromTop: boolean): Set<string> => {
    if (pages.length < 2) return new Set();
    const [first, ...rest] = pages.map((lines) => edgeKeys(lines, fromTop));
    return new Set([...first!].filter((key) => rest.every((keys) => keys.has(key))));
  };
  const top = everyPage(true);
  const bottom = everyPage(false);
  return pages.map((lines) =>
    lines.filter((line, index) => {
      const atTop = index < EDGE;
      const atBottom = index >= lines.length - EDGE;
      if ((atTop || atBottom) && PAGE_NUMBER.test(line.text)) return false;
      const key = repeatKey(line.text);
      return !((atTop && top.has(key)) || (atBottom && bottom.has(key)));
    }),
  );
}

/** The text of a line added to the paragraph before it; a URL broken at the margin is put back together. */
function appendLine(paragraph: string, line: string): string {
  // A word broken at its own hyphen (`IMSS-` / `Bienestar`) keeps the hyphen and loses the space.
  if (/[\p{L}\d]-$/u.test(paragraph) && /^[\p{L}\d]/u.test(line)) return paragraph + line;
  if (/https?:\/\/\S*$/u.test(paragraph) && /^[\w\-.~:/?#[\]@!$&'()*+,;=%]+(\s|$)/u.test(line)) return paragraph + line;
  return `${paragraph} ${line}`;
}

/**
 * Lines of a page into paragraphs. A new one starts at a wider gap between
 * baselines than the usual line spacing, at a change of size, at a bullet, after
 * a short centred line, or after a short or right-aligned line that ends a
 * sentence (a date line, a number line).
 */
function pageParagraphs(lines: PageLine[], { spacing, left, right }: Measures): PageParagraphs {
  const width = right - left;
  const short = (line: PageLine) => line.right < right - width * 0.15;
  const indented = (line: PageLine) => line.left > left + width * 0.15;
  // A short centred line (`---o0o---`), or a short or right-aligned one that ends a sentence (date, number).
  const endsParagraph = (line: PageLine) => (short(line) && indented(line)) || (SENTENCE_END.test(line.text) && (short(line) || indented(line)));
  // A line the next one's first word would have fitted on was ended by its writer (a header line, a
  // dateline over its paragraph): the break stays a line break, as in the TXT. Its width and its right
  // edge both leave room for the word, so a centred or an indented (list) line counts as wrapped when it was.
  const endedByHand = (line: PageLine, next: PageLine) => {
    const word = ((next.right - next.left) / Math.max(1, next.text.length)) * (next.text.split(" ")[0]!.length + 1) * 1.2;
    return line.right + word < right && line.right - line.left + word < width;
  };
  const paragraphs: string[] = [];
  let previous: PageLine | undefined;
  for (const line of lines) {
    const gap = previous ? previous.y - line.y : Infinity;
    const continues =
      previous !== undefined &&
      Math.abs(previous.size - line.size) < 0.5 &&
      gap > 0 &&
      gap <= spacing * 1.2 * line.size &&
      !BULLET.test(line.text) &&
      !endsParagraph(previous);
    if (previous && continues) paragraphs[paragraphs.length - 1] = endedByHand(previous, line) ? `${paragraphs.at(-1)!}\n${line.text}` : appendLine(paragraphs.at(-1)!, line.text);
    else paragraphs.push(line.text);
    previous = line;
  }
  return {
    paragraphs: paragraphs.map((text) => text.replace(/^[•·▪◦●■]\s+/u, "- ")),
    open: previous !== undefined && !endsParagraph(previous),
  };
}

interface PageParagraphs {
  paragraphs: string[];
  /** False when the page's last line plainly ends its paragraph (a centred mark, a right-aligned line). */
  open: boolean;
}

interface Measures {
  /** The distance between the baselines of a paragraph's lines, per point of type (the body's line spacing). */
  spacing: number;
  /** The text's left and right margins. */
  left: number;
  right: number;
}

function measure(pages: PageLine[][]): Measures {
  let left = Infinity;
  let right = -Infinity;
  for (const line of pages.flat()) {
    left = Math.min(left, line.left);
    right = Math.max(right, line.right);
  }
  // Lines that reach the right margin were wrapped: the gap under them is the line spacing. A short
  // bulletin may hold more paragraph gaps than wrapped lines, so the most frequent gap is not.
  const wrapped = new Map<number, number>();
  let smallest = Infinity;
  for (const lines of pages) {
    for (const [index, line] of lines.entries()) {
      const next = lines[index + 1];
      if (!next || Math.abs(next.size - line.size) >= 0.5) continue;
      const gap = Math.round(((line.y - next.y) / line.size) * 20) / 20;
      if (gap <= 0) continue;
      smallest = Math.min(smallest, gap);
      if (line.right >= right - (right - left) * 0.1) wrapped.set(gap, (wrapped.get(gap) ?? 0) + 1);
    }
  }
  // Fewer than two (the longest line reaches the margin by definition): the smallest gap, unless it is
  // wider than single or 1.5 spacing, when it is a paragraph's gap.
  const wrappedCount = [...wrapped.values()].reduce((sum, count) => sum + count, 0);
  const mode = [...wrapped].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const spacing = wrappedCount >= 2 && mode !== undefined ? mode : Number.isFinite(smallest) ? Math.min(smallest, 1.5) : 1.6;
  return { spacing, left, right };
}

/**
 * Joins the pages' paragraphs, the last of a page with the first of the next
 * when the break split it: the page ended mid-sentence, or the next page goes
 * on in lower case.
 */
function joinPages(pages: PageParagraphs[]): string[] {
  const paragraphs: string[] = [];
  let open = false;
  for (const page of pages) {
    const [first, ...rest] = page.paragraphs;
    if (first === undefined) continue;
    const last = paragraphs.at(-1);
    const split = open && last !== undefined && !BULLET.test(first) && (!SENTENCE_END.test(last) || /^\p{Ll}/u.test(first));
    if (split) paragraphs[paragraphs.length - 1] = appendLine(last, first);
    else paragraphs.push(first);
    paragraphs.push(...rest);
    open = page.open;
  }
  return paragraphs;
}

/**
 * The text of a PDF as the TXT import reads it: one paragraph per block,
 * separated by blank lines, in reading order, without the headers and footers
 * repeated on every page. Throws PdfImportError when the file is not a PDF or
 * has no text layer (a scan).
 */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let document;
  try {
    document = await getDocument({
      // pdf.js takes ownership of the buffer it is given.
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch {
    throw new PdfImportError("El archivo no es un PDF válido o está dañado.");
  }
  try {
    const pages: PageLine[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const pieces: TextPiece[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str === "") continue;
        const [a, b, c, d, x, y] = item.transform as number[];
        const size = Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0) || item.height;
        pieces.push({ str: item.str, x: x ?? 0, y: y ?? 0, width: item.width, size });
      }
      pages.push(piecesToLines(pieces));
      page.cleanup();
    }
    if (pages.every((lines) => lines.every((line) => line.text.trim() === ""))) throw new PdfImportError(NO_TEXT_MESSAGE);
    const kept = dropRepeatedEdges(pages);
    const measures = measure(kept);
    const paragraphs = joinPages(kept.map((lines) => pageParagraphs(lines, measures)));
    // Items of one list stay on consecutive lines, as the TXT import reads a list of highlights.
    return paragraphs.map((text, index) => (index > 0 && BULLET.test(text) && BULLET.test(paragraphs[index - 1]!) ? "\n" : index > 0 ? "\n\n" : "") + text).join("");
  } finally {
    await document.destroy();
  }
}

/** Reads a PDF bulletin with the same rules as parseBulletin. Throws PdfImportError (see pdfToText). */
export async function parsePdfBulletin(bytes: Uint8Array, organization: Organization = DEFAULT_ORGANIZATION): Promise<ParsedBulletin> {
  return parseBulletin(await pdfToText(bytes), organization);
}

/** True when the bytes start like a PDF (`%PDF-`). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-";
}
