import type { Bulletin } from "../../shared/bulletin/schema";
import type { Paragraph, PhrasingContent, Text } from "mdast";
import { toMarkdown, type Handlers } from "mdast-util-to-markdown";
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

// Nesting is fixed (link outside bold outside italic) so the same body always gives the same text.
const NESTING = ["link", "bold", "italic"] as const;

function markKey(node: InlineNode, type: MarkType): string | null {
  const mark = (node.marks ?? []).find((candidate) => candidate.type === type);
  if (!mark) return null;
  return mark.type === "link" ? mark.attrs.href : type;
}

/** Consecutive nodes that share the same key, in order. */
function groupBy(nodes: InlineNode[], keyOf: (node: InlineNode) => string | null): { key: string | null; nodes: InlineNode[] }[] {
  const groups: { key: string | null; nodes: InlineNode[] }[] = [];
  for (const node of nodes) {
    const key = keyOf(node);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.nodes.push(node);
    else groups.push({ key, nodes: [node] });
  }
  return groups;
}

function leaf(node: InlineNode): PhrasingContent {
  return node.type === "text" ? { type: "text", value: node.text } : { type: "break" };
}

// `** a**` is not emphasis in CommonMark: edge spaces and hard breaks go outside the delimiters, as a
// person writes them (mdast-util-to-markdown would otherwise write them as `&#x20;`).
function peelEdges(children: PhrasingContent[]): { before: PhrasingContent[]; inner: PhrasingContent[]; after: PhrasingContent[] } {
  const inner = [...children];
  const before: PhrasingContent[] = [];
  const after: PhrasingContent[] = [];
  for (;;) {
    const first = inner[0];
    if (first?.type === "break") before.push(inner.shift()!);
    else if (first?.type === "text" && /^[ \t]/.test(first.value)) {
      const text = first.value.replace(/^[ \t]+/, "");
      before.push({ type: "text", value: first.value.slice(0, first.value.length - text.length) });
      if (text) inner[0] = { type: "text", value: text };
      else inner.shift();
    } else break;
  }
  for (;;) {
    const last = inner[inner.length - 1];
    if (last?.type === "break") after.unshift(inner.pop()!);
    else if (last?.type === "text" && /[ \t]$/.test(last.value)) {
      const text = last.value.replace(/[ \t]+$/, "");
      after.unshift({ type: "text", value: last.value.slice(text.length) });
      if (text) inner[inner.length - 1] = { type: "text", value: text };
      else inner.pop();
    } else break;
  }
  return { before, inner, after };
}

function phrasing(nodes: InlineNode[], level: number): PhrasingContent[] {
  const type = NESTING[level];
  if (!type) return nodes.map(leaf);
  return groupBy(nodes, (node) => markKey(node, type)).flatMap(({ key, nodes: group }): PhrasingContent[] => {
    const children = phrasing(group, level + 1);
    if (key === null) return children;
    if (type === "link") return [{ type: "link", url: key, children }];
    const { before, inner, after } = peelEdges(children);
    if (inner.length === 0) return children;
    return [...before, type === "bold" ? { type: "strong", children: inner } : { type: "emphasis", children: inner }, ...after];
  });
}

// Text is escaped as the headline and highlights are (markdown-escape.ts), `con\_guion` and `\[seis\]`
// included, and `&` where it would read as a character reference (`\&amp;`).
const handlers: Partial<Handlers> = {
  text: (node: Text) => escapeMarkdownInline(node.value).replace(/&(?=#?[0-9A-Za-z]+;)/g, "\\&"),
};

/** Inline content as Markdown (mdast-util-to-markdown): `**bold**`, `*italic*`, `[text](href)`, hard break as `\` + newline. */
export function renderMarkdownInline(nodes: InlineNode[]): string {
  if (nodes.length === 0) return "";
  const paragraph: Paragraph = { type: "paragraph", children: phrasing(nodes, 0) };
  return toMarkdown(paragraph, { emphasis: "*", strong: "*", resourceLink: true, handlers }).replace(/\n$/, "");
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
