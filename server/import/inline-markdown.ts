import { fromMarkdown } from "mdast-util-from-markdown";
import type { Nodes, PhrasingContent, Root } from "mdast";
import type { Extension } from "micromark-util-types";
import { isHttpUrl, type InlineNode, type Mark } from "../../shared/bulletin/body-schema";
import { unescapeMarkdown } from "../../shared/bulletin/markdown-escape";

/**
 * The office's Markdown, read by micromark (mdast-util-from-markdown): CommonMark
 * without what a bulletin never holds and plain text must not turn into. Indented
 * code would swallow a PDF's indented lines, `===` under a line would make it a
 * heading, `<div>` and `` ` `` would hide text, a `[1]: …` line would vanish.
 */
const BULLETIN_DIALECT: Extension = {
  disable: {
    null: ["codeIndented", "codeFenced", "codeText", "htmlFlow", "htmlText", "setextUnderline", "definition", "labelStartImage", "hardBreakTrailing"],
  },
};

/** Inline only: a line `- x` or `# x` after a hard break stays text of the paragraph. */
const INLINE_DIALECT: Extension = { disable: { null: ["blockQuote", "headingAtx", "list", "thematicBreak"] } };

/** The mdast tree of some Markdown in the office's dialect; `inline` reads it all as one paragraph. */
export function readMarkdownTree(source: string, inline = false): Root {
  return fromMarkdown(source, { extensions: inline ? [BULLETIN_DIALECT, INLINE_DIALECT] : [BULLETIN_DIALECT] });
}

interface MarkState {
  href: string | null;
  bold: boolean;
  italic: boolean;
}

// One order for the marks (link, bold, italic), so equal texts compare equal.
function marksFor(state: MarkState): Mark[] | undefined {
  const marks: Mark[] = [];
  if (state.href) marks.push({ type: "link", attrs: { href: state.href } });
  if (state.bold) marks.push({ type: "bold" });
  if (state.italic) marks.push({ type: "italic" });
  return marks.length > 0 ? marks : undefined;
}

function sameMarks(left: Mark[] | undefined, right: Mark[] | undefined): boolean {
  if (!left || !right) return left === right;
  if (left.length !== right.length) return false;
  return left.every((mark, index) => {
    const other = right[index]!;
    return mark.type === other.type && (mark.type !== "link" || (other.type === "link" && mark.attrs.href === other.attrs.href));
  });
}

function pushText(nodes: InlineNode[], text: string, marks: Mark[] | undefined): void {
  if (!text) return;
  const last = nodes[nodes.length - 1];
  if (last && last.type === "text" && sameMarks(last.marks, marks)) last.text += text;
  else nodes.push(marks ? { type: "text", text, marks: [...marks] } : { type: "text", text });
}

const offsetOf = (node: Nodes, end: boolean): number | undefined => (end ? node.position?.end.offset : node.position?.start.offset);

function walkPhrasing(children: PhrasingContent[], source: string, state: MarkState, nodes: InlineNode[]): void {
  for (const child of children) {
    switch (child.type) {
      case "text":
        // A soft line end is a space, as a person reads a wrapped line.
        pushText(nodes, child.value.replace(/[ \t]*\n[ \t]*/g, " "), marksFor(state));
        break;
      case "break": {
        const marks = marksFor(state);
        nodes.push(marks ? { type: "hardBreak", marks } : { type: "hardBreak" });
        break;
      }
      case "strong":
        walkPhrasing(child.children, source, { ...state, bold: true }, nodes);
        break;
      case "emphasis":
        walkPhrasing(child.children, source, { ...state, italic: true }, nodes);
        break;
      case "link": {
        const href = child.url.trim();
        if (isHttpUrl(href)) {
          walkPhrasing(child.children, source, { ...state, href }, nodes);
          break;
        }
        // Another scheme (`javascript:`, a Windows share): the link is its text, written as it was.
        const start = offsetOf(child, false);
        const end = offsetOf(child, true);
        if (start === undefined || end === undefined) break;
        if (source[start] !== "[") {
          pushText(nodes, source.slice(start, end), marksFor(state));
          break;
        }
        pushText(nodes, "[", marksFor(state));
        walkPhrasing(child.children, source, state, nodes);
        const last = child.children[child.children.length - 1];
        const labelEnd = last ? (offsetOf(last, true) ?? start + 1) : start + 1;
        pushText(nodes, source.slice(labelEnd, end), marksFor(state));
        break;
      }
      default:
        // Nothing else is read in the dialect; if it were, its text is kept.
        if ("value" in child && typeof child.value === "string") pushText(nodes, child.value, marksFor(state));
        else if ("children" in child) walkPhrasing(child.children as PhrasingContent[], source, state, nodes);
    }
  }
}

/** Body inline nodes of mdast phrasing content; `source` is the Markdown the tree was read from. */
export function inlineFromPhrasing(children: PhrasingContent[], source: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  walkPhrasing(children, source, { href: null, bold: false, italic: false }, nodes);
  return nodes;
}

const MARKUP = /[\\*_[&<]/;
// micromark pays a few microseconds per delimiter: past these, a paragraph is debris (rules, ASCII
// art, a damaged file), read as its text so 100 KB of `**a *b ` stays within milliseconds.
const MAX_INLINE_MARKUP = 2_000;
const MAX_INLINE_LENGTH = 50_000;

/** Characters that make micromark work: delimiters, brackets, escapes, references, line ends. */
export function countMarkup(source: string): number {
  let count = 0;
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    // * _ [ ] \ & < > and the line end
    if (code === 42 || code === 95 || code === 91 || code === 93 || code === 92 || code === 38 || code === 60 || code === 62 || code === 10) count++;
  }
  return count;
}

/** Text read without markup: escapes dropped, line ends as spaces. */
export function literalInline(source: string): InlineNode[] {
  const text = unescapeMarkdown(source.replace(/\\?\n/g, " "));
  return text ? [{ type: "text", text }] : [];
}

/** `\·` opening a line is the exporter's escape of a bullet CommonMark does not know: the bullet as text. */
export function dropBulletEscapes(source: string): string {
  return source.includes("\\") ? source.replace(/(^|\n)([ \t]*)\\(?=[·•●▪–])/g, "$1$2") : source;
}

/**
 * Inline Markdown of one paragraph → body inline nodes: `**bold**`, `*italic*`,
 * `_italic_`, `[text](https://…)`, escapes, `\` + newline as a hard break. A link
 * to anything but http(s) stays text as written. Adjacent texts with the same marks
 * are merged. A paragraph of thousands of delimiters is read as its text.
 */
export function parseInlineMarkdown(markdown: string): InlineNode[] {
  const source = dropBulletEscapes(markdown);
  // Most paragraphs carry no markup at all.
  if (!MARKUP.test(source)) return source ? [{ type: "text", text: source }] : [];
  if (source.length > MAX_INLINE_LENGTH || countMarkup(source) > MAX_INLINE_MARKUP) return literalInline(source);
  const tree = readMarkdownTree(source, true);
  const nodes: InlineNode[] = [];
  for (const block of tree.children) {
    if (block.type !== "paragraph") continue;
    if (nodes.length > 0) pushText(nodes, " ", undefined);
    nodes.push(...inlineFromPhrasing(block.children, source));
  }
  return nodes;
}

/** The text a person reads in inline Markdown, marks dropped: `**Hola** *mundo*` → `Hola mundo`. */
export function inlinePlainText(source: string): string {
  return parseInlineMarkdown(source)
    .map((node) => (node.type === "text" ? node.text : " "))
    .join("")
    .trim();
}
