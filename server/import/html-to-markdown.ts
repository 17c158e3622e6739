import { isHttpUrl, type InlineNode, type Mark } from "../../shared/bulletin/body-schema";
import { escapeMarkdownInline, escapeMarkdownLineStart } from "../../shared/bulletin/markdown-escape";

/**
 * The HTML mammoth makes of a DOCX → the Markdown lines parseBulletin reads.
 * Mammoth's HTML is small and well formed (p, h1–h6, ul/ol/li, strong, em, a,
 * br, table, img, sup/sub), so a tag scanner is enough.
 */

interface Element {
  tag: string;
  attributes: Record<string, string>;
  children: HtmlNode[];
}
type HtmlNode = Element | string;

/** A paragraph, or a list whose items hold blocks. */
export type HtmlBlock =
  | { kind: "paragraph"; content: InlineNode[] }
  | { kind: "list"; ordered: boolean; items: HtmlBlock[][] };

const VOID_TAGS = new Set(["br", "img", "hr", "col", "meta", "link", "input", "wbr"]);
const PARAGRAPH_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "dt", "dd"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Parses HTML into a tree; unknown or unbalanced closing tags are ignored. */
export function parseHtml(html: string): HtmlNode[] {
  const root: Element = { tag: "#root", attributes: {}, children: [] };
  const stack: Element[] = [root];
  const pattern = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|</g;
  for (const match of html.matchAll(pattern)) {
    const [whole, closing, tagName, attributeText = "", text] = match;
    const current = stack[stack.length - 1]!;
    if (text !== undefined || whole === "<") {
      current.children.push(decodeEntities(text ?? whole));
    } else if (tagName) {
      const tag = tagName.toLowerCase();
      if (closing) {
        const index = stack.map((element) => element.tag).lastIndexOf(tag);
        if (index > 0) stack.length = index;
        continue;
      }
      const attributes: Record<string, string> = {};
      for (const attribute of attributeText.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
        attributes[attribute[1]!.toLowerCase()] = decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? "");
      }
      const element: Element = { tag, attributes, children: [] };
      current.children.push(element);
      if (!VOID_TAGS.has(tag) && !attributeText.trim().endsWith("/")) stack.push(element);
    }
  }
  return root.children;
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

function collectInline(nodes: HtmlNode[], state: InlineState, output: InlineNode[]): void {
  for (const node of nodes) {
    if (typeof node === "string") {
      const text = node.replace(/[\u00A0\u202F\u2007]/g, " ").replace(/\s*\n\s*/g, " ");
      const last = output[output.length - 1];
      const marks = marksOf(state);
      if (!text) continue;
      if (last?.type === "text" && JSON.stringify(last.marks) === JSON.stringify(marks)) last.text += text;
      else output.push(marks ? { type: "text", text, marks } : { type: "text", text });
    } else if (node.tag === "br") {
      output.push({ type: "hardBreak" });
    } else if (node.tag !== "img") {
      const href = node.tag === "a" && node.attributes.href && isHttpUrl(node.attributes.href) ? node.attributes.href : null;
      collectInline(node.children, {
        bold: state.bold || node.tag === "strong" || node.tag === "b",
        italic: state.italic || node.tag === "em" || node.tag === "i",
        href: href ?? state.href,
      }, output);
    }
  }
}

function paragraphBlock(nodes: HtmlNode[], bold = false): HtmlBlock | null {
  const content: InlineNode[] = [];
  collectInline(nodes, { bold, italic: false, href: null }, content);
  return content.some((node) => node.type === "text" && node.text.trim()) ? { kind: "paragraph", content } : null;
}

/** The blocks of an HTML tree: paragraphs and (nested) lists; tables read cell by cell. */
export function htmlBlocks(nodes: HtmlNode[]): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let loose: HtmlNode[] = [];
  const flushLoose = () => {
    const block = paragraphBlock(loose);
    if (block) blocks.push(block);
    loose = [];
  };
  for (const node of nodes) {
    if (typeof node !== "string" && (node.tag === "ul" || node.tag === "ol")) {
      flushLoose();
      const items = node.children
        .filter((child): child is Element => typeof child !== "string" && child.tag === "li")
        .map((item) => htmlBlocks(item.children))
        .filter((item) => item.length > 0);
      if (items.length > 0) blocks.push({ kind: "list", ordered: node.tag === "ol", items });
    } else if (typeof node !== "string" && PARAGRAPH_TAGS.has(node.tag)) {
      flushLoose();
      const block = paragraphBlock(node.children, /^h\d$/.test(node.tag));
      if (block) blocks.push(block);
    } else if (typeof node !== "string" && /^(table|thead|tbody|tfoot|tr|td|th|div|section|blockquote|dl)$/.test(node.tag)) {
      flushLoose();
      blocks.push(...htmlBlocks(node.children));
    } else {
      loose.push(node);
    }
  }
  flushLoose();
  return blocks;
}

// Edge spaces stay outside the delimiters, as Word users select a word with its space.
function wrap(text: string, open: string, close: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return match[2] ? `${match[1]}${open}${match[2]}${close}${match[3]}` : text;
}

function hrefOf(node: InlineNode): string | null {
  const link = node.marks?.find((mark) => mark.type === "link");
  return link?.type === "link" ? link.attrs.href : null;
}

/** Inline nodes as Markdown that parseInlineMarkdown reads back. */
export function inlineToMarkdown(nodes: InlineNode[]): string {
  let markdown = "";
  let index = 0;
  while (index < nodes.length) {
    const href = hrefOf(nodes[index]!);
    let inner = "";
    for (; index < nodes.length && hrefOf(nodes[index]!) === href; index++) {
      const node = nodes[index]!;
      if (node.type === "hardBreak") {
        inner += "\\\n";
        continue;
      }
      const bold = node.marks?.some((mark) => mark.type === "bold") ? "**" : "";
      const italic = node.marks?.some((mark) => mark.type === "italic") ? "*" : "";
      inner += wrap(escapeMarkdownInline(node.text), bold + italic, italic + bold);
    }
    markdown += href ? `[${inner}](<${href.replace(/[<>\\]/g, (character) => `\\${character}`)}>)` : inner;
  }
  return markdown
    .split("\n")
    .map((line) => escapeMarkdownLineStart(line.trim()))
    .join("\n");
}

/** The text of inline nodes, marks and link targets dropped. */
export function inlineText(nodes: InlineNode[]): string {
  return nodes.map((node) => (node.type === "text" ? node.text : " ")).join("").trim();
}

/** Markdown lines of the blocks; `asPlainLine` paragraphs (date, number, label…) are written unescaped. */
export function blocksToMarkdown(blocks: HtmlBlock[], asPlainLine: (text: string) => boolean): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (lines.length > 0) lines.push("");
    if (block.kind === "paragraph") {
      const text = inlineText(block.content);
      const onlyLinks = block.content.every((node) => node.type === "text" && (node.marks?.some((mark) => mark.type === "link") || !node.text.trim()));
      if (onlyLinks) {
        const hrefs = block.content.flatMap((node) => node.marks?.flatMap((mark) => (mark.type === "link" ? [mark.attrs.href] : [])) ?? []);
        lines.push([...new Set(hrefs)].map((href) => `<${href}>`).join(" "));
      } else {
        lines.push(...(asPlainLine(text) ? text : inlineToMarkdown(block.content)).split("\n"));
      }
      continue;
    }
    block.items.forEach((item, position) => {
      const marker = block.ordered ? `${position + 1}. ` : "- ";
      const itemLines = blocksToMarkdown(item, () => false);
      itemLines.forEach((line, lineIndex) => {
        lines.push(lineIndex === 0 ? marker + line : line ? " ".repeat(marker.length) + line : "");
      });
    });
  }
  return lines;
}
