import type { Bulletin } from "../../shared/bulletin/schema";
import type { InlineNode, Mark } from "../../shared/bulletin/body-schema";
import { escapeMarkdownInline, escapeMarkdownLineStart } from "../../shared/bulletin/markdown-escape";
import { isHttpUrl } from "../../shared/bulletin/web-link";
import { renderLayout, type LineFormat } from "./layout";
import type { ExportOptions } from "./options";

type MarkType = Mark["type"];

/** Escapes every line start, so no line of it reads as a list, quote, heading, fence or HTML. */
function escapeLines(markdown: string): string {
  return markdown
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdownLineStart(line))
    .join("\n");
}

const HARD_BREAK = "\\\n";

function hasMark(node: InlineNode, type: MarkType): boolean {
  return (node.marks ?? []).some((mark) => mark.type === type);
}

function linkHref(node: InlineNode): string | null {
  const link = (node.marks ?? []).find((mark) => mark.type === "link");
  return link?.type === "link" ? link.attrs.href : null;
}

/** Consecutive nodes that share the same key, in order. */
function groupBy<Key>(nodes: InlineNode[], keyOf: (node: InlineNode) => Key): { key: Key; nodes: InlineNode[] }[] {
  const groups: { key: Key; nodes: InlineNode[] }[] = [];
  for (const node of nodes) {
    const key = keyOf(node);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.nodes.push(node);
    else groups.push({ key, nodes: [node] });
  }
  return groups;
}

function renderLeaf(node: InlineNode): string {
  switch (node.type) {
    case "text":
      return escapeMarkdownInline(node.text);
    case "hardBreak":
      return HARD_BREAK;
  }
}

// `** a**` is not emphasis in CommonMark, so edge spaces go outside the delimiters; so do edge hard
// breaks, or a line of delimiters alone (`***`) would read as a thematic break. A scan, not a regex:
// a lazy regex would go quadratic on a long run of spaces.
function wrap(inner: string, delimiter: string): string {
  let start = 0;
  let end = inner.length;
  for (;;) {
    if (inner[start] === " " || inner[start] === "\t") start += 1;
    else if (inner.startsWith(HARD_BREAK, start)) start += HARD_BREAK.length;
    else break;
  }
  for (;;) {
    if (end <= start) break;
    if (inner[end - 1] === " " || inner[end - 1] === "\t") end -= 1;
    else if (end - HARD_BREAK.length >= start && inner.endsWith(HARD_BREAK, end)) end -= HARD_BREAK.length;
    else break;
  }
  if (end <= start) return inner;
  return `${inner.slice(0, start)}${delimiter}${inner.slice(start, end)}${delimiter}${inner.slice(end)}`;
}

// Nesting is fixed (link outside bold outside italic) so the same body always gives the same text.
function renderItalic(nodes: InlineNode[]): string {
  return groupBy(nodes, (node) => hasMark(node, "italic"))
    .map(({ key, nodes: group }) => {
      const inner = group.map(renderLeaf).join("");
      return key ? wrap(inner, "*") : inner;
    })
    .join("");
}

function renderBold(nodes: InlineNode[]): string {
  return groupBy(nodes, (node) => hasMark(node, "bold"))
    .map(({ key, nodes: group }) => (key ? wrap(renderItalic(group), "**") : renderItalic(group)))
    .join("");
}

/** A link destination the way CommonMark reads it back: `<…>` when it holds spaces or brackets. */
function renderHref(href: string): string {
  return /[\s()<>\\]/.test(href) ? `<${href.replace(/[<>\\]/g, (character) => `\\${character}`)}>` : href;
}

/** Inline content as Markdown: `**bold**`, `*italic*`, `[text](href)`, hard break as `\` + newline. */
export function renderMarkdownInline(nodes: InlineNode[]): string {
  return groupBy(nodes, linkHref)
    .map(({ key, nodes: group }) => (key === null ? renderBold(group) : `[${renderBold(group)}](${renderHref(key)})`))
    .join("");
}

const markdownFormat: LineFormat = {
  // The place is the writer's text: `# Falso` must not make the date line a heading.
  dateLine: (line) => escapeLines(escapeMarkdownInline(line)),
  // Label, closing mark and link section titles: `BOLETÍN DE PRENSA` and `---o0o---` come out as they are.
  profileLine: (line) => escapeLines(escapeMarkdownInline(line)),
  headline: (title) => escapeLines(escapeMarkdownInline(title)),
  highlight: (text) => `- **${escapeMarkdownInline(text)}**`,
  paragraph: (node) => escapeLines(renderMarkdownInline(node.content ?? [])),
  // In bold, like the highlights: it opens with `**`, so no line start of it needs escaping.
  bannerLine: (line) => `**${escapeMarkdownInline(line)}**`,
  // A stored link that is not a web address (older data) is text, not an autolink.
  mediaLink: (url) => (isHttpUrl(url) ? `<${url}>` : escapeLines(escapeMarkdownInline(url))),
  // The importer's convention (server/import/read-header.ts): an empty comment stands for "no highlights".
  noHighlightsMark: "<!-- -->",
};

/**
 * The bulletin as Markdown in the same layout as the text export: highlights as
 * `- **…**`, inline bold/italic/links kept, text escaped so that the importer
 * (server/import/parse-bulletin.ts) reads back exactly the same bulletin.
 * A draft starts with a `BORRADOR` line. Ends with a single newline.
 */
export function renderMarkdown(bulletin: Bulletin, options: ExportOptions): string {
  return renderLayout(bulletin, options, markdownFormat);
}
