import type { BlockNode, BodyDoc, InlineNode } from "../../../shared/bulletin/body-schema";
import { formatDateLine } from "../../../shared/bulletin/date-line";
import { formatNumber } from "../../../shared/bulletin/number";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { PLACEHOLDER_PATTERN } from "../../../shared/template/schema";

const placeholderTest = new RegExp(PLACEHOLDER_PATTERN.source);

/** True when `text` still holds a template placeholder `[…]`. */
export function hasPlaceholder(text: string | null | undefined): boolean {
  return !!text && placeholderTest.test(text);
}

function inlineText(nodes: InlineNode[] | undefined): string {
  return (nodes ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

function blockLines(block: BlockNode, prefix: string): string[] {
  switch (block.type) {
    case "paragraph":
      return [`${prefix}${inlineText(block.content)}`];
    case "blockquote":
      return block.content.flatMap((child) => blockLines(child, `${prefix}> `));
    case "bulletList":
    case "orderedList":
      return block.content.flatMap((item, index) => {
        const marker = block.type === "bulletList" ? "- " : `${index + (block.attrs?.start ?? 1)}. `;
        return item.content.flatMap((child, childIndex) =>
          blockLines(child, childIndex === 0 ? `${prefix}${marker}` : `${prefix}   `),
        );
      });
  }
}

/** The body as plain paragraphs separated by blank lines. */
export function bodyText(body: BodyDoc): string {
  return body.content.map((block) => blockLines(block, "").join("\n")).join("\n\n");
}

/** The whole bulletin as plain text, in the order it prints (for copying after a conflict). */
export function bulletinText(bulletin: Bulletin): string {
  const lines: string[] = [];
  if (bulletin.date) lines.push(formatDateLine(bulletin.place, bulletin.date));
  if (bulletin.number) lines.push(formatNumber(bulletin.number));
  lines.push("", bulletin.title, "");
  for (const highlight of bulletin.highlights) lines.push(`- ${highlight}`);
  lines.push("", bodyText(bulletin.body), "");
  for (const link of bulletin.photoLinks) lines.push(link);
  for (const link of bulletin.videoLinks) lines.push(link);
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
