import type { BlockNode, InlineNode } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { normalizeLineEnds, stripForbiddenCodePoints, toOneLine } from "../../shared/bulletin/storable-text";
import { isHttpUrl } from "../../shared/bulletin/web-link";

const clean = (text: string) => stripForbiddenCodePoints(text);

// A link stored before links had to be absolute web addresses (`\\host\share`, `//host`) is kept as
// plain text: clicked in Word it would hand the reader's Windows credentials to that host.
function webMarks(marks: InlineNode["marks"]) {
  return marks?.filter((mark) => mark.type !== "link" || isHttpUrl(mark.attrs.href));
}

// A line break inside a text node is a hard break to the reader: one node kind for it, in every format.
function cleanInline(node: InlineNode): InlineNode[] {
  if (node.type !== "text") return [node];
  const lines = normalizeLineEnds(clean(node.text)).split("\n");
  const kept = webMarks(node.marks);
  const marks = kept && kept.length > 0 ? { marks: kept } : {};
  return lines.flatMap((text, index): InlineNode[] => [
    ...(index > 0 ? [{ type: "hardBreak" as const, ...marks }] : []),
    ...(text ? [{ type: "text" as const, text, ...marks }] : []),
  ]);
}

function cleanBlock(block: BlockNode): BlockNode {
  switch (block.type) {
    case "paragraph":
      return block.content ? { ...block, content: block.content.flatMap(cleanInline) } : block;
    case "blockquote":
      return { ...block, content: block.content.map(cleanBlock) };
    case "bulletList":
    case "orderedList":
      return { ...block, content: block.content.map((item) => ({ ...item, content: item.content.map(cleanBlock) })) };
  }
}

/**
 * The bulletin as every exporter writes it. The schema already keeps new text so
 * (see shared/bulletin/storable-text.ts); a revision stored before that rule may still
 * hold a code point XML forbids or a line break in a one-line field, and its export
 * must open and keep its layout all the same.
 */
export function exportableBulletin(bulletin: Bulletin): Bulletin {
  const oneLine = (text: string) => toOneLine(clean(text));
  return {
    ...bulletin,
    ...(bulletin.label !== undefined ? { label: oneLine(bulletin.label) } : {}),
    place: bulletin.place === null ? null : oneLine(bulletin.place),
    title: oneLine(bulletin.title),
    highlights: bulletin.highlights.map(oneLine),
    body: { type: "doc", content: bulletin.body.content.map(cleanBlock) },
    photoLinks: bulletin.photoLinks.map(clean),
    videoLinks: bulletin.videoLinks.map(clean),
  };
}

/** The label printed on a bulletin: its own (an imported `Nota informativa`) or the office's. */
export function bulletinLabel(bulletin: Bulletin, organization: { label: string }): string {
  return bulletin.label?.trim() ? bulletin.label : organization.label;
}
