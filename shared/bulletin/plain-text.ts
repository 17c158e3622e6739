import type { BlockNode, BodyDoc, InlineNode } from "./body-schema";

/** The text of a paragraph's inline content; a hard break becomes a line break. */
export function inlinePlainText(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

function collect(block: BlockNode, texts: string[]): void {
  if (block.type === "paragraph") {
    const text = inlinePlainText(block.content);
    // Empty paragraphs carry nothing a search, a check or a diff needs.
    if (text.trim()) texts.push(text);
    return;
  }
  // Lists and quotes nest blocks: list items hold paragraphs (and sub-lists).
  for (const child of block.content) {
    if (child.type === "listItem") child.content.forEach((inner) => collect(inner, texts));
    else collect(child, texts);
  }
}

/**
 * The body's text, one string per non-empty paragraph in reading order: plain
 * paragraphs, list items' paragraphs and quoted paragraphs alike. Marks are dropped.
 */
export function bodyPlainText(body: BodyDoc): string[] {
  const texts: string[] = [];
  body.content.forEach((block) => collect(block, texts));
  return texts;
}
