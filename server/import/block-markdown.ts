import type { BlockNode, ListItemNode, ParagraphNode } from "../../shared/bulletin/body-schema";
import { parseInlineMarkdown } from "./inline-markdown";

/**
 * Body lines → Tiptap blocks: paragraphs (consecutive lines joined with a space,
 * `\` at a line end is a hard break), `- `/`· `/`• `/`* ` bullet lists, `1. `
 * ordered lists, `> ` quotes. A list item's further blocks are indented by the
 * width of its marker; a blank line not followed by such an indented line ends
 * the list, so two lists separated by a blank line stay two lists.
 */

/** How deep quotes and lists may nest before their markers are read as text. */
const MAX_DEPTH = 16;

export interface ListMarker {
  ordered: boolean;
  number: number;
  /** Columns a continuation line of the item is indented by. */
  contentIndent: number;
  /** The item's text on the marker line. */
  rest: string;
}

const BULLET = /^( {0,3})([-*·•●▪–])(\s+)(\S.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])(\s+)(\S.*)$/;
const LONE_MARKER = /^ {0,3}(?:[-*·•●▪–]|\d{1,9}[.)])\s*$/;
const QUOTE = /^ {0,3}>/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SEPARATOR = /^ {0,3}<!--.*-->\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export const isBlank = (line: string) => line.trim() === "";

const MARKER_STARTS = new Set([..."-*_·•●▪–>#<0123456789"]);

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

// Only a list starting at 1 may cut a paragraph, so a wrapped line `2024. Además…` stays text.
function interruptsParagraph(line: string): boolean {
  if (!mayBeMarkup(line)) return false;
  const marker = matchListMarker(line);
  if (marker) return !marker.ordered || marker.number === 1;
  return QUOTE.test(line) || HEADING.test(line) || isEmptyBlockLine(line);
}

function indentation(line: string): number {
  return line.length - line.trimStart().length;
}

/** True when the line ends with an unescaped backslash: a hard break follows. */
export function endsWithHardBreak(line: string): boolean {
  const trimmed = line.trimEnd();
  let count = 0;
  while (count < trimmed.length && trimmed[trimmed.length - 1 - count] === "\\") count++;
  return count % 2 === 1;
}

/** The inline source of a paragraph: soft line ends become spaces, `\` line ends hard breaks. */
export function paragraphSource(lines: string[]): string {
  let source = "";
  // Tracked, not read back with endsWith(): that flattens the growing string every line (quadratic).
  let afterBreak = true;
  for (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    if (!afterBreak) source += " ";
    source += text;
    afterBreak = endsWithHardBreak(text);
    if (afterBreak) source += "\n";
  }
  return source;
}

/** A paragraph of the given lines, or null when they hold no text. */
export function paragraphFromLines(lines: string[]): ParagraphNode | null {
  const content = parseInlineMarkdown(paragraphSource(lines));
  return content.length > 0 ? { type: "paragraph", content } : null;
}

function stripQuote(line: string): string {
  return line.replace(/^ {0,3}> ?/, "");
}

function parseList(lines: string[], start: number, depth: number, blocks: BlockNode[]): number {
  const first = matchListMarker(lines[start]!)!;
  const items: ListItemNode[] = [];
  let index = start;
  while (index < lines.length) {
    const marker = matchListMarker(lines[index]!);
    if (!marker || marker.ordered !== first.ordered) break;
    const itemLines = [marker.rest];
    index++;
    while (index < lines.length) {
      const line = lines[index]!;
      if (isBlank(line)) {
        let next = index + 1;
        while (next < lines.length && isBlank(lines[next]!)) next++;
        if (next >= lines.length || indentation(lines[next]!) < marker.contentIndent) break;
        for (; index < next; index++) itemLines.push("");
        continue;
      }
      if (indentation(line) >= marker.contentIndent) {
        itemLines.push(line.slice(marker.contentIndent));
        index++;
        continue;
      }
      // A wrapped line of the item's text, as PDFs and hand-typed lists have them.
      const previous = itemLines[itemLines.length - 1]!;
      if (!isBlank(previous) && (endsWithHardBreak(previous) || !startsBlock(line))) {
        itemLines.push(line.trimStart());
        index++;
        continue;
      }
      break;
    }
    const content = parseMarkdownBlocks(itemLines, depth + 1);
    // The editor's list item opens with a paragraph: `- - x` or `- > cita` would be refused when saved.
    if (content.length > 0 && content[0]!.type !== "paragraph") content.unshift({ type: "paragraph" });
    if (content.length > 0) items.push({ type: "listItem", content });
  }
  if (items.length > 0) {
    if (!first.ordered) blocks.push({ type: "bulletList", content: items });
    else if (first.number === 1) blocks.push({ type: "orderedList", content: items });
    else blocks.push({ type: "orderedList", attrs: { start: first.number }, content: items });
  }
  return index;
}

/** Markdown block lines → body blocks; never throws, nesting capped at MAX_DEPTH. */
export function parseMarkdownBlocks(lines: string[], depth = 0): BlockNode[] {
  const blocks: BlockNode[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isEmptyBlockLine(line)) {
      index++;
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      for (; index < lines.length && QUOTE.test(lines[index]!); index++) inner.push(stripQuote(lines[index]!));
      const content = parseMarkdownBlocks(inner, depth + 1);
      if (content.length > 0) blocks.push({ type: "blockquote", content });
      continue;
    }
    if (depth < MAX_DEPTH && matchListMarker(line)) {
      index = parseList(lines, index, depth, blocks);
      continue;
    }
    const heading = HEADING.exec(line);
    const paragraphLines = [heading ? heading[1]! : line];
    index++;
    while (!heading && index < lines.length) {
      const next = lines[index]!;
      if (isBlank(next)) break;
      if (!endsWithHardBreak(paragraphLines[paragraphLines.length - 1]!) && interruptsParagraph(next)) break;
      paragraphLines.push(next);
      index++;
    }
    const paragraph = paragraphFromLines(paragraphLines);
    if (paragraph) blocks.push(paragraph);
  }
  return blocks;
}
