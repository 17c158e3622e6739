import type { Element, Root, RootContent as RootContentHast } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toMdast, type Handle } from "hast-util-to-mdast";
import type { Paragraph, PhrasingContent, RootContent } from "mdast";
import { isHttpUrl, type InlineNode, type Mark } from "../../shared/bulletin/body-schema";
import { escapeMarkdownLineStart } from "../../shared/bulletin/markdown-escape";
import { renderMarkdownInline } from "../export/markdown";

/**
 * The HTML mammoth makes of a DOCX → the Markdown lines parseBulletin reads.
 * hast-util-from-html parses it and hast-util-to-mdast turns it into mdast
 * (whitespace, entities, implicit paragraphs); tables go through our own
 * handler so they read as text. The mdast walk below writes the lines itself
 * because the bulletin needs line rules of its own (structural lines unescaped,
 * Word's nested lists tight); a paragraph's inline text is written by the
 * Markdown exporter's renderMarkdownInline.
 */

/** A paragraph, a list whose items hold blocks, or a quote. */
export type DocumentBlock =
  | { kind: "paragraph"; content: InlineNode[] }
  | { kind: "list"; ordered: boolean; items: DocumentBlock[][]; /** Made of paragraphs that opened with a typed bullet. */ typed?: boolean }
  | { kind: "quote"; blocks: DocumentBlock[] };

/** A table that held data (two cells with text in one row), written one paragraph per row. */
export interface TableRead {
  rows: number;
  columns: number;
}

export interface HtmlReading {
  blocks: DocumentBlock[];
  /** How many top-level paragraphs, lists and tables the document had, when more than MAX_BLOCKS were read. */
  droppedFrom: number | null;
  tables: TableRead[];
  /** The text of each footnote and endnote, which mammoth appends as a list; left out of the blocks. */
  notes: string[];
}

/**
 * The blocks read: each becomes at least two Markdown lines and parseBulletin
 * reads 5,000, so the rest of a longer document is not worth hast-util-to-mdast's time.
 */
export const MAX_BLOCKS = 2_500;

/** What joins the cells of a table row into one line. */
export const CELL_SEPARATOR = " — ";

type Flow = RootContent[];

function plainText(nodes: Flow): string {
  return nodes.map((node) => ("value" in node ? node.value : "children" in node ? plainText(node.children as Flow) : " ")).join("");
}

/** The phrasing of flow content: paragraphs, headings and list items joined by a space. */
function phrasingOf(nodes: Flow): PhrasingContent[] {
  const parts = nodes
    .map((node): PhrasingContent[] => {
      if (node.type === "paragraph" || node.type === "heading") return node.children;
      if (node.type === "text" || node.type === "strong" || node.type === "emphasis" || node.type === "link" || node.type === "delete") return [node];
      return "children" in node ? phrasingOf(node.children as Flow) : [];
    })
    .filter((part) => plainText(part).trim() !== "");
  return parts.flatMap((part, index): PhrasingContent[] => (index === 0 ? part : [{ type: "text", value: " " }, ...part]));
}

function rowsOf(table: Element): Element[][] {
  const rows: Element[][] = [];
  const visit = (element: Element) => {
    for (const child of element.children) {
      if (child.type !== "element") continue;
      if (child.tagName === "tr") rows.push(child.children.filter((cell): cell is Element => cell.type === "element" && (cell.tagName === "td" || cell.tagName === "th")));
      else if (child.tagName === "thead" || child.tagName === "tbody" || child.tagName === "tfoot") visit(child);
    }
  };
  visit(table);
  return rows;
}

/**
 * A layout table (at most one cell with text per row, as a bulletin laid out in
 * a one-cell frame) gives its cells' blocks; any other gives one paragraph per
 * row, the cells joined by CELL_SEPARATOR.
 */
function tableHandler(tables: TableRead[]): Handle {
  return (state, node): RootContent[] => {
    const before = tables.length;
    const rows = rowsOf(node).map((cells) => cells.map((cell): Flow => state.toFlow(state.all(cell))).filter((flow) => plainText(flow).trim() !== ""));
    const filled = rows.filter((cells) => cells.length > 0);
    if (filled.every((cells) => cells.length === 1)) return filled.flat(2);
    // Tables inside this one became text of its cells: one table to report.
    tables.length = before;
    tables.push({ rows: filled.length, columns: Math.max(...filled.map((cells) => cells.length)) });
    return filled.map((cells): Paragraph => ({
      type: "paragraph",
      children: cells.flatMap((flow, index): PhrasingContent[] => (index === 0 ? phrasingOf(flow) : [{ type: "text", value: CELL_SEPARATOR }, ...phrasingOf(flow)])),
    }));
  };
}

interface InlineState {
  bold: boolean;
  italic: boolean;
  href: string | null;
}

function marksOf(state: InlineState): Mark[] | undefined {
  const marks: Mark[] = [];
  if (state.href) marks.push({ type: "link", attrs: { href: state.href } });
  if (state.bold) marks.push({ type: "bold" });
  if (state.italic) marks.push({ type: "italic" });
  return marks.length > 0 ? marks : undefined;
}

function pushText(value: string, state: InlineState, output: InlineNode[]): void {
  const text = value.replace(/[\u00A0\u202F\u2007]/g, " ").replace(/\s*\n\s*/g, " ");
  if (!text) return;
  const marks = marksOf(state);
  const last = output[output.length - 1];
  if (last?.type === "text" && JSON.stringify(last.marks) === JSON.stringify(marks)) last.text += text;
  else output.push(marks ? { type: "text", text, marks } : { type: "text", text });
}

function collectInline(nodes: PhrasingContent[], state: InlineState, output: InlineNode[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case "text":
      case "inlineCode":
        pushText(node.value, state, output);
        break;
      case "break":
        output.push({ type: "hardBreak" });
        break;
      case "strong":
        collectInline(node.children, { ...state, bold: true }, output);
        break;
      case "emphasis":
        collectInline(node.children, { ...state, italic: true }, output);
        break;
      case "link":
        collectInline(node.children, { ...state, href: isHttpUrl(node.url) ? node.url : state.href }, output);
        break;
      case "delete":
        collectInline(node.children, state, output);
        break;
      default:
        // Images are listed in the warnings from the package itself; html and references carry no text.
        break;
    }
  }
}

function paragraph(nodes: PhrasingContent[], bold: boolean): DocumentBlock[] {
  const content: InlineNode[] = [];
  collectInline(nodes, { bold, italic: false, href: null }, content);
  return content.some((node) => node.type === "text" && node.text.trim()) ? [{ kind: "paragraph", content }] : [];
}

function blocksOf(nodes: Flow): DocumentBlock[] {
  return nodes.flatMap((node): DocumentBlock[] => {
    switch (node.type) {
      case "paragraph":
        return paragraph(node.children, false);
      case "heading":
        return paragraph(node.children, true);
      case "list": {
        const items = node.children.map((item) => blocksOf(item.children)).filter((item) => item.length > 0);
        return items.length > 0 ? [{ kind: "list", ordered: node.ordered === true, items }] : [];
      }
      case "blockquote": {
        const blocks = blocksOf(node.children);
        return blocks.length > 0 ? [{ kind: "quote", blocks }] : [];
      }
      case "code":
        return paragraph([{ type: "text", value: node.value }], false);
      default:
        return "children" in node ? blocksOf(node.children as Flow) : [];
    }
  });
}

/**
 * hast-util-to-mdast collapses spaces as a browser would; a Word paragraph keeps
 * them as typed. Runs become a space and no-break spaces, which pushText turns back.
 */
function keepSpaceRuns(node: Root | RootContentHast): void {
  if (node.type === "text") node.value = node.value.replace(/ {2,}/g, (run) => ` ${"\u00A0".repeat(run.length - 1)}`);
  else if ("children" in node) for (const child of node.children) keepSpaceRuns(child);
}

const NOTE_ID = /^(?:foot|end)note-\d+$/;
const NOTE_REFERENCE_ID = /^(?:foot|end)note-ref-\d+$/;

function hastText(node: Root | RootContentHast): string {
  if (node.type === "text") return node.value;
  return "children" in node ? node.children.map(hastText).join("") : "";
}

/** Takes mammoth's notes (`<li id="footnote-1">`) and their `[1]` references out of the tree; returns the notes' text. */
function takeNotes(node: Root | Element): string[] {
  const notes: string[] = [];
  node.children = node.children.filter((child) => {
    if (child.type !== "element") return true;
    const id = String(child.properties.id ?? "");
    if (child.tagName === "li" && NOTE_ID.test(id)) {
      notes.push(hastText(child).replace(/\s*↑\s*$/, "").replace(/\s+/g, " ").trim());
      return false;
    }
    const only = child.children.length === 1 ? child.children[0] : undefined;
    if (child.tagName === "sup" && only?.type === "element" && NOTE_REFERENCE_ID.test(String(only.properties.id ?? ""))) return false;
    notes.push(...takeNotes(child));
    return true;
  });
  return notes;
}

// A bullet typed (or pasted) at a paragraph's start instead of a Word list; U+F0B7 and U+F0A7 are Symbol's and Wingdings'.
const TYPED_BULLET = /^[•●▪◦·\uF0B7\uF0A7]\s+/u;

/** Consecutive paragraphs opening with a typed bullet become one list, as Word's own bullets do. */
function typedBulletLists(blocks: DocumentBlock[]): DocumentBlock[] {
  const result: DocumentBlock[] = [];
  for (const block of blocks) {
    const first = block.kind === "paragraph" ? block.content[0] : undefined;
    const glyph = first?.type === "text" ? TYPED_BULLET.exec(first.text) : null;
    if (block.kind !== "paragraph" || !first || first.type !== "text" || !glyph) {
      result.push(block);
      continue;
    }
    const rest = first.text.slice(glyph[0].length);
    const content = rest ? [{ ...first, text: rest }, ...block.content.slice(1)] : block.content.slice(1);
    const item: DocumentBlock[] = [{ kind: "paragraph", content }];
    const last = result[result.length - 1];
    if (last?.kind === "list" && !last.ordered && last.typed) last.items.push(item);
    else result.push({ kind: "list", ordered: false, items: [item], typed: true });
  }
  return result;
}

/** Reads mammoth's HTML into blocks, and says which tables were turned into text and which notes were left out. */
export function readMammothHtml(html: string): HtmlReading {
  const tables: TableRead[] = [];
  const hast = fromHtml(html, { fragment: true });
  const notes = takeNotes(hast).filter(Boolean);
  const total = hast.children.length;
  if (total > MAX_BLOCKS) hast.children = hast.children.slice(0, MAX_BLOCKS);
  keepSpaceRuns(hast);
  const tree = toMdast(hast, { handlers: { table: tableHandler(tables) } });
  const blocks = typedBulletLists("children" in tree ? blocksOf(tree.children as Flow) : []);
  return { blocks, droppedFrom: total > MAX_BLOCKS ? total : null, tables, notes };
}

/** A Word line break (Shift+Enter) in Markdown: a hard break, or a new line as in a text bulletin. */
export type LineBreak = "hard" | "line";

/**
 * Inline nodes as Markdown that parseInlineMarkdown reads back: the Markdown
 * exporter's own inline writer, so a Word paragraph and an exported one are
 * written, and read, alike.
 */
export function inlineToMarkdown(nodes: InlineNode[], lineBreak: LineBreak = "hard"): string {
  const content = lineBreak === "hard" ? nodes : nodes.map((node): InlineNode => (node.type === "hardBreak" ? { type: "text", text: "\n", ...(node.marks ? { marks: node.marks } : {}) } : node));
  return renderMarkdownInline(content)
    .split("\n")
    .map((line) => escapeMarkdownLineStart(line.trim()))
    .join("\n");
}

/** The text of inline nodes, marks and link targets dropped. */
export function inlineText(nodes: InlineNode[]): string {
  return nodes.map((node) => (node.type === "text" ? node.text : " ")).join("").trim();
}

/** The text of a block, a line break as "\n": a paragraph's text, "" for a list or a quote. */
export function blockText(block: DocumentBlock): string {
  if (block.kind !== "paragraph") return "";
  return block.content.map((node) => (node.type === "text" ? node.text : "\n")).join("").trim();
}

export interface MarkdownOptions {
  /** Paragraphs (date, number, label…) written as their text, unescaped. */
  asPlainLine: (text: string) => boolean;
  /** How many top blocks (the header: headline, sumario, dateline) write line breaks as new lines. */
  headerBlocks?: number;
}

/**
 * Markdown lines of the blocks. Inside a list item a nested list follows its
 * line directly, so Word's nested bullets stay one tight list.
 */
export function blocksToMarkdown(blocks: DocumentBlock[], options: MarkdownOptions, inItem = false): string[] {
  const { asPlainLine, headerBlocks = 0 } = options;
  const lines: string[] = [];
  for (const [index, block] of blocks.entries()) {
    if (lines.length > 0 && !(inItem && block.kind === "list")) lines.push("");
    if (block.kind === "paragraph") {
      const text = inlineText(block.content);
      const onlyLinks = block.content.every((node) => node.type === "text" && (node.marks?.some((mark) => mark.type === "link") || !node.text.trim()));
      if (onlyLinks) {
        const hrefs = block.content.flatMap((node) => node.marks?.flatMap((mark) => (mark.type === "link" ? [mark.attrs.href] : [])) ?? []);
        lines.push([...new Set(hrefs)].map((href) => `<${href}>`).join(" "));
      } else {
        lines.push(...(asPlainLine(text) ? text : inlineToMarkdown(block.content, index < headerBlocks ? "line" : "hard")).split("\n"));
      }
      continue;
    }
    if (block.kind === "quote") {
      lines.push(...blocksToMarkdown(block.blocks, { asPlainLine: () => false }).map((line) => (line ? `> ${line}` : ">")));
      continue;
    }
    block.items.forEach((item, position) => {
      const marker = block.ordered ? `${position + 1}. ` : "- ";
      const itemLines = blocksToMarkdown(item, { asPlainLine: () => false }, true);
      itemLines.forEach((line, lineIndex) => {
        lines.push(lineIndex === 0 ? marker + line : line ? " ".repeat(marker.length) + line : "");
      });
    });
  }
  return lines;
}
