import type { List, ListItem, RootContent } from "mdast";
import type { BlockNode, ListItemNode, ParagraphNode } from "../../shared/bulletin/body-schema";
import { escapeMarkdownLineStart } from "../../shared/bulletin/markdown-escape";
import { countMarkup, inlineFromPhrasing, readMarkdownTree } from "./inline-markdown";

/**
 * Body lines → body blocks. CommonMark (micromark, see inline-markdown.ts) reads
 * paragraphs, lists, quotes and marks; this file keeps only what the office's
 * bulletins do that CommonMark does not:
 * - `·`, `•`, `●`, `▪`, `–` open a list item like `-`, and any bullet continues the
 *   list of another (`- a` then `* b` is one list), as `1.` and `1)` do;
 * - a blank line between two items ends the list: two lists stay two lists;
 * - a line after a `\` line end continues the paragraph, even `- no es lista`;
 * - `<!-- -->`, `***` and a marker alone are empty lines, headings plain paragraphs.
 */

/** How deep quotes and lists may nest; deeper ones are read as their paragraphs. */
const MAX_DEPTH = 16;

export interface ListMarker {
  ordered: boolean;
  number: number;
  /** Columns a continuation line of the item is indented by. */
  contentIndent: number;
  /** The item's text on the marker line. */
  rest: string;
}

const BULLET_CHARACTERS = "-*+·•●▪–";
const OFFICE_BULLETS = "·•●▪–";
const BULLET = /^( {0,3})([-*·•●▪–])(\s+)(\S.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])(\s+)(\S.*)$/;
const LONE_MARKER = /^ {0,3}(?:[-*·•●▪–]|\d{1,9}[.)])\s*$/;
const QUOTE = /^ {0,3}>/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SEPARATOR = /^ {0,3}<!--.*-->\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export const isBlank = (line: string) => line.trim() === "";

const MARKER_STARTS = new Set([..."-+*_·•●▪–>#<0123456789"]);

// Most lines start with a letter; only these first characters can make a line anything but text.
function mayBeMarkup(line: string): boolean {
  let index = 0;
  while (index < line.length && /\s/.test(line[index]!)) index++;
  return index === line.length || MARKER_STARTS.has(line[index]!);
}

/** A line that carries nothing: blank, `<!-- -->`, `***`, or a list marker alone. */
export function isEmptyBlockLine(line: string): boolean {
  if (!mayBeMarkup(line)) return false;
  return isBlank(line) || SEPARATOR.test(line) || THEMATIC_BREAK.test(line) || LONE_MARKER.test(line);
}

/** `- texto`, `· texto`, `1. texto`…; null for any other line. */
export function matchListMarker(line: string): ListMarker | null {
  if (!mayBeMarkup(line)) return null;
  const bullet = BULLET.exec(line);
  if (bullet) {
    const [, indent = "", , spaces = "", rest = ""] = bullet;
    return { ordered: false, number: 0, contentIndent: indent.length + 1 + (spaces.length > 4 ? 1 : spaces.length), rest };
  }
  const ordered = ORDERED.exec(line);
  if (ordered) {
    const [, indent = "", digits = "", , spaces = "", rest = ""] = ordered;
    const width = indent.length + digits.length + 1;
    return { ordered: true, number: Number(digits), contentIndent: width + (spaces.length > 4 ? 1 : spaces.length), rest };
  }
  return null;
}

/** True for a line that opens a block of its own (quote, list item, heading, separator). */
export function startsBlock(line: string): boolean {
  if (!mayBeMarkup(line)) return false;
  return QUOTE.test(line) || matchListMarker(line) !== null || HEADING.test(line) || isEmptyBlockLine(line);
}

/** True when the line ends with an unescaped backslash: a hard break follows. */
function endsWithHardBreak(line: string): boolean {
  let count = 0;
  while (count < line.length && line[line.length - 1 - count] === "\\") count++;
  return count % 2 === 1;
}

const isSpace = (character: string | undefined) => character === " " || character === "\t";
const isOfficeBullet = (character: string | undefined) => character !== undefined && character !== "" && OFFICE_BULLETS.includes(character);

/** The length of the first `limit` `>` markers opening a line, with their spaces. */
function quotePrefixLength(line: string, limit = Infinity): number {
  let index = 0;
  for (let depth = 0; depth < limit; depth++) {
    let next = index;
    while (next - index < 3 && line[next] === " ") next++;
    if (line[next] !== ">") return index;
    index = next + 1;
    if (isSpace(line[index])) index++;
  }
  return index;
}

function quoteDepth(line: string): number {
  let depth = 0;
  for (let index = 0; index < line.length && (line[index] === ">" || isSpace(line[index])); index++) if (line[index] === ">") depth++;
  return depth;
}

// A line after a `\` line end is text of that paragraph, whatever it starts with; only the quote
// markers of the line before go on being markers.
function continuationLine(line: string, quotes: number): string {
  const prefix = quotePrefixLength(line, quotes);
  const rest = line.slice(prefix).trimStart();
  if (isOfficeBullet(rest[0])) return line.slice(0, prefix) + rest;
  // The exporter's `\·` (a bullet as text): inside a paragraph the bullet is text anyway.
  if (rest[0] === "\\" && isOfficeBullet(rest[1])) return line.slice(0, prefix) + rest.slice(1);
  const escaped = rest[0] === "*" && (rest.length === 1 || isSpace(rest[1])) ? `\\${rest}` : escapeMarkdownLineStart(rest);
  return line.slice(0, prefix) + escaped;
}

// The office's bullets as CommonMark's `-`, at every container a line opens (`> · x`, `- · x`).
function normalizeMarkers(line: string): string {
  let result = "";
  let index = 0;
  for (;;) {
    const start = index;
    while (index - start < 3 && line[index] === " ") index++;
    const character = line[index];
    if (character === undefined) break;
    const next = line[index + 1];
    if (character === ">") {
      index++;
    } else if (BULLET_CHARACTERS.includes(character) && (isSpace(next) || next === undefined)) {
      index++;
      result += isOfficeBullet(character) ? `${line.slice(start, index - 1)}-` : line.slice(start, index);
      continue;
    } else if (character === "\\" && isOfficeBullet(next)) {
      // `\·` is the exporter's escape of a bullet CommonMark does not know: the bullet as text.
      return `${result}${line.slice(start, index)}${line.slice(index + 1)}`;
    } else {
      const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(index, index + 11));
      if (!ordered) break;
      index += ordered[0].length;
    }
    result += line.slice(start, index);
  }
  return result + line.slice(result.length);
}

/** The lines as the office's Markdown reads them in CommonMark: bullets, empty lines, hard-break continuations. */
function officeLines(lines: string[]): string[] {
  const result: string[] = [];
  let afterHardBreak = false;
  let quotes = 0;
  for (const raw of lines) {
    // Trailing spaces mean nothing in a bulletin (two of them are a hard break in CommonMark).
    const line = raw.trimEnd();
    const continuing = afterHardBreak && line !== "";
    let read: string;
    if (continuing) {
      const rest = line.slice(quotePrefixLength(line, quotes));
      read = mayBeMarkup(rest) || rest.trimStart().startsWith("\\") ? continuationLine(line, quotes) : line;
    }
    else if (isEmptyBlockLine(line)) read = "";
    else read = mayBeMarkup(line) || line.trimStart().startsWith("\\") ? normalizeMarkers(line) : line;
    // The quote markers a continuation line may carry: those of the line that began the paragraph.
    if (!continuing) quotes = quoteDepth(read);
    afterHardBreak = endsWithHardBreak(read);
    result.push(read);
  }
  return result;
}

// ---------- bounded reading: CommonMark where it is cheap, plain text past a budget ----------

const BLOCK_MARKUP = new Set([..."-+*>#0123456789·•●▪–"]);
const INLINE_MARKUP = /[\\*_[\]&<`]/;
// micromark costs about 0.25 µs a character, 40 µs a line and 6 µs a delimiter on a busy CI machine:
// past this budget (in µs, some 35 KB of a real bulletin's prose) a body's remaining chunks are read
// as plain paragraphs, so 100 KB of `- x` or of bold-strewn prose stays well under 50 ms.
const BUDGET = 9_000;
// micromark slows down on long documents (its event lists are spliced): it reads a few KB at a time.
const BATCH_LENGTH = 4_000;

function chunkCost(chunk: string, lineCount: number): number {
  return 20 + chunk.length / 4 + 40 * lineCount + 6 * countMarkup(chunk);
}

/** A run of lines without markup, blank lines or markers: one paragraph, read without micromark. */
function isPlainParagraph(lines: string[]): boolean {
  return lines.every((line) => {
    const first = line.trimStart()[0];
    return first !== undefined && !BLOCK_MARKUP.has(first) && !INLINE_MARKUP.test(line);
  });
}

function plainParagraph(lines: string[]): ParagraphNode | null {
  const text = lines
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
  return text ? { type: "paragraph", content: [{ type: "text", text }] } : null;
}

/** Over the budget: each run of lines between blank ones is a paragraph of its text, markers and all. */
function literalBlocks(lines: string[]): BlockNode[] {
  const blocks: BlockNode[] = [];
  let run: string[] = [];
  for (const line of [...lines, ""]) {
    if (line !== "") {
      run.push(line);
      continue;
    }
    const paragraph = plainParagraph(run);
    if (paragraph) blocks.push(paragraph);
    run = [];
  }
  return blocks;
}

/** Splits where nothing can continue: a blank line, then a line at the margin. */
function chunksOf(lines: string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line !== "" && index > 0 && lines[index - 1] === "" && !isSpace(line[0])) {
      if (current.some((text) => text !== "")) chunks.push(current);
      current = [];
    }
    current.push(line);
  }
  if (current.some((text) => text !== "")) chunks.push(current);
  return chunks;
}

// ---------- mdast → body ----------

function paragraphOf(children: Parameters<typeof inlineFromPhrasing>[0], source: string): ParagraphNode | null {
  const content = inlineFromPhrasing(children, source);
  return content.length > 0 ? { type: "paragraph", content } : null;
}

// The number an ordered item was written with, for a list split at a blank line.
function itemNumber(item: ListItem, source: string): number {
  const offset = item.position?.start.offset ?? 0;
  const match = /^\s*(\d{1,9})/.exec(source.slice(offset, offset + 16));
  return match ? Number(match[1]) : 1;
}

/** The items of a list in runs without a blank line between them: each run is a list. */
function itemRuns(list: List): ListItem[][] {
  const runs: ListItem[][] = [];
  let previousEnd = -1;
  for (const item of list.children) {
    const start = item.position?.start.line ?? 0;
    if (runs.length === 0 || start > previousEnd + 1) runs.push([]);
    runs[runs.length - 1]!.push(item);
    previousEnd = item.position?.end.line ?? start;
  }
  return runs;
}

function listBlocks(list: List, source: string, depth: number): BlockNode[] {
  const blocks: BlockNode[] = [];
  for (const run of itemRuns(list)) {
    const items: ListItemNode[] = [];
    for (const item of run) {
      const content = blocksOf(item.children, source, depth + 1);
      if (content.length === 0) continue;
      // The editor's list item opens with a paragraph: `- - x` or `- > cita` would be refused when saved.
      if (content[0]!.type !== "paragraph") content.unshift({ type: "paragraph" });
      items.push({ type: "listItem", content });
    }
    if (items.length === 0) continue;
    if (!list.ordered) {
      blocks.push({ type: "bulletList", content: items });
      continue;
    }
    const start = itemNumber(run[0]!, source);
    blocks.push(start === 1 ? { type: "orderedList", content: items } : { type: "orderedList", attrs: { start }, content: items });
  }
  return blocks;
}

/**
 * Lists CommonMark splits at a change of marker (`- a` then `* b`, `1.` then `2)`) and no blank
 * line between them: one list, as the office writes them.
 */
function joinAdjacentLists(nodes: RootContent[]): RootContent[] {
  const joined: RootContent[] = [];
  for (const node of nodes) {
    const previous = joined[joined.length - 1];
    const adjacent = (previous?.position?.end.line ?? -2) + 1 === node.position?.start.line;
    if (node.type === "list" && previous?.type === "list" && previous.ordered === node.ordered && adjacent) {
      joined[joined.length - 1] = { ...previous, children: [...previous.children, ...node.children], position: { start: previous.position!.start, end: node.position!.end } };
    } else {
      joined.push(node);
    }
  }
  return joined;
}

function blocksOf(nodes: RootContent[], source: string, depth: number): BlockNode[] {
  const blocks: BlockNode[] = [];
  for (const node of joinAdjacentLists(nodes)) {
    switch (node.type) {
      case "paragraph":
      case "heading": {
        const paragraph = paragraphOf(node.children, source);
        if (paragraph) blocks.push(paragraph);
        break;
      }
      case "blockquote": {
        const content = blocksOf(node.children, source, depth + 1);
        if (depth >= MAX_DEPTH) blocks.push(...content);
        else if (content.length > 0) blocks.push({ type: "blockquote", content });
        break;
      }
      case "list":
        if (depth >= MAX_DEPTH) for (const item of node.children) blocks.push(...blocksOf(item.children, source, depth + 1));
        else blocks.push(...listBlocks(node, source, depth));
        break;
      default:
        // A thematic break is an empty line; nothing else is read in the dialect.
        break;
    }
  }
  return blocks;
}

/**
 * Markdown block lines → body blocks: paragraphs, bullet and ordered lists (nested,
 * items of several paragraphs, a start other than 1), quotes, inline marks; never
 * throws. Deeper than MAX_DEPTH, quotes and lists are read as their paragraphs;
 * past a reading budget, the rest as plain paragraphs.
 */
export function parseMarkdownBlocks(lines: string[], warnings?: string[]): BlockNode[] {
  const blocks: BlockNode[] = [];
  let literal = false;
  let budget = BUDGET;
  // Chunks read together: micromark pays per call, and chunks end at a blank line, so reading them
  // together reads the same (lists that a blank line separates are told apart by itemRuns).
  let batch: string[] = [];
  let batchLength = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const source = batch.join("\n\n");
    blocks.push(...blocksOf(readMarkdownTree(source).children, source, 0));
    batch = [];
    batchLength = 0;
  };
  for (const chunk of chunksOf(officeLines(lines))) {
    let end = chunk.length;
    while (end > 0 && chunk[end - 1] === "") end--;
    const written = chunk.slice(0, end);
    if (isPlainParagraph(written)) {
      flush();
      const paragraph = plainParagraph(written);
      if (paragraph) blocks.push(paragraph);
      continue;
    }
    const source = written.join("\n");
    const cost = chunkCost(source, written.length);
    if (cost > budget) {
      flush();
      blocks.push(...literalBlocks(written));
      literal = true;
      continue;
    }
    budget -= cost;
    batch.push(source);
    batchLength += source.length;
    if (batchLength > BATCH_LENGTH) flush();
  }
  flush();
  if (literal) warnings?.push("El texto es muy largo y con mucho formato: el final del cuerpo se leyó como texto simple (sin negritas, cursivas, enlaces ni listas); revíselo.");
  return blocks;
}
