import LineBreaker from "linebreak";
import { FONT_FACES, type FontFace } from "./pdf-fonts";

/** A stretch of text in one face, size and colour; `link` makes it clickable. "\n" inside is a line break. */
export interface Run {
  text: string;
  face: FontFace;
  /** Points. */
  size: number;
  color?: string;
  link?: string;
}

export type Alignment = "left" | "center" | "right" | "justify";

/** One paragraph of the page, the way Word lays out a `w:p`: spacing in points, indents from the margins. */
export interface Block {
  runs: Run[];
  align: Alignment;
  /** Points from the left and right margins. */
  indentLeft: number;
  indentRight: number;
  /** A list marker drawn `hanging` points left of the text of the first line. */
  marker?: { run: Run; hanging: number };
  spaceBefore: number;
  spaceAfter: number;
  /** Room a border takes above the first line and below the last (its distance from the text plus its width). */
  borderTop?: number;
  borderBottom?: number;
  /** Kept on the same page as the first lines of the next block (headline, link-section titles). */
  keepNext: boolean;
  /** Line height as a multiple of the font's single spacing (Word's `line: 276` is 1.15). */
  lineSpacing: number;
}

interface Piece {
  text: string;
  run: Run;
  width: number;
  space: boolean;
}

interface Line {
  pieces: Piece[];
  height: number;
  /** The line's single-spaced height: a line fits at the page's foot when this fits, its extra spacing may not. */
  solidHeight: number;
  /** Ascent of the tallest font on the line: where its baseline sits below the line's top. */
  ascent: number;
  /** Last line of a paragraph or before a hard break: never stretched when justified. */
  last: boolean;
}

export interface LaidBlock {
  block: Block;
  lines: Line[];
}

/** Measures text once per face, size and string: a bulletin repeats its words. */
export class Measurer {
  private readonly widths = new Map<string, number>();
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  width(text: string, face: FontFace, size: number): number {
    const key = `${face}\u0000${size}\u0000${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.doc.font(FONT_FACES[face].name).fontSize(size).widthOfString(text);
      this.widths.set(key, width);
    }
    return width;
  }

  private readonly fontMetrics = new Map<string, { lineHeight: number; ascent: number }>();

  /** The font's own line height (ascent + descent + line gap: single spacing in Word and LibreOffice) and ascent, in points. */
  metrics(face: FontFace, size: number): { lineHeight: number; ascent: number } {
    const key = `${face}\u0000${size}`;
    let metrics = this.fontMetrics.get(key);
    if (!metrics) {
      const doc = this.doc.font(FONT_FACES[face].name).fontSize(size);
      // pdfkit keeps the embedded font's ascent in thousandths of the size; its typings do not show it.
      const { ascender } = (doc as unknown as { _font: { ascender: number } })._font;
      metrics = { lineHeight: doc.currentLineHeight(true), ascent: (ascender / 1000) * size };
      this.fontMetrics.set(key, metrics);
    }
    return metrics;
  }
}

/** Pieces that no line may break inside (a word and the spaces after it); ends where Unicode allows a break. */
type Chunk = Piece[];

const NEWLINES = /[\n\r\u2028\u2029\u0085\u000B\u000C]/g;
const HAS_NEWLINE = /[\n\r\u2028\u2029\u0085\u000B\u000C]/;
const SPACE = /^[ \t]+$/;

/**
 * Where a line may break: UAX #14's opportunities, plus after a hyphen between a letter and a
 * digit (`COVID-` / `19`), which UAX #14 forbids but Word and LibreOffice allow.
 */
function breakOpportunities(text: string): { position: number; required: boolean }[] {
  const breaks = new Map<number, boolean>();
  const breaker = new LineBreaker(text);
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) breaks.set(next.position, next.required);
  for (const match of text.matchAll(/\p{L}-(?=\p{N})/gu)) {
    const position = match.index + match[0].length;
    if (!breaks.has(position)) breaks.set(position, false);
  }
  return [...breaks.entries()].sort(([a], [b]) => a - b).map(([position, required]) => ({ position, required }));
}

/** Splits text at the break opportunities of UAX #14 (after spaces, after a hyphen or `/`), across runs. */
function chunks(runs: Run[], measurer: Measurer): (Chunk | "break")[] {
  const text = runs.map((run) => run.text).join("");
  const runAt: number[] = [];
  runs.forEach((run, index) => {
    for (let character = 0; character < run.text.length; character += 1) runAt.push(index);
  });
  const result: (Chunk | "break")[] = [];
  let start = 0;
  for (const next of breakOpportunities(text)) {
    const chunk: Chunk = [];
    // Within a chunk, a new piece starts where the run changes or the word meets its spaces.
    let pieceStart = start;
    const flush = (end: number) => {
      // Format characters (zero-width space, bidi marks, soft hyphen, BOM) are invisible: Arimo would draw most as a box.
      const raw = text.slice(pieceStart, end).replace(NEWLINES, "").replace(/\p{Cf}/gu, "");
      pieceStart = end;
      if (!raw) return;
      const run = runs[runAt[end - 1]!]!;
      const space = SPACE.test(raw);
      const piece = space ? raw.replace(/\t/g, " ") : raw;
      chunk.push({ text: piece, run, space, width: measurer.width(piece, run.face, run.size) });
    };
    for (let index = start + 1; index < next.position; index += 1) {
      const changesRun = runAt[index] !== runAt[index - 1];
      const meetsSpace = SPACE.test(text[index]!) !== SPACE.test(text[index - 1]!);
      if (changesRun || meetsSpace) flush(index);
    }
    flush(next.position);
    if (chunk.length > 0) result.push(chunk);
    if (next.required && HAS_NEWLINE.test(text.slice(start, next.position))) result.push("break");
    start = next.position;
  }
  return result;
}

/** A word wider than the line is cut between characters, as Word does. */
function splitWord(piece: Piece, available: number, measurer: Measurer): Piece[] {
  const parts: Piece[] = [];
  let current = "";
  let width = 0;
  for (const character of piece.text) {
    const characterWidth = measurer.width(character, piece.run.face, piece.run.size);
    if (current && width + characterWidth > available) {
      parts.push({ ...piece, text: current, width });
      current = "";
      width = 0;
    }
    current += character;
    width += characterWidth;
  }
  if (current) parts.push({ ...piece, text: current, width });
  return parts;
}

function trimSpaces(pieces: Piece[]): Piece[] {
  let start = 0;
  let end = pieces.length;
  while (start < end && pieces[start]!.space) start += 1;
  while (end > start && pieces[end - 1]!.space) end -= 1;
  return pieces.slice(start, end);
}

const inkWidth = (chunk: Chunk) => trimSpaces(chunk).reduce((sum, piece) => sum + piece.width, 0);
const fullWidth = (chunk: Chunk) => chunk.reduce((sum, piece) => sum + piece.width, 0);

/** Breaks a block into lines `width` points wide, less its indents. */
export function layoutBlock(block: Block, width: number, measurer: Measurer): LaidBlock {
  const available = Math.max(width - block.indentLeft - block.indentRight, 20);
  const lines: Line[] = [];
  let current: Piece[] = [];
  let currentWidth = 0;
  const sizes = [...block.runs, ...(block.marker ? [block.marker.run] : [])];
  const fallback = block.runs[0] ?? block.marker?.run ?? { face: "regular" as const, size: 11, text: "" };
  const finish = (last: boolean) => {
    // The spaces before a break end the line, where they take no room.
    const kept = trimSpaces(current);
    const runs = kept.length > 0 ? kept.map((piece) => piece.run) : sizes.length > 0 ? sizes : [fallback];
    let height = 0;
    let solidHeight = 0;
    let ascent = 0;
    for (const run of runs) {
      const metrics = measurer.metrics(run.face, run.size);
      // Word and LibreOffice count line heights in whole twips (1/20 pt), cut down: 40 lines then end where theirs do.
      height = Math.max(height, Math.floor(Math.round(metrics.lineHeight * 20) * block.lineSpacing) / 20);
      solidHeight = Math.max(solidHeight, metrics.lineHeight);
      ascent = Math.max(ascent, metrics.ascent);
    }
    lines.push({ pieces: kept, height, solidHeight, ascent, last });
    current = [];
    currentWidth = 0;
  };
  const place = (chunk: Chunk) => {
    current.push(...chunk);
    currentWidth += fullWidth(chunk);
  };
  for (const chunk of chunks(block.runs, measurer)) {
    if (chunk === "break") {
      finish(true);
      continue;
    }
    const ink = inkWidth(chunk);
    if (currentWidth + ink <= available + 0.01) {
      place(chunk);
      continue;
    }
    if (trimSpaces(current).length > 0) finish(false);
    if (ink <= available + 0.01) {
      place(chunk);
      continue;
    }
    // Wider than a whole line: cut between characters, filling each line.
    for (const piece of chunk) {
      if (piece.space) {
        place([piece]);
        continue;
      }
      for (const part of splitWord(piece, available, measurer)) {
        if (trimSpaces(current).length > 0 && currentWidth + part.width > available + 0.01) finish(false);
        place([part]);
      }
    }
  }
  finish(true);
  return { block, lines };
}

/** Where a block's lines go: the page and the top of each line, filled in by `paginate`. */
export interface Placement {
  laid: LaidBlock;
  /** One entry per line: page index and the line's top in points. */
  positions: { page: number; top: number }[];
}

export interface PageFrame {
  /** Top of the body on a page (below the letterhead) and bottom (above the footer), in points from the top. */
  top(page: number): number;
  bottom: number;
}

const ORPHAN_LINES = 2;

/**
 * Places blocks on pages as Word does: between two blocks goes the larger of the first's
 * space after and the second's space before (they do not add up); space before is dropped
 * at the top of a page but the first; a paragraph is
 * not split to leave one line alone (widow and orphan control); a `keepNext` block
 * moves to the next page with the first lines of the block after it.
 */
export function paginate(laidBlocks: LaidBlock[], frame: PageFrame): { placements: Placement[]; pages: number } {
  const placements: Placement[] = laidBlocks.map((laid) => ({ laid, positions: [] }));
  const linesHeight = (lines: Line[]) => lines.reduce((sum, line) => sum + line.height, 0);
  let page = 0;
  // The bottom of the last line placed, and the space after its block, not yet spent.
  let y = frame.top(0);
  let pendingAfter = 0;
  let atPageTop = true;
  const newPage = () => {
    page += 1;
    y = frame.top(page);
    pendingAfter = 0;
    atPageTop = true;
  };
  const gapBefore = (index: number) => {
    const { spaceBefore } = laidBlocks[index]!.block;
    if (atPageTop) return page === 0 && index === 0 ? spaceBefore : 0;
    return Math.max(pendingAfter, spaceBefore);
  };
  // Height a block needs on this page to start here: its first lines, or all of it and what follows when kept with the next.
  const neededToStart = (index: number, gap: number): number => {
    const { block, lines } = laidBlocks[index]!;
    const top = gap + (block.borderTop ?? 0);
    if (block.keepNext && index + 1 < laidBlocks.length) {
      const next = laidBlocks[index + 1]!.block;
      return top + linesHeight(lines) + (block.borderBottom ?? 0) + neededToStart(index + 1, Math.max(block.spaceAfter, next.spaceBefore));
    }
    const first = lines.length <= ORPHAN_LINES + 1 ? lines : lines.slice(0, ORPHAN_LINES);
    return top + linesHeight(first) - first[first.length - 1]!.height + first[first.length - 1]!.solidHeight;
  };
  for (const [index, placement] of placements.entries()) {
    const { block, lines } = placement.laid;
    if (!atPageTop) {
      const needed = neededToStart(index, gapBefore(index));
      // A chain of kept blocks taller than a page starts where it is, as Word gives up on it too.
      const fitsOnAPage = needed - gapBefore(index) <= frame.bottom - frame.top(page + 1);
      if (needed > frame.bottom - y + 0.01 && fitsOnAPage) newPage();
    }
    y += gapBefore(index) + (block.borderTop ?? 0);
    for (const [lineIndex, line] of lines.entries()) {
      const overflows = y + line.solidHeight > frame.bottom + 0.01;
      // Do not leave the paragraph's last line alone at the top of the next page.
      const widow =
        lines.length - lineIndex === 2 && lineIndex >= ORPHAN_LINES && y + line.height + lines[lineIndex + 1]!.solidHeight > frame.bottom + 0.01;
      if ((overflows || widow) && !atPageTop) newPage();
      placement.positions.push({ page, top: y });
      y += line.height;
      atPageTop = false;
    }
    y += block.borderBottom ?? 0;
    pendingAfter = block.spaceAfter;
  }
  return { placements, pages: page + 1 };
}

/** Draws one line: pieces from `left`, stretched to `width` when justified and not the last line. */
export function drawLine(doc: PDFKit.PDFDocument, measurer: Measurer, line: Line, block: Block, left: number, width: number, top: number): void {
  const available = width - block.indentLeft - block.indentRight;
  const content = line.pieces.reduce((sum, piece) => sum + piece.width, 0);
  const spaces = line.pieces.filter((piece) => piece.space).length;
  const stretch = block.align === "justify" && !line.last && spaces > 0 ? Math.max(available - content, 0) / spaces : 0;
  let x = left + block.indentLeft;
  if (block.align === "center") x += Math.max(available - content, 0) / 2;
  if (block.align === "right") x += Math.max(available - content, 0);
  const baseline = top + line.ascent;
  let link: { href: string; x: number; end: number; run: Run } | null = null;
  const closeLink = () => {
    if (!link) return;
    const { href, run } = link;
    const { ascent } = measurer.metrics(run.face, run.size);
    doc.link(link.x, baseline - ascent, link.end - link.x, run.size * 1.15, href);
    doc
      .save()
      .lineWidth(Math.max(run.size / 16, 0.5))
      .strokeColor(run.color ?? "#000000")
      .moveTo(link.x, baseline + run.size * 0.12)
      .lineTo(link.end, baseline + run.size * 0.12)
      .stroke()
      .restore();
    link = null;
  };
  for (const piece of line.pieces) {
    const href = piece.run.link;
    if (link && link.href !== href) closeLink();
    if (href && !link) link = { href, x, end: x, run: piece.run };
    if (!piece.space) {
      const { ascent } = measurer.metrics(piece.run.face, piece.run.size);
      doc
        .font(FONT_FACES[piece.run.face].name)
        .fontSize(piece.run.size)
        .fillColor(piece.run.color ?? "#000000")
        .text(piece.text, x, baseline - ascent, { lineBreak: false });
    }
    x += piece.width + (piece.space ? stretch : 0);
    if (link) link.end = x;
  }
  closeLink();
}
